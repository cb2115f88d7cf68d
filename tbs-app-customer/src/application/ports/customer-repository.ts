import type { Customer } from '../../domain/customer';

/** Where an admin listing continues: opaque to callers, validated by the repository that issued it. */
export type CustomerListPosition = Record<string, string>;

export interface CustomerPage {
  customers: Customer[];
  /** Absent on the last page. */
  next?: CustomerListPosition;
}

/**
 * Where customer profiles live. Saving a customer also stores its pending events in the same atomic write (the
 * outbox), so an event exists if and only if its change was committed; the events are published only after that
 * commit, at least once (consumers deduplicate on the event id).
 */
export interface CustomerRepository {
  findById(customerId: string): Promise<Customer | undefined>;
  /** The customer whose (lower-case) email this is; undefined when there is none. */
  findByEmail(email: string): Promise<Customer | undefined>;
  /**
   * Stores the customer and its pending events atomically. A version-1 customer must not exist yet
   * (CustomerAlreadyRegisteredError otherwise); any other version must replace exactly the previous one
   * (CustomerVersionConflictError otherwise). `correlationId` travels with the events. Once committed, the events
   * are published; publishing never fails the save: what is not published stays in the outbox for the relay.
   */
  save(customer: Customer, correlationId: string): Promise<void>;
  /** Newest registrations first. `after` must be a position this repository returned; anything else is ignored. */
  list(options: { limit: number; after?: CustomerListPosition }): Promise<CustomerPage>;
  /** Whether `position` is one `list` could have returned (cursors come from clients). */
  isListPosition(position: Record<string, unknown>): position is CustomerListPosition;
}
