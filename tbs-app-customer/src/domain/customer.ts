import { InvalidCustomerProfileError, StaleCustomerVersionError } from './customer-errors';
import type { CustomerEvent } from './customer-events';
import { ShippingAddress, type ShippingAddressProps, text } from './shipping-address';

/** Cognito `sub`s are UUIDs; anything else cannot be a customer id. */
export const CUSTOMER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose: Cognito verified the address by mail; this only rejects values that cannot be one.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface CustomerState {
  id: string;
  email: string;
  name: string;
  shippingAddress: ShippingAddress | null;
  version: number;
  registeredAt: Date;
  updatedAt: Date;
}

export interface RegisterCustomerInput {
  id: string;
  email: string;
  /** How the customer wants to be addressed (receipts, labels). */
  name: string;
  shippingAddress?: ShippingAddressProps | null;
  /** Id of the CustomerRegistered event this registration records. */
  eventId: string;
  now: Date;
}

export interface ProfileChanges {
  name: string;
  shippingAddress: ShippingAddressProps | null;
}

/**
 * A customer of the shop: who they are (the Cognito user, by its `sub`) and where their parcels go. Email is owned
 * by Cognito (it is the login and was verified there), so the profile records it at registration and never changes
 * it. Every change increments `version`, which guards writes and orders the events consumers receive.
 */
export class Customer {
  private pending: CustomerEvent[] = [];

  private constructor(private state: CustomerState) {}

  static register(input: RegisterCustomerInput): Customer {
    if (!CUSTOMER_ID_PATTERN.test(input.id)) throw new InvalidCustomerProfileError('id', 'must be a Cognito user id');
    const email = text(input.email, 'email', { min: 3, max: 254 }).toLowerCase();
    if (!EMAIL.test(email)) throw new InvalidCustomerProfileError('email', 'must be an email address');
    const customer = new Customer({
      id: input.id.toLowerCase(),
      email,
      name: nameOf(input.name),
      shippingAddress: input.shippingAddress ? ShippingAddress.create(input.shippingAddress) : null,
      version: 1,
      registeredAt: input.now,
      updatedAt: input.now,
    });
    customer.pending.push({
      type: 'CustomerRegistered',
      eventId: input.eventId,
      customerId: customer.id,
      email: customer.email,
      name: customer.name,
      occurredAt: input.now,
    });
    return customer;
  }

  /** Rebuilds a stored customer; records no event. */
  static restore(state: CustomerState): Customer {
    return new Customer({ ...state });
  }

  /**
   * Replaces the editable part of the profile. `expectedVersion` (from If-Match) must be the current version when
   * given. A change that changes nothing records no event and keeps the version, so a client that repeats a PUT
   * does not spam consumers.
   */
  updateProfile(changes: ProfileChanges, { eventId, now, expectedVersion }: UpdateContext): boolean {
    if (expectedVersion !== undefined && expectedVersion !== this.state.version) {
      throw new StaleCustomerVersionError(this.id, expectedVersion);
    }
    const name = nameOf(changes.name);
    const shippingAddress = changes.shippingAddress ? ShippingAddress.create(changes.shippingAddress) : null;
    const unchanged =
      name === this.state.name &&
      (shippingAddress === null
        ? this.state.shippingAddress === null
        : shippingAddress.equals(this.state.shippingAddress));
    if (unchanged) return false;
    this.state = {
      ...this.state,
      name,
      shippingAddress,
      version: this.state.version + 1,
      updatedAt: now,
    };
    this.pending.push({
      type: 'CustomerProfileUpdated',
      eventId,
      customerId: this.id,
      version: this.version,
      name: this.name,
      shippingAddress: shippingAddress?.toJSON() ?? null,
      occurredAt: now,
    });
    return true;
  }

  /** The events recorded since the customer was loaded; the repository stores them with the change. */
  get pendingEvents(): readonly CustomerEvent[] {
    return this.pending;
  }

  get id(): string {
    return this.state.id;
  }
  get email(): string {
    return this.state.email;
  }
  get name(): string {
    return this.state.name;
  }
  get shippingAddress(): ShippingAddress | null {
    return this.state.shippingAddress;
  }
  get version(): number {
    return this.state.version;
  }
  get registeredAt(): Date {
    return this.state.registeredAt;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }
}

export interface UpdateContext {
  eventId: string;
  now: Date;
  expectedVersion?: number;
}

function nameOf(name: string): string {
  return text(name, 'name', { min: 1, max: 100 });
}
