import { HttpProblem } from '@tbs/contracts/runtime';
import type { Customer, ProfileChanges } from '../../domain/customer';
import type { ShippingAddressProps } from '../../domain/shipping-address';

/** A customer profile as the API publishes it. */
export interface CustomerProfileRepresentation {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  shippingAddress: ShippingAddressProps | null;
  version: number;
  registeredAt: string;
  updatedAt: string;
}

/** Maps the aggregate to the published representation; the only place that decides what clients see. */
export function toCustomerRepresentation(customer: Customer): CustomerProfileRepresentation {
  return {
    id: customer.id,
    email: customer.email,
    givenName: customer.givenName,
    familyName: customer.familyName,
    shippingAddress: customer.shippingAddress?.toJSON() ?? null,
    version: customer.version,
    registeredAt: customer.registeredAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

const EDITABLE = new Set(['givenName', 'familyName', 'shippingAddress']);
const ADDRESS_FIELDS = new Set(['name', 'line1', 'line2', 'city', 'region', 'postcode', 'country', 'phone']);

/**
 * The shape of a PUT /customers/me body (values are checked by the domain, which names the field). Unknown members
 * are refused rather than ignored, so a client that sends `email` learns it cannot change it here.
 */
export function profileChangesFrom(body: unknown): ProfileChanges {
  const errors: { path: string; message: string }[] = [];
  if (!isRecord(body))
    throw HttpProblem.badRequest('VALIDATION_FAILED', 'The body must be a JSON object.', [
      { path: '/body', message: 'must be object' },
    ]);
  for (const key of Object.keys(body)) {
    if (!EDITABLE.has(key)) errors.push({ path: `/body/${key}`, message: 'must NOT have additional properties' });
  }
  for (const key of ['givenName', 'familyName']) {
    if (typeof body[key] !== 'string') errors.push({ path: `/body/${key}`, message: 'must be string' });
  }
  const address = body.shippingAddress;
  if (address !== null && !isRecord(address)) {
    errors.push({ path: '/body/shippingAddress', message: 'must be object or null' });
  } else if (address !== null) {
    for (const [key, value] of Object.entries(address)) {
      if (!ADDRESS_FIELDS.has(key))
        errors.push({ path: `/body/shippingAddress/${key}`, message: 'must NOT have additional properties' });
      else if (typeof value !== 'string')
        errors.push({ path: `/body/shippingAddress/${key}`, message: 'must be string' });
    }
  }
  if (errors.length > 0)
    throw HttpProblem.badRequest('VALIDATION_FAILED', 'The body does not match the API contract.', errors);
  return {
    givenName: body.givenName as string,
    familyName: body.familyName as string,
    shippingAddress: address as ShippingAddressProps | null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
