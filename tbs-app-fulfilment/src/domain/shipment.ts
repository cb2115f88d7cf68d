import { InvalidShipmentError, ShipmentNotDeliverableError, ShipmentNotDispatchableError } from './fulfilment-errors';

export type ShipmentStatus = 'READY' | 'DISPATCHED' | 'DELIVERED' | 'CANCELLED';
export type ShipmentAction = 'dispatch' | 'deliver' | 'cancel';
export type ShippingOption = 'STANDARD' | 'EXPRESS';

export interface ShipmentLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postcode: string;
  country: string;
  phone?: string;
}

export interface ShipmentSnapshot {
  shipmentId: string;
  orderId: string;
  customerId: string;
  status: ShipmentStatus;
  lines: ShipmentLine[];
  deliveryAddress: Address;
  shippingOption: ShippingOption;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: string;
  dispatchedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  version: number;
}

interface ShipmentFact {
  shipmentId: string;
  orderId: string;
  customerId: string;
  version: number;
}

export type ShipmentEvent =
  | (ShipmentFact & {
      type: 'ShipmentCreated';
      lines: ShipmentLine[];
      deliveryAddress: Address;
      shippingOption: ShippingOption;
      createdAt: string;
    })
  | (ShipmentFact & {
      type: 'ShipmentDispatched';
      lines: ShipmentLine[];
      carrier: string;
      trackingNumber: string;
      dispatchedAt: string;
    })
  | (ShipmentFact & { type: 'ShipmentDelivered'; deliveredAt: string })
  | (ShipmentFact & { type: 'ShipmentCancelled'; lines: ShipmentLine[]; cancelledAt: string })
  | (ShipmentFact & {
      type: 'ShipmentCancellationRejected';
      shipmentStatus: 'DISPATCHED' | 'DELIVERED';
      rejectedAt: string;
    });

/**
 * What each action does from each status: the next status, `'same'` when the action already happened (a repeat is
 * answered with the shipment unchanged), or `'refused'`. The methods below follow this table and nothing else, and
 * the unit test walks every cell.
 */
export const SHIPMENT_TRANSITIONS: Readonly<
  Record<ShipmentStatus, Readonly<Record<ShipmentAction, ShipmentStatus | 'same' | 'refused'>>>
> = {
  READY: { dispatch: 'DISPATCHED', deliver: 'refused', cancel: 'CANCELLED' },
  DISPATCHED: { dispatch: 'same', deliver: 'DELIVERED', cancel: 'refused' },
  DELIVERED: { dispatch: 'refused', deliver: 'same', cancel: 'refused' },
  CANCELLED: { dispatch: 'refused', deliver: 'refused', cancel: 'same' },
};

export type CancelOutcome = 'cancelled' | 'already_cancelled' | 'rejected';

/** The shipment of one paid order (one per order, addressed by the order id). */
export class Shipment {
  private events: ShipmentEvent[] = [];

  /** The version this object was read at (undefined for a new shipment): what a write is conditioned on. */
  readonly storedVersion: number | undefined;

  private constructor(
    private state: ShipmentSnapshot,
    isStored: boolean,
  ) {
    this.storedVersion = isStored ? state.version : undefined;
  }

  /** A shipment for the physical lines of a paid order whose stock is reserved. */
  static create(input: {
    shipmentId: string;
    orderId: string;
    customerId: string;
    lines: ShipmentLine[];
    deliveryAddress: Address;
    shippingOption: ShippingOption;
    now: string;
  }): Shipment {
    if (input.lines.length === 0) throw new InvalidShipmentError('A shipment needs at least one physical line');
    for (const line of input.lines) {
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
        throw new InvalidShipmentError(`Line ${line.productId} has no units to ship`);
      }
    }
    const shipment = new Shipment(
      {
        shipmentId: input.shipmentId,
        orderId: input.orderId,
        customerId: input.customerId,
        status: 'READY',
        lines: input.lines.map((line) => ({ ...line })),
        deliveryAddress: { ...input.deliveryAddress },
        shippingOption: input.shippingOption,
        carrier: null,
        trackingNumber: null,
        createdAt: input.now,
        dispatchedAt: null,
        deliveredAt: null,
        cancelledAt: null,
        version: 1,
      },
      false,
    );
    shipment.events.push({
      ...shipment.fact(),
      type: 'ShipmentCreated',
      lines: shipment.lines,
      deliveryAddress: { ...input.deliveryAddress },
      shippingOption: input.shippingOption,
      createdAt: input.now,
    });
    return shipment;
  }

  static restore(snapshot: ShipmentSnapshot): Shipment {
    return new Shipment(structuredClone(snapshot), true);
  }

  get orderId(): string {
    return this.state.orderId;
  }
  get status(): ShipmentStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  get lines(): ShipmentLine[] {
    return this.state.lines.map((line) => ({ ...line }));
  }

  /**
   * Handed to the carrier. A repeat with the same carrier and tracking number is a retry and changes nothing
   * (returns false); anything else after dispatch is refused.
   */
  dispatch(carrier: string, trackingNumber: string, now: string): boolean {
    const next = SHIPMENT_TRANSITIONS[this.status].dispatch;
    if (next === 'same' && this.state.carrier === carrier && this.state.trackingNumber === trackingNumber) {
      return false;
    }
    if (next === 'same' || next === 'refused') throw new ShipmentNotDispatchableError(this.orderId, this.status);
    this.state = { ...this.state, status: next, carrier, trackingNumber, dispatchedAt: now, version: this.version + 1 };
    this.events.push({
      ...this.fact(),
      type: 'ShipmentDispatched',
      lines: this.lines,
      carrier,
      trackingNumber,
      dispatchedAt: now,
    });
    return true;
  }

  /** The carrier delivered it; a repeat changes nothing (returns false). */
  deliver(now: string): boolean {
    const next = SHIPMENT_TRANSITIONS[this.status].deliver;
    if (next === 'same') return false;
    if (next === 'refused') throw new ShipmentNotDeliverableError(this.orderId, this.status);
    this.state = { ...this.state, status: next, deliveredAt: now, version: this.version + 1 };
    this.events.push({ ...this.fact(), type: 'ShipmentDelivered', deliveredAt: now });
    return true;
  }

  /**
   * The order asked to cancel. Before dispatch the shipment is cancelled (the caller releases its stock);
   * afterwards the request is rejected and the order keeps shipping. `announceRejection` is false when nobody
   * waits for the answer (a refund or cancellation already settled on the order's side).
   */
  cancel(now: string, announceRejection = true): CancelOutcome {
    const next = SHIPMENT_TRANSITIONS[this.status].cancel;
    if (next === 'same') return 'already_cancelled';
    if (next === 'refused') {
      if (announceRejection) {
        this.events.push({
          ...this.fact(),
          type: 'ShipmentCancellationRejected',
          shipmentStatus: this.status as 'DISPATCHED' | 'DELIVERED',
          rejectedAt: now,
        });
      }
      return 'rejected';
    }
    this.state = { ...this.state, status: next, cancelledAt: now, version: this.version + 1 };
    this.events.push({ ...this.fact(), type: 'ShipmentCancelled', lines: this.lines, cancelledAt: now });
    return 'cancelled';
  }

  snapshot(): ShipmentSnapshot {
    return structuredClone(this.state);
  }

  pullEvents(): ShipmentEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private fact(): ShipmentFact {
    const { shipmentId, orderId, customerId, version } = this.state;
    return { shipmentId, orderId, customerId, version };
  }
}
