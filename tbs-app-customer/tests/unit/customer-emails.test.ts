import type { DigitalGoodsReadyEvent, OrderCancelledEvent, OrderPaidEvent } from '@tbs/contracts/types';
import { describe, expect, it } from 'vitest';
import { composeEmail, emailRequestOf, escapeHtml } from '../../src/application/customer-emails';
import { CUSTOMER_EMAIL_KINDS } from '../../src/domain/customer-email';
import { formatMoney } from '../../src/domain/money';
import { exampleEvents, producerExample } from '../fixtures/notifying-events';

const NZ = { locale: 'en-NZ', timeZone: 'Pacific/Auckland' };

describe('money in emails', () => {
  it('formats cents in the currency of the amount, with its own minor units', () => {
    expect(formatMoney(3700, 'NZD', 'en-NZ')).toBe('$37.00');
    expect(formatMoney(6555, 'USD', 'en-NZ')).toBe('US$65.55');
    expect(formatMoney(1500, 'JPY', 'en-NZ')).toBe('JP¥1,500');
    expect(formatMoney(0, 'NZD', 'en-NZ')).toBe('$0.00');
  });
});

describe('composeEmail: what each email says', () => {
  it('maps every consumed event to its own email kind, order and customer', () => {
    const events = exampleEvents();
    for (const kind of CUSTOMER_EMAIL_KINDS) {
      expect(emailRequestOf(events[kind])).toEqual({
        kind,
        orderId: '01JDA1B2C3D4E5F6G7H8J9K0MN',
        customerId: '7d3f5a2e-9b1c-4e8f-a6d2-3c5b7e9f1a2d',
      });
    }
  });

  it('writes the receipt with lines, totals, shipping and the delivery address in the store time zone', () => {
    const email = composeEmail(exampleEvents()['order-receipt'], 'Aroha Ngata', NZ);
    expect(email.data.text).toEqual({
      customerName: 'Aroha Ngata',
      orderNumber: '01JDA1B2C3D4E5F6G7H8J9K0MN',
      paidAt: '11 February 2026 at 9:16 am',
      lines: [
        { name: 'Green Sencha 100 g', quantity: 2, unitPrice: '$18.50', lineTotal: '$37.00' },
        { name: 'The Tea Guide (e-book)', quantity: 1, unitPrice: '$12.00', lineTotal: '$12.00' },
      ],
      totals: { net: '$49.00', shipping: '$8.00', tax: '$8.55', gross: '$65.55' },
      shippingOption: 'Standard',
      deliveryAddress: ['Aroha Ngata', '12 Kauri Street', 'Wellington 6011', 'New Zealand'],
    });
  });

  it('says a digital-only order has nothing to deliver', () => {
    const event = producerExample<OrderPaidEvent>('order/OrderPaid');
    event.data.lines = [event.data.lines[1] as OrderPaidEvent['data']['lines'][number]];
    event.data.shippingOption = null;
    event.data.deliveryAddress = null;
    const { text } = composeEmail(event, 'Aroha Ngata', NZ).data;
    expect(text).toMatchObject({ shippingOption: null, deliveryAddress: null });
  });

  it('escapes every value for the HTML part and leaves the text part as written', () => {
    const event = producerExample<OrderPaidEvent>('order/OrderPaid');
    (event.data.lines[0] as { name: string }).name = 'Tea & <b>"cups"</b>';
    const { text, html } = composeEmail(event, "Aroha <script>alert('x')</script>", NZ).data;
    expect(text.customerName).toBe("Aroha <script>alert('x')</script>");
    expect(html.customerName).toBe('Aroha &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect((html.lines as Array<{ name: string }>)[0]?.name).toBe('Tea &amp; &lt;b&gt;&quot;cups&quot;&lt;/b&gt;');
    expect((text.lines as Array<{ name: string }>)[0]?.name).toBe('Tea & <b>"cups"</b>');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('lists each download with its expiry, the link escaped for its href', () => {
    const event = producerExample<DigitalGoodsReadyEvent>('fulfilment/DigitalGoodsReady');
    const { text } = composeEmail(event, 'Aroha Ngata', NZ).data;
    expect(text.downloads).toEqual([
      {
        name: 'The Tea Guide (e-book)',
        url: 'https://downloads.example.com/01JD8X5B2N4P6R8T0V2X4Z6A8C/tea-guide.epub?X-Amz-Expires=604800',
        expiresAt: '18 February 2026 at 9:16 am',
      },
    ]);
    (event.data.downloads[0] as { url: string }).url = 'https://d.example.com/x?a=1&b=2';
    const { html } = composeEmail(event, 'Aroha Ngata', NZ).data;
    expect(html.downloads).toEqual([expect.objectContaining({ url: 'https://d.example.com/x?a=1&amp;b=2' })]);
  });

  it('tells a payment failure, a refund and a cancellation in their own words', () => {
    const events = exampleEvents();
    expect(composeEmail(events['payment-failed'], 'Aroha Ngata', NZ).data.text).toMatchObject({
      reason: 'Your card was declined.',
      failedAt: '11 February 2026 at 9:16 am',
    });
    expect(composeEmail(events['order-refunded'], 'Aroha Ngata', NZ).data.text).toMatchObject({
      amount: '$65.55',
      reason: 'We could not fulfil your order, so we have refunded your payment in full.',
    });
    expect(composeEmail(events['order-cancelled'], 'Aroha Ngata', NZ).data.text).toMatchObject({
      refund: { amount: '$65.55' },
      cancelledAt: '11 February 2026 at 9:00 pm',
    });
    const unpaid = producerExample<OrderCancelledEvent>('order/OrderCancelled');
    unpaid.data.previousStatus = 'PENDING_PAYMENT';
    unpaid.data.refund = null;
    expect(composeEmail(unpaid, 'Aroha Ngata', NZ).data.text.refund).toBeNull();
  });

  it('names the carrier, the tracking number and what is in the parcel', () => {
    expect(composeEmail(exampleEvents()['shipment-dispatched'], 'Aroha Ngata', NZ).data.text).toMatchObject({
      carrier: 'NZ Post',
      trackingNumber: 'NZ123456789',
      dispatchedAt: '12 February 2026 at 4:00 am',
      lines: [{ name: 'Green Sencha 100 g', quantity: 2 }],
    });
  });
});
