import type {
  DigitalGoodsReadyEvent,
  OrderCancelledEvent,
  OrderPaidEvent,
  OrderPaymentFailedEvent,
  OrderRefundedEvent,
  ShipmentDispatchedEvent,
} from '@tbs/contracts/types';
import type { CustomerEmailKind } from '../domain/customer-email';
import { formatMoney } from '../domain/money';

/** The events that cause an email to the customer. */
export type NotifyingEvent =
  | OrderPaidEvent
  | OrderPaymentFailedEvent
  | OrderRefundedEvent
  | OrderCancelledEvent
  | ShipmentDispatchedEvent
  | DigitalGoodsReadyEvent;

/** Which email an event causes, for which order and customer. */
export interface EmailRequest {
  kind: CustomerEmailKind;
  orderId: string;
  customerId: string;
}

/** How amounts and times are written: the store's locale and time zone. */
export interface EmailFormat {
  locale: string;
  timeZone: string;
}

type View = { [key: string]: string | number | boolean | null | View | View[] | string[] };

/**
 * What an email template renders. SES substitutes values as they are (it does not escape HTML), so every value
 * comes twice: `text` as written, for the subject and the plain-text part, and `html`, the same values
 * HTML-escaped, for the HTML part. Templates only ever use `{{text.*}}` outside HTML and `{{html.*}}` inside it.
 */
export interface EmailTemplateData {
  text: View;
  html: View;
}

export interface ComposedEmail extends EmailRequest {
  data: EmailTemplateData;
}

export function emailRequestOf(event: NotifyingEvent): EmailRequest {
  const { orderId, customerId } = event.data;
  return { kind: KIND_OF[event.type], orderId, customerId };
}

const KIND_OF: Record<NotifyingEvent['type'], CustomerEmailKind> = {
  'tbs.order.OrderPaid.v1': 'order-receipt',
  'tbs.order.OrderPaymentFailed.v1': 'payment-failed',
  'tbs.order.OrderRefunded.v1': 'order-refunded',
  'tbs.order.OrderCancelled.v1': 'order-cancelled',
  'tbs.fulfilment.ShipmentDispatched.v1': 'shipment-dispatched',
  'tbs.fulfilment.DigitalGoodsReady.v1': 'digital-goods-ready',
};

/** Every event type that causes an email. */
export const NOTIFYING_EVENT_TYPES = Object.keys(KIND_OF) as NotifyingEvent['type'][];

const SHIPPING_OPTIONS: Record<string, string> = { STANDARD: 'Standard', EXPRESS: 'Express' };

const REFUND_REASONS: Record<OrderRefundedEvent['data']['reason'], string> = {
  FULFILMENT_FAILED: 'We could not fulfil your order, so we have refunded your payment in full.',
  CHARGE_REFUNDED: 'Your payment has been refunded.',
};

/**
 * The template values of the email an event causes, addressed to `recipientName`: amounts formatted from cents in
 * their currency, times in the store's time zone, countries by name. The one place that decides what each email
 * says; the templates (template.yaml) only lay it out.
 */
export function composeEmail(event: NotifyingEvent, recipientName: string, format: EmailFormat): ComposedEmail {
  const request = emailRequestOf(event);
  const money = (cents: number, currency: string) => formatMoney(cents, currency, format.locale);
  const time = (iso: string) =>
    new Intl.DateTimeFormat(format.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: format.timeZone }).format(
      new Date(iso),
    );
  const common = { customerName: recipientName, orderNumber: request.orderId };
  let view: View;
  switch (event.type) {
    case 'tbs.order.OrderPaid.v1': {
      const { lines, totals, shippingOption, deliveryAddress, paidAt } = event.data;
      const currency = totals.currency;
      view = {
        ...common,
        paidAt: time(paidAt),
        lines: lines.map((line) => ({
          name: line.name,
          quantity: line.quantity,
          unitPrice: money(line.unitPrice, currency),
          lineTotal: money(line.lineTotal, currency),
        })),
        totals: {
          net: money(totals.net, currency),
          shipping: money(totals.shipping, currency),
          tax: money(totals.tax, currency),
          gross: money(totals.gross, currency),
        },
        shippingOption: shippingOption === null ? null : (SHIPPING_OPTIONS[shippingOption] ?? shippingOption),
        deliveryAddress: deliveryAddress === null ? null : addressLines(deliveryAddress, format.locale),
      };
      break;
    }
    case 'tbs.order.OrderPaymentFailed.v1':
      view = { ...common, failedAt: time(event.data.failedAt), reason: event.data.failureMessage };
      break;
    case 'tbs.order.OrderRefunded.v1':
      view = {
        ...common,
        amount: money(event.data.amount, event.data.currency),
        reason: REFUND_REASONS[event.data.reason],
        refundedAt: time(event.data.refundedAt),
      };
      break;
    case 'tbs.order.OrderCancelled.v1': {
      const { refund, cancelledAt } = event.data;
      view = {
        ...common,
        cancelledAt: time(cancelledAt),
        refund: refund === null ? null : { amount: money(refund.amount, refund.currency) },
      };
      break;
    }
    case 'tbs.fulfilment.ShipmentDispatched.v1':
      view = {
        ...common,
        carrier: event.data.carrier,
        trackingNumber: event.data.trackingNumber,
        dispatchedAt: time(event.data.dispatchedAt),
        lines: event.data.lines.map((line) => ({ name: line.name, quantity: line.quantity })),
      };
      break;
    case 'tbs.fulfilment.DigitalGoodsReady.v1':
      view = {
        ...common,
        downloads: event.data.downloads.map((download) => ({
          name: download.name,
          url: download.url,
          expiresAt: time(download.expiresAt),
        })),
      };
      break;
  }
  return { ...request, data: { text: view, html: escapeView(view) } };
}

function addressLines(address: NonNullable<OrderPaidEvent['data']['deliveryAddress']>, locale: string): string[] {
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country;
  const place = [address.city, address.region, address.postcode].filter(Boolean).join(' ');
  return [address.name, address.line1, address.line2, place, country].filter((line): line is string => !!line);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function escapeView<T extends View[string]>(value: T): T {
  if (typeof value === 'string') return escapeHtml(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeView(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeView(item)])) as T;
  }
  return value;
}
