import { Customer } from '../domain/customer';
import { CustomerAlreadyRegisteredError, InvalidCustomerProfileError } from '../domain/customer-errors';
import type { ShippingAddressProps } from '../domain/shipping-address';
import type { Clock, IdGenerator } from './ports/clock';
import type { CustomerRepository } from './ports/customer-repository';

export interface RegisterCustomerCommand {
  customerId: string;
  email: string;
  name: string;
  /** From the sign-up form; an address that fails validation is left out rather than failing the sign-up. */
  shippingAddress?: ShippingAddressProps | null;
  correlationId: string;
}

export interface RegistrationResult {
  customer: Customer;
  /** False when the profile already existed (a repeated confirmation): nothing was stored or published. */
  created: boolean;
}

/**
 * Creates the profile of a customer who just confirmed their sign-up. Cognito may run the trigger more than once
 * for the same user, so registering is idempotent on the customer id.
 * 1. A profile that already exists is returned as it is: no write, no second CustomerRegistered.
 * 2. Otherwise the profile and its CustomerRegistered event are committed together; a concurrent duplicate
 *    loses the conditional write and is treated like (1).
 * 3. The repository publishes the committed event; if that fails, the scheduled outbox relay publishes it later.
 */
export class RegisterCustomer {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: RegisterCustomerCommand): Promise<RegistrationResult> {
    const existing = await this.customers.findById(command.customerId.toLowerCase());
    if (existing) return { customer: existing, created: false };

    const customer = this.newCustomer(command);
    try {
      await this.customers.save(customer, command.correlationId);
    } catch (error) {
      if (!(error instanceof CustomerAlreadyRegisteredError)) throw error;
      const winner = await this.customers.findById(customer.id);
      if (!winner) throw error;
      return { customer: winner, created: false };
    }
    return { customer, created: true };
  }

  private newCustomer(command: RegisterCustomerCommand): Customer {
    const input = {
      id: command.customerId,
      email: command.email,
      name: command.name,
      shippingAddress: command.shippingAddress ?? null,
      eventId: this.ids.next(),
      now: this.clock.now(),
    };
    try {
      return Customer.register(input);
    } catch (error) {
      const badAddress = error instanceof InvalidCustomerProfileError && error.field.startsWith('shippingAddress');
      if (!badAddress || input.shippingAddress === null) throw error;
      // The customer can still add a valid address to their profile; losing the account over it would be worse.
      return Customer.register({ ...input, shippingAddress: null });
    }
  }
}
