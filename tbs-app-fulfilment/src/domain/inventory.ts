import {
  InsufficientStockError,
  InvalidQuantityError,
  ReservationUnderflowError,
  StockBelowReservedError,
} from './fulfilment-errors';

export type StockChangeReason = 'ADJUSTED' | 'RESERVED' | 'RELEASED' | 'DISPATCHED';

export interface InventorySnapshot {
  productId: string;
  onHand: number;
  reserved: number;
  version: number;
  updatedAt: string;
}

/** The fact every stock change publishes (StockLevelChanged), with the state after the change. */
export interface StockLevelChanged {
  type: 'StockLevelChanged';
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
  reason: StockChangeReason;
  changedAt: string;
}

export const MAX_ON_HAND = 1_000_000;

function assertUnits(what: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > MAX_ON_HAND) throw new InvalidQuantityError(what, value);
}

/**
 * The stock of one product. `onHand` counts the units in the warehouse, `reserved` those promised to paid orders
 * that have not left yet; only `available = onHand - reserved` can be promised again. Every change bumps the
 * version and records one StockLevelChanged, so the repository can write both with one condition on the version.
 */
export class Inventory {
  private events: StockLevelChanged[] = [];

  /** The stored state this object was read from (undefined for a new record): what a write is conditioned on. */
  readonly stored: { version: number; available: number } | undefined;

  private constructor(
    private state: InventorySnapshot,
    isStored: boolean,
  ) {
    this.stored = isStored ? { version: state.version, available: state.onHand - state.reserved } : undefined;
  }

  /** A product's first stock record (an administrator's first PUT). */
  static create(productId: string, onHand: number, now: string): Inventory {
    assertUnits('onHand', onHand, 0);
    const inventory = new Inventory({ productId, onHand, reserved: 0, version: 1, updatedAt: now }, false);
    inventory.record('ADJUSTED');
    return inventory;
  }

  static restore(snapshot: InventorySnapshot): Inventory {
    return new Inventory({ ...snapshot }, true);
  }

  get productId(): string {
    return this.state.productId;
  }
  get onHand(): number {
    return this.state.onHand;
  }
  get reserved(): number {
    return this.state.reserved;
  }
  get available(): number {
    return this.state.onHand - this.state.reserved;
  }
  get version(): number {
    return this.state.version;
  }
  get updatedAt(): string {
    return this.state.updatedAt;
  }

  /** A stock count by an administrator; reserved units are already promised, so onHand cannot drop below them. */
  setOnHand(onHand: number, now: string): void {
    assertUnits('onHand', onHand, 0);
    if (onHand < this.state.reserved) throw new StockBelowReservedError(this.productId, onHand, this.state.reserved);
    this.change({ onHand }, now, 'ADJUSTED');
  }

  reserve(quantity: number, now: string): void {
    assertUnits('quantity', quantity, 1);
    if (quantity > this.available) throw new InsufficientStockError(this.productId, quantity, this.available);
    this.change({ reserved: this.state.reserved + quantity }, now, 'RESERVED');
  }

  /** A cancelled shipment's units become available again. */
  release(quantity: number, now: string): void {
    assertUnits('quantity', quantity, 1);
    if (quantity > this.state.reserved) throw new ReservationUnderflowError(this.productId, quantity, this.reserved);
    this.change({ reserved: this.state.reserved - quantity }, now, 'RELEASED');
  }

  /** The reserved units left with the carrier: out of the warehouse and out of the reservation. */
  dispatch(quantity: number, now: string): void {
    assertUnits('quantity', quantity, 1);
    if (quantity > this.state.reserved) throw new ReservationUnderflowError(this.productId, quantity, this.reserved);
    this.change({ onHand: this.state.onHand - quantity, reserved: this.state.reserved - quantity }, now, 'DISPATCHED');
  }

  snapshot(): InventorySnapshot {
    return { ...this.state };
  }

  /** The events recorded since the last call; the repository writes them with the change. */
  pullEvents(): StockLevelChanged[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private change(
    next: Partial<Pick<InventorySnapshot, 'onHand' | 'reserved'>>,
    now: string,
    reason: StockChangeReason,
  ) {
    this.state = { ...this.state, ...next, version: this.state.version + 1, updatedAt: now };
    this.record(reason);
  }

  private record(reason: StockChangeReason): void {
    this.events.push({
      type: 'StockLevelChanged',
      productId: this.productId,
      onHand: this.onHand,
      reserved: this.reserved,
      available: this.available,
      version: this.version,
      reason,
      changedAt: this.updatedAt,
    });
  }
}
