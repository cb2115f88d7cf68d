import type { Customer, ProfileChanges } from '../domain/customer';
import type { GetMyProfile } from './get-my-profile';
import type { Clock, IdGenerator } from './ports/clock';
import type { CustomerRepository } from './ports/customer-repository';

export interface UpdateMyProfileCommand {
  customerId: string;
  changes: ProfileChanges;
  /** The version the client edited (If-Match); absent means "whatever is current". */
  expectedVersion?: number;
  correlationId: string;
}

/**
 * Replaces the caller's names and shipping address.
 * 1. Load the caller's own profile (404 when the confirmation trigger has not created it).
 * 2. Apply the change; a stale expected version is refused, an identical profile changes nothing.
 * 3. Store it with its CustomerProfileUpdated event only if nobody wrote in between (the repository publishes the
 *    event once it is committed).
 */
export class UpdateMyProfile {
  constructor(
    private readonly getMyProfile: GetMyProfile,
    private readonly customers: CustomerRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: UpdateMyProfileCommand): Promise<Customer> {
    const customer = await this.getMyProfile.execute(command.customerId);
    const changed = customer.updateProfile(command.changes, {
      eventId: this.ids.next(),
      now: this.clock.now(),
      ...(command.expectedVersion === undefined ? {} : { expectedVersion: command.expectedVersion }),
    });
    if (!changed) return customer;
    await this.customers.save(customer, command.correlationId);
    return customer;
  }
}
