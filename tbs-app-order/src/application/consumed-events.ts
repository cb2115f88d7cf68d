import type { CloudEvent } from '@tbs/contracts/runtime';
import type { CatalogueEntry } from '../domain/pricing';
import type { FulfilmentOutcome } from './update-order-from-fulfilment';

interface FulfilmentData {
  orderId: string;
  carrier?: string;
  trackingNumber?: string;
  shipmentStatus?: 'DISPATCHED' | 'DELIVERED';
}

const OUTCOME_KINDS: Record<string, FulfilmentOutcome['kind']> = {
  'tbs.fulfilment.FulfilmentFailed.v1': 'fulfilment_failed',
  'tbs.fulfilment.ShipmentCancelled.v1': 'shipment_cancelled',
  'tbs.fulfilment.ShipmentCancellationRejected.v1': 'cancellation_rejected',
  'tbs.fulfilment.ShipmentDispatched.v1': 'dispatched',
  'tbs.fulfilment.ShipmentDelivered.v1': 'delivered',
  'tbs.fulfilment.DigitalGoodsReady.v1': 'digital_goods_ready',
};

/** A validated fulfilment event -> the order's side of the saga; undefined for a type the order does not follow. */
export function fulfilmentOutcomeOf(event: CloudEvent<FulfilmentData>): FulfilmentOutcome | undefined {
  const kind = OUTCOME_KINDS[event.type];
  const { orderId } = event.data;
  switch (kind) {
    case 'cancellation_rejected':
      return { kind, orderId, shipmentStatus: event.data.shipmentStatus === 'DELIVERED' ? 'DELIVERED' : 'DISPATCHED' };
    case 'dispatched':
      return {
        kind,
        orderId,
        shipment: { carrier: String(event.data.carrier), trackingNumber: String(event.data.trackingNumber) },
      };
    case undefined:
      return undefined;
    default:
      return { kind, orderId };
  }
}

interface ProductData {
  productId: string;
  version: number;
  sku: string;
  name: string;
  kind: 'physical' | 'digital';
  price: { amount: number; currency: string };
  status: 'active' | 'archived';
}

/** A validated product event -> what checkout needs to know about the product. */
export function catalogueEntryOf(event: CloudEvent<ProductData>): CatalogueEntry {
  const { productId, version, sku, name, kind, price, status } = event.data;
  return { productId, version, sku, name, kind, unitPrice: price.amount, currency: price.currency, status };
}
