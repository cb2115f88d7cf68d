import { OutcomeAlreadyRecordedError } from '../domain/fulfilment-errors';
import type { CancelOutcome } from '../domain/shipment';
import type { Clock } from './ports/clock';
import type { FulfilmentRepository, WriteContext } from './ports/fulfilment-repository';
import { releaseStockOf } from './release-stock';
import { retryOnConflict } from './retry-on-conflict';

/** Thrown when a cancellation arrives before the payment it cancels: the consumer retries it later. */
export class OrderNotYetFulfilledError extends Error {
  constructor(orderId: string) {
    super(`Order ${orderId} has not reached fulfilment yet; the cancellation is retried`);
    this.name = 'OrderNotYetFulfilledError';
  }
}

export type CancellationResult = CancelOutcome | 'NOTHING_TO_CANCEL' | 'CLOSED';

/**
 * OrderCancellationRequested -> cancel the shipment if it has not left (its stock is released in the same
 * transaction, ShipmentCancelled), else ShipmentCancellationRejected. A shipment already cancelled changes nothing,
 * so stock is released exactly once however often the request arrives.
 * A request that overtook its OrderPaid fails (and is retried by the queue) rather than being lost: the order is
 * waiting for one of the two answers.
 */
export class CancelShipment {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly clock: Clock,
  ) {}

  execute(orderId: string, context: WriteContext): Promise<CancellationResult> {
    return retryOnConflict(async () => {
      const shipment = await this.repository.findShipment(orderId);
      if (shipment === undefined) {
        if ((await this.repository.findOutcome(orderId)) === undefined) throw new OrderNotYetFulfilledError(orderId);
        return 'NOTHING_TO_CANCEL';
      }
      const now = this.clock.now().toISOString();
      const outcome = shipment.cancel(now);
      if (outcome === 'cancelled') {
        const inventories = await releaseStockOf(shipment.lines, this.repository, now);
        await this.repository.commit({ shipment, inventories }, context);
      } else if (outcome === 'rejected') {
        await this.repository.commit({ events: shipment.pullEvents() }, context);
      }
      return outcome;
    });
  }
}

/**
 * OrderRefunded / OrderCancelled: the order is settled, so a shipment that has not left must not leave. A pending
 * shipment is cancelled and its stock released (once: a cancelled shipment is never cancelled again); a dispatched
 * one is left alone. An order fulfilment has not seen yet is closed, so a late OrderPaid cannot reserve for it.
 */
export class CloseOrder {
  constructor(
    private readonly repository: FulfilmentRepository,
    private readonly clock: Clock,
  ) {}

  execute(orderId: string, context: WriteContext): Promise<CancellationResult> {
    return retryOnConflict(async () => {
      const shipment = await this.repository.findShipment(orderId);
      if (shipment === undefined) {
        if ((await this.repository.findOutcome(orderId)) !== undefined) return 'NOTHING_TO_CANCEL';
        try {
          await this.repository.commit({ outcome: { orderId, outcome: 'CLOSED' } }, context);
          return 'CLOSED';
        } catch (error) {
          // OrderPaid was handled meanwhile: look again, there may be a shipment to cancel now.
          if (error instanceof OutcomeAlreadyRecordedError) return this.execute(orderId, context);
          throw error;
        }
      }
      const now = this.clock.now().toISOString();
      const outcome = shipment.cancel(now, false);
      if (outcome === 'cancelled') {
        const inventories = await releaseStockOf(shipment.lines, this.repository, now);
        await this.repository.commit({ shipment, inventories }, context);
      }
      return outcome;
    });
  }
}
