import type {
  OrderPaidEvent,
  ProductArchivedEvent,
  ProductCreatedEvent,
  ProductUpdatedEvent,
  StockLevelChangedEvent,
} from '@tbs/contracts/types';
import type { ClearPaidOrder } from './clear-paid-order';
import type { RecordProduct } from './record-product';
import type { RecordStockLevel } from './record-stock-level';

/** The events the cart's queue is subscribed to (the template's filter policies list exactly these types). */
export type CartInboundEvent =
  | ProductCreatedEvent
  | ProductUpdatedEvent
  | ProductArchivedEvent
  | StockLevelChangedEvent
  | OrderPaidEvent;

export type CartEventOutcome = 'applied' | 'ignored';

/** Routes one validated event to its use case; `ignored` means it was older than what is held, or changed nothing. */
export class HandleCartEvent {
  constructor(
    private readonly recordProduct: RecordProduct,
    private readonly recordStockLevel: RecordStockLevel,
    private readonly clearPaidOrder: ClearPaidOrder,
  ) {}

  async execute(event: CartInboundEvent): Promise<CartEventOutcome> {
    switch (event.type) {
      case 'tbs.product.ProductCreated.v1':
      case 'tbs.product.ProductUpdated.v1':
      case 'tbs.product.ProductArchived.v1': {
        const product = event.data;
        const kept = await this.recordProduct.execute({
          productId: product.productId,
          version: product.version,
          sku: product.sku,
          name: product.name,
          kind: product.kind,
          unitPrice: product.price.amount,
          currency: product.price.currency,
          archived: product.status === 'archived',
        });
        return kept ? 'applied' : 'ignored';
      }
      case 'tbs.fulfilment.StockLevelChanged.v1': {
        const { productId, version, available } = event.data;
        return (await this.recordStockLevel.execute({ productId, version, available })) ? 'applied' : 'ignored';
      }
      case 'tbs.order.OrderPaid.v1': {
        const order = event.data;
        const changed = await this.clearPaidOrder.execute({
          customerId: order.customerId,
          productIds: order.lines.map((line) => line.productId),
          placedAt: new Date(order.placedAt),
        });
        return changed ? 'applied' : 'ignored';
      }
    }
  }
}
