import type { Address, ShipmentLine, ShippingOption } from './shipment';

export interface PaidOrderLine extends ShipmentLine {
  kind: 'physical' | 'digital';
}

/** What fulfilment needs of an OrderPaid snapshot. */
export interface PaidOrder {
  orderId: string;
  customerId: string;
  lines: PaidOrderLine[];
  shippingOption: ShippingOption | null;
  deliveryAddress: Address | null;
}

/** How fulfilment ended for an order; kept once per order so a repeated or late event cannot fulfil it twice. */
export type FulfilmentOutcome =
  /** Physical lines reserved and a shipment created (digital lines, if any, were delivered too). */
  | 'SHIPMENT_CREATED'
  /** Digital lines only: download links sent. */
  | 'DIGITAL_DELIVERED'
  /** Some physical line was short: nothing reserved, the order is refunded. */
  | 'FAILED'
  /** The order was refunded or cancelled before its payment reached fulfilment: nothing to do, ever. */
  | 'CLOSED';

export interface DigitalDownload {
  productId: string;
  name: string;
  url: string;
  expiresAt: string;
}

export interface FulfilmentFailed {
  type: 'FulfilmentFailed';
  orderId: string;
  customerId: string;
  reason: 'OUT_OF_STOCK';
  unavailableLines: { productId: string; requested: number; available: number }[];
  failedAt: string;
}

export interface DigitalGoodsReady {
  type: 'DigitalGoodsReady';
  orderId: string;
  customerId: string;
  downloads: DigitalDownload[];
  readyAt: string;
}

export function physicalLines(order: PaidOrder): ShipmentLine[] {
  return order.lines
    .filter((line) => line.kind === 'physical')
    .map(({ productId, sku, name, quantity }) => ({ productId, sku, name, quantity }));
}

export function digitalLines(order: PaidOrder): PaidOrderLine[] {
  return order.lines.filter((line) => line.kind === 'digital');
}
