import type { CustomerListPosition, CustomerPage, CustomerRepository } from './ports/customer-repository';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface ListCustomersQuery {
  limit?: number;
  /** Only the customer with exactly this email (case does not matter: emails are logins, compared folded). */
  email?: string;
  after?: CustomerListPosition;
}

/** Administrators browse customers, newest registrations first, one page at a time, or look one up by email. */
export class ListCustomers {
  constructor(private readonly customers: CustomerRepository) {}

  async execute({ limit, email, after }: ListCustomersQuery): Promise<CustomerPage> {
    if (email !== undefined) {
      const customer = await this.customers.findByEmail(email.trim().toLowerCase());
      return { customers: customer ? [customer] : [] };
    }
    const size = Math.min(Math.max(Math.trunc(limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
    return this.customers.list({ limit: size, ...(after === undefined ? {} : { after }) });
  }

  /** Whether a client's cursor decodes to a position of this listing (and not, say, another table partition). */
  accepts(position: Record<string, unknown>): position is CustomerListPosition {
    return this.customers.isListPosition(position);
  }
}
