import type { Customer as CustomerRepresentation } from '@tbs/contracts/types';
import type { Customer } from '../../domain/customer';

/** Maps the aggregate to the published representation; the only place that decides what clients see. */
export function toCustomerRepresentation(customer: Customer): CustomerRepresentation {
  return {
    customerId: customer.id,
    email: customer.email,
    name: customer.name,
    shippingAddress: customer.shippingAddress?.toJSON() ?? null,
    createdAt: customer.registeredAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
    version: customer.version,
  };
}
