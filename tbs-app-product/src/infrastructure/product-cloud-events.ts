import { type CloudEvent, createCloudEvent } from '@tbs/contracts/runtime';
import type { ProductEvent } from '../domain/product';

export const PRODUCT_EVENT_SOURCE = 'tbs-app-product';

/** The published form of a product event: full snapshot and version, as `tbs.product.<Name>.v1` declares. */
export function toCloudEvent(event: ProductEvent, correlationId: string): CloudEvent {
  const { snapshot } = event;
  return createCloudEvent({
    source: PRODUCT_EVENT_SOURCE,
    type: `tbs.product.${event.type}.v1`,
    subject: snapshot.id,
    time: event.occurredAt,
    correlationId,
    data: {
      productId: snapshot.id,
      version: snapshot.version,
      sku: snapshot.sku,
      name: snapshot.name,
      description: snapshot.description,
      category: snapshot.category,
      kind: snapshot.kind,
      price: snapshot.price,
      status: snapshot.status,
      imageUrls: snapshot.imageUrls,
      createdAt: snapshot.createdAt,
      updatedAt: snapshot.updatedAt,
    },
  });
}
