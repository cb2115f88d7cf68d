import { Money } from './money';
import { InvalidProductError } from './product-errors';

export const PRODUCT_KINDS = ['physical', 'digital'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const PRODUCT_STATUSES = ['active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** Crockford base32, 26 characters: the ids this service generates. */
export const PRODUCT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Categories are lower-case slugs so they can appear in URLs and keys unescaped. */
export const CATEGORY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const NAME_MAX_LENGTH = 120;
export const DESCRIPTION_MAX_LENGTH = 2000;
export const CATEGORY_MAX_LENGTH = 40;

export interface NewProduct {
  id: string;
  name: string;
  description: string;
  category: string;
  kind: ProductKind;
  price: Money;
}

/** The persisted, serialisable form of a product; dates are ISO-8601 strings. */
export interface ProductSnapshot {
  id: string;
  name: string;
  description: string;
  category: string;
  kind: ProductKind;
  price: { amount: number; currency: string };
  status: ProductStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface ProductState extends Omit<NewProduct, 'name' | 'description'> {
  name: string;
  description: string;
  status: ProductStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A sellable item of the catalogue. The aggregate guards its own rules; ids and the clock come from the
 * caller so the domain stays deterministic. `version` starts at 1 and grows by one with every change, which
 * is what repositories use for optimistic concurrency and consumers use to ignore stale events.
 */
export class Product {
  private constructor(private state: ProductState) {}

  static create(input: NewProduct, now: Date): Product {
    const at = validDate('createdAt', now);
    return new Product({ ...validFields(input), status: 'active', version: 1, createdAt: at, updatedAt: at });
  }

  /** Rebuilds a product from storage; rejects data no product could have produced. */
  static restore(snapshot: ProductSnapshot): Product {
    if (!PRODUCT_STATUSES.includes(snapshot.status)) {
      throw new InvalidProductError('status', `must be one of ${PRODUCT_STATUSES.join(', ')}`);
    }
    if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 1) {
      throw new InvalidProductError('version', 'must be a positive whole number');
    }
    const createdAt = validDate('createdAt', new Date(snapshot.createdAt));
    const updatedAt = validDate('updatedAt', new Date(snapshot.updatedAt));
    if (updatedAt < createdAt) throw new InvalidProductError('updatedAt', 'must not be before createdAt');
    const fields = validFields({ ...snapshot, price: Money.of(snapshot.price.amount, snapshot.price.currency) });
    return new Product({ ...fields, status: snapshot.status, version: snapshot.version, createdAt, updatedAt });
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get description(): string {
    return this.state.description;
  }
  get category(): string {
    return this.state.category;
  }
  get kind(): ProductKind {
    return this.state.kind;
  }
  get price(): Money {
    return this.state.price;
  }
  get status(): ProductStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  get createdAt(): Date {
    return new Date(this.state.createdAt);
  }
  get updatedAt(): Date {
    return new Date(this.state.updatedAt);
  }
  /** Only active products can be put in a cart or ordered; archived ones stay readable for old orders. */
  get isPurchasable(): boolean {
    return this.state.status === 'active';
  }

  /**
   * Withdraws the product from sale without deleting it, so existing carts and orders can still show it.
   * Archiving twice changes nothing and returns false, which makes a repeated DELETE harmless.
   */
  archive(now: Date): boolean {
    if (this.state.status === 'archived') return false;
    this.state = { ...this.state, status: 'archived', ...this.nextRevision(now) };
    return true;
  }

  toSnapshot(): ProductSnapshot {
    const { price, createdAt, updatedAt, ...rest } = this.state;
    return { ...rest, price: price.toJSON(), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
  }

  private nextRevision(now: Date): { version: number; updatedAt: Date } {
    const at = validDate('updatedAt', now);
    // A clock that steps backwards must not make the history look reversed.
    const updatedAt = new Date(Math.max(at.getTime(), this.state.updatedAt.getTime()));
    return { version: this.state.version + 1, updatedAt };
  }
}

function validFields(input: NewProduct): NewProduct {
  if (typeof input.id !== 'string' || !PRODUCT_ID_PATTERN.test(input.id)) {
    throw new InvalidProductError('id', 'must be a ULID');
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0 || name.length > NAME_MAX_LENGTH) {
    throw new InvalidProductError('name', `must have 1 to ${NAME_MAX_LENGTH} characters`);
  }
  const description = typeof input.description === 'string' ? input.description.trim() : '';
  if (description.length > DESCRIPTION_MAX_LENGTH) {
    throw new InvalidProductError('description', `must have at most ${DESCRIPTION_MAX_LENGTH} characters`);
  }
  const category = input.category;
  if (typeof category !== 'string' || category.length > CATEGORY_MAX_LENGTH || !CATEGORY_PATTERN.test(category)) {
    throw new InvalidProductError('category', `must be a lower-case slug of at most ${CATEGORY_MAX_LENGTH} characters`);
  }
  if (!PRODUCT_KINDS.includes(input.kind)) {
    throw new InvalidProductError('kind', `must be one of ${PRODUCT_KINDS.join(', ')}`);
  }
  if (!(input.price instanceof Money)) throw new InvalidProductError('price', 'is required');
  return { id: input.id, name, description, category, kind: input.kind, price: input.price };
}

function validDate(field: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidProductError(field, 'must be a valid point in time');
  }
  return new Date(value);
}
