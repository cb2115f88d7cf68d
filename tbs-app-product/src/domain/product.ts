import { Money } from './money';
import { InvalidProductError, ProductArchivedError } from './product-errors';

export const PRODUCT_KINDS = ['physical', 'digital'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
export const PRODUCT_STATUSES = ['active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** Crockford base32, 26 characters: the ids this service generates. */
export const PRODUCT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Categories are lower-case slugs so they can appear in URLs and keys unescaped. */
export const CATEGORY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Stock keeping unit: upper-case letters, digits and inner hyphens, unique across the catalogue. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$/;
export const SKU_MAX_LENGTH = 32;
export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 4000;
export const CATEGORY_MAX_LENGTH = 64;
export const MAX_IMAGES = 10;
export const IMAGE_URL_MAX_LENGTH = 2048;

/** What a shopper is told about stock. `available` is null for digital goods, which never run out. */
export interface Availability {
  status: 'in_stock' | 'out_of_stock';
  available: number | null;
}

export interface NewProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  kind: ProductKind;
  price: Money;
  imageUrls: readonly string[];
}

/** The persisted, serialisable form of a product; dates are ISO-8601 strings. */
export interface ProductSnapshot {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  kind: ProductKind;
  price: { amount: number; currency: string };
  imageUrls: string[];
  status: ProductStatus;
  /** Units fulfilment last reported as available; null until it reports any (always null for digital goods). */
  stockLevel: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What an administrator (or an import row) sets; the service owns id, status, version and times. */
export type ProductDetails = Omit<NewProduct, 'id'>;

export const PRODUCT_EVENT_TYPES = ['ProductCreated', 'ProductUpdated', 'ProductArchived'] as const;
export type ProductEventType = (typeof PRODUCT_EVENT_TYPES)[number];

/** A fact about a product, carrying the full snapshot after the change (its version included). */
export interface ProductEvent {
  type: ProductEventType;
  snapshot: ProductSnapshot;
  occurredAt: Date;
}

interface ProductState extends NewProduct {
  status: ProductStatus;
  stockLevel: number | null;
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
  private events: ProductEvent[] = [];

  private constructor(private state: ProductState) {}

  static create(input: NewProduct, now: Date): Product {
    const at = validDate('createdAt', now);
    const product = new Product({
      ...validFields(input),
      status: 'active',
      stockLevel: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    product.record('ProductCreated');
    return product;
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
    const stockLevel = snapshot.stockLevel ?? null;
    if (stockLevel !== null && (!Number.isSafeInteger(stockLevel) || stockLevel < 0)) {
      throw new InvalidProductError('stockLevel', 'must be a whole number of units, at least 0');
    }
    const fields = validFields({ ...snapshot, price: Money.of(snapshot.price.amount, snapshot.price.currency) });
    return new Product({
      ...fields,
      status: snapshot.status,
      stockLevel: fields.kind === 'digital' ? null : stockLevel,
      version: snapshot.version,
      createdAt,
      updatedAt,
    });
  }

  get id(): string {
    return this.state.id;
  }
  get sku(): string {
    return this.state.sku;
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
  get imageUrls(): string[] {
    return [...this.state.imageUrls];
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

  get availability(): Availability {
    if (this.state.kind === 'digital') return { status: 'in_stock', available: null };
    const available = this.state.stockLevel ?? 0;
    return { status: available > 0 ? 'in_stock' : 'out_of_stock', available };
  }

  /**
   * Withdraws the product from sale without deleting it, so existing carts and orders can still show it.
   * Archiving twice changes nothing and returns false, which makes a repeated DELETE harmless.
   */
  archive(now: Date): boolean {
    if (this.state.status === 'archived') return false;
    this.state = { ...this.state, status: 'archived', ...this.nextRevision(now) };
    this.record('ProductArchived');
    return true;
  }

  /**
   * Replaces what an administrator controls. An archived product is history (old orders show it) and cannot be
   * edited. Details equal to the current ones change nothing and return false, so a repeated import is a no-op.
   */
  update(details: ProductDetails, now: Date): boolean {
    if (this.state.status === 'archived') throw new ProductArchivedError(this.state.id);
    const fields = validFields({ ...details, id: this.state.id });
    if (this.hasDetails(fields)) return false;
    this.state = { ...this.state, ...fields, ...this.nextRevision(now) };
    this.record('ProductUpdated');
    return true;
  }

  /** True when these details are exactly the product's current ones (after the same normalisation). */
  hasDetails(details: ProductDetails): boolean {
    const current = this.state;
    return (
      current.sku === details.sku &&
      current.name === details.name.trim() &&
      current.description === details.description.trim() &&
      current.category === details.category &&
      current.kind === details.kind &&
      current.price.equals(details.price) &&
      current.imageUrls.length === details.imageUrls.length &&
      current.imageUrls.every((url, index) => url === details.imageUrls[index])
    );
  }

  /** The changes recorded since the product was loaded, oldest first; the repository stores them with it. */
  get pendingEvents(): readonly ProductEvent[] {
    return [...this.events];
  }

  private record(type: ProductEventType): void {
    this.events.push({ type, snapshot: this.toSnapshot(), occurredAt: new Date(this.state.updatedAt) });
  }

  toSnapshot(): ProductSnapshot {
    const { price, imageUrls, createdAt, updatedAt, ...rest } = this.state;
    return {
      ...rest,
      price: price.toJSON(),
      imageUrls: [...imageUrls],
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    };
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
  const sku = input.sku;
  if (typeof sku !== 'string' || sku.length < 2 || sku.length > SKU_MAX_LENGTH || !SKU_PATTERN.test(sku)) {
    throw new InvalidProductError('sku', `must be 2 to ${SKU_MAX_LENGTH} upper-case letters, digits or inner hyphens`);
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
  const imageUrls = validImageUrls(input.imageUrls);
  return { id: input.id, sku, name, description, category, kind: input.kind, price: input.price, imageUrls };
}

function validImageUrls(urls: readonly string[] | undefined): string[] {
  const list = urls ?? [];
  if (!Array.isArray(list) || list.length > MAX_IMAGES) {
    throw new InvalidProductError('imageUrls', `must be a list of at most ${MAX_IMAGES} URLs`);
  }
  for (const url of list) {
    if (typeof url !== 'string' || url.length > IMAGE_URL_MAX_LENGTH || !isWebUrl(url)) {
      throw new InvalidProductError('imageUrls', 'must only contain http(s) URLs');
    }
  }
  return [...list];
}

function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function validDate(field: string, value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidProductError(field, 'must be a valid point in time');
  }
  return new Date(value);
}
