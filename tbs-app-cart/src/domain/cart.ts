import {
  CartLineLimitError,
  InsufficientStockError,
  InvalidQuantityError,
  MAX_QUANTITY,
  MIN_QUANTITY,
  ProductArchivedError,
  ProductNotFoundError,
} from './cart-errors';
import { availabilityOf, type CatalogueItem } from './catalogue-item';

/** The spec's limit on lines per cart (and a bound on the size of the cart's single stored item). */
export const MAX_LINES = 50;
/** A cart nobody touches for this long is abandoned and expires. */
export const CART_LIFETIME_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CartLine {
  productId: string;
  quantity: number;
  /** When the customer last set this line; decides which lines a paid order took. */
  changedAt: Date;
}

export interface CartSnapshot {
  customerId: string;
  lines: CartLine[];
  /** Optimistic-concurrency version of the stored cart; 0 when it has never been stored. */
  version: number;
  updatedAt: Date;
}

/** One customer's cart. Every change goes through a method that enforces the rules and refreshes the expiry. */
export class Cart {
  private readonly lineMap: Map<string, CartLine>;
  private updated: Date;

  private constructor(
    readonly customerId: string,
    lines: CartLine[],
    readonly version: number,
    updatedAt: Date,
  ) {
    this.lineMap = new Map(lines.map((line) => [line.productId, { ...line }]));
    this.updated = updatedAt;
  }

  static empty(customerId: string, now: Date): Cart {
    return new Cart(customerId, [], 0, now);
  }

  static restore(snapshot: CartSnapshot): Cart {
    return new Cart(snapshot.customerId, snapshot.lines, snapshot.version, snapshot.updatedAt);
  }

  get lines(): CartLine[] {
    return [...this.lineMap.values()].map((line) => ({ ...line }));
  }

  get updatedAt(): Date {
    return this.updated;
  }

  /** DynamoDB TTL deletes an abandoned cart this long after its last change. */
  get expiresAt(): Date {
    return new Date(this.updated.getTime() + CART_LIFETIME_DAYS * DAY_MS);
  }

  isExpiredAt(now: Date): boolean {
    return this.version > 0 && this.expiresAt.getTime() <= now.getTime();
  }

  /**
   * Sets a line's quantity; 0 removes it (allowed whatever the product's state, so a customer can always tidy up).
   * A positive quantity needs a product in the catalogue, not archived, with that many units available.
   * Returns whether the cart changed.
   */
  setQuantity(productId: string, quantity: number, item: CatalogueItem | undefined, now: Date): boolean {
    if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
      throw new InvalidQuantityError(quantity);
    }
    if (quantity === 0) return this.removeLine(productId, now);
    if (item === undefined) throw new ProductNotFoundError(productId);
    if (item.archived) throw new ProductArchivedError(productId);
    const availability = availabilityOf(item, quantity);
    if (availability !== 'available') {
      throw new InsufficientStockError(productId, quantity, item.availableQuantity ?? 0);
    }
    const existing = this.lineMap.get(productId);
    if (existing?.quantity === quantity) return false;
    if (existing === undefined && this.lineMap.size >= MAX_LINES) throw new CartLineLimitError(MAX_LINES);
    this.lineMap.set(productId, { productId, quantity, changedAt: now });
    this.touch(now);
    return true;
  }

  removeLine(productId: string, now: Date): boolean {
    if (!this.lineMap.delete(productId)) return false;
    this.touch(now);
    return true;
  }

  clear(now: Date): boolean {
    if (this.lineMap.size === 0) return false;
    this.lineMap.clear();
    this.touch(now);
    return true;
  }

  /**
   * An order placed at `placedAt` for these products was paid: their lines leave the cart. A line the customer
   * set after the order was placed is a new intention (a payment can take minutes), so it stays.
   */
  removePaidLines(productIds: readonly string[], placedAt: Date, now: Date): boolean {
    let changed = false;
    for (const productId of new Set(productIds)) {
      const line = this.lineMap.get(productId);
      if (line !== undefined && line.changedAt.getTime() <= placedAt.getTime()) {
        this.lineMap.delete(productId);
        changed = true;
      }
    }
    if (changed) this.touch(now);
    return changed;
  }

  private touch(now: Date): void {
    this.updated = now;
  }
}
