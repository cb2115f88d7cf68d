import { InvalidShipmentError, OutcomeAlreadyRecordedError } from '../domain/fulfilment-errors';
import type { FulfilmentEvent } from '../domain/fulfilment-events';
import { type DigitalGoodsReady, digitalLines, type PaidOrder, physicalLines } from '../domain/paid-order';
import { reserveAll } from '../domain/reservation';
import { Shipment } from '../domain/shipment';
import type { Clock, IdGenerator } from './ports/clock';
import type { DownloadLinks } from './ports/download-links';
import type { FulfilmentRepository, WriteContext } from './ports/fulfilment-repository';
import { retryOnConflict } from './retry-on-conflict';

export type FulfilmentResult = 'SHIPMENT_CREATED' | 'DIGITAL_DELIVERED' | 'FAILED' | 'ALREADY_HANDLED';

/**
 * OrderPaid -> reserve and ship, or fail the order.
 * 1. An order already handled (fulfilled, failed, or closed by an earlier refund/cancel event) is left alone.
 * 2. Physical lines: reserve every product's units or none. Any short product -> FulfilmentFailed listing the short
 *    products (the order service refunds); digital goods are then not delivered either, the whole order is refunded.
 * 3. Otherwise a READY shipment (ShipmentCreated) and, for digital lines, DigitalGoodsReady with signed links.
 * The outcome, the reservations, the shipment and the events are one transaction; losing a race for the same
 * stock re-reads and decides again, so stock can never be promised twice.
 */
export class FulfilPaidOrder {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly downloadLinks: DownloadLinks,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(order: PaidOrder, context: WriteContext): Promise<FulfilmentResult> {
    try {
      return await retryOnConflict(() => this.attempt(order, context));
    } catch (error) {
      if (error instanceof OutcomeAlreadyRecordedError) return 'ALREADY_HANDLED';
      throw error;
    }
  }

  private async attempt(order: PaidOrder, context: WriteContext): Promise<FulfilmentResult> {
    if ((await this.repository.findOutcome(order.orderId)) !== undefined) return 'ALREADY_HANDLED';
    const now = this.clock.now();
    const at = now.toISOString();
    const physical = physicalLines(order);
    if (physical.length === 0) {
      const digital = await this.digitalGoods(order, now);
      if (digital === undefined) throw new InvalidShipmentError(`Order ${order.orderId} has no lines to fulfil`);
      await this.repository.commit(
        { outcome: { orderId: order.orderId, outcome: 'DIGITAL_DELIVERED' }, events: [digital] },
        context,
      );
      return 'DIGITAL_DELIVERED';
    }
    if (order.deliveryAddress === null || order.shippingOption === null) {
      throw new InvalidShipmentError(`Order ${order.orderId} has physical lines but no delivery address`);
    }
    const stock = await this.repository.findInventories([...new Set(physical.map((line) => line.productId))]);
    const reservation = reserveAll(physical, stock, at);
    if (!reservation.reserved) {
      await this.repository.commit(
        {
          outcome: { orderId: order.orderId, outcome: 'FAILED' },
          events: [
            {
              type: 'FulfilmentFailed',
              orderId: order.orderId,
              customerId: order.customerId,
              reason: 'OUT_OF_STOCK',
              unavailableLines: reservation.short,
              failedAt: at,
            },
          ],
        },
        context,
      );
      return 'FAILED';
    }
    const digital = await this.digitalGoods(order, now);
    const events: FulfilmentEvent[] = digital === undefined ? [] : [digital];
    const shipment = Shipment.create({
      shipmentId: this.ids.next(),
      orderId: order.orderId,
      customerId: order.customerId,
      lines: physical,
      deliveryAddress: order.deliveryAddress,
      shippingOption: order.shippingOption,
      now: at,
    });
    await this.repository.commit(
      {
        outcome: { orderId: order.orderId, outcome: 'SHIPMENT_CREATED' },
        shipment,
        inventories: reservation.inventories,
        events,
      },
      context,
    );
    return 'SHIPMENT_CREATED';
  }

  private async digitalGoods(order: PaidOrder, now: Date): Promise<DigitalGoodsReady | undefined> {
    const lines = digitalLines(order);
    if (lines.length === 0) return undefined;
    const seen = new Set<string>();
    const downloads = [];
    for (const line of lines) {
      if (seen.has(line.productId)) continue;
      seen.add(line.productId);
      const link = await this.downloadLinks.sign(
        { orderId: order.orderId, customerId: order.customerId, productId: line.productId },
        now,
      );
      downloads.push({ productId: line.productId, name: line.name, ...link });
    }
    return {
      type: 'DigitalGoodsReady',
      orderId: order.orderId,
      customerId: order.customerId,
      downloads,
      readyAt: now.toISOString(),
    };
  }
}
