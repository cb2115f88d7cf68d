import type { Customer } from '../domain/customer';
import { CUSTOMER_ID_PATTERN } from '../domain/customer';
import { CustomerNotFoundError } from '../domain/customer-errors';
import type { CustomerRepository } from './ports/customer-repository';

/**
 * Reads the caller's own profile. The id comes from the verified token, never from the request, so a customer can
 * only ever read their own profile.
 */
export class GetMyProfile {
  constructor(private readonly customers: CustomerRepository) {}

  async execute(customerId: string): Promise<Customer> {
    const customer = CUSTOMER_ID_PATTERN.test(customerId)
      ? await this.customers.findById(customerId.toLowerCase())
      : undefined;
    if (!customer) throw new CustomerNotFoundError(customerId);
    return customer;
  }
}
