import { InvalidCustomerProfileError } from './customer-errors';

/** The address parcels go to, as a customer enters it (country is ISO 3166-1 alpha-2). */
export interface ShippingAddressProps {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postcode: string;
  country: string;
  phone?: string;
}

const POSTCODE = /^[A-Za-z0-9][A-Za-z0-9 -]*[A-Za-z0-9]$/;
const COUNTRY = /^[A-Z]{2}$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
// Control characters would corrupt labels and emails; nobody's address contains them.
const CONTROL = /\p{Cc}/u;

/**
 * A validated shipping address. Immutable: a change is a new address. Whitespace around values is not part of an
 * address, and empty optional lines are the same as absent ones, so equal addresses compare equal.
 */
export class ShippingAddress {
  private constructor(private readonly props: Readonly<ShippingAddressProps>) {}

  static create(input: ShippingAddressProps, field = 'shippingAddress'): ShippingAddress {
    const required = (key: 'name' | 'line1' | 'city' | 'postcode' | 'country', max: number, min = 1) =>
      text(input[key], `${field}.${key}`, { min, max });
    const optional = (key: 'line2' | 'region' | 'phone', max: number) => {
      const value = input[key];
      if (value === undefined || value === null) return undefined;
      const trimmed = text(value, `${field}.${key}`, { min: 0, max });
      return trimmed === '' ? undefined : trimmed;
    };
    const props: ShippingAddressProps = {
      name: required('name', 100),
      line1: required('line1', 100),
      city: required('city', 60),
      postcode: required('postcode', 12, 2),
      country: required('country', 2, 2).toUpperCase(),
    };
    const line2 = optional('line2', 100);
    const region = optional('region', 60);
    const phone = optional('phone', 20);
    if (line2 !== undefined) props.line2 = line2;
    if (region !== undefined) props.region = region;
    if (phone !== undefined) props.phone = phone;
    if (!POSTCODE.test(props.postcode)) {
      throw new InvalidCustomerProfileError(`${field}.postcode`, 'must be letters, digits, spaces or dashes');
    }
    if (!COUNTRY.test(props.country)) {
      throw new InvalidCustomerProfileError(`${field}.country`, 'must be an ISO 3166-1 alpha-2 country code');
    }
    if (props.phone !== undefined && !PHONE.test(props.phone)) {
      throw new InvalidCustomerProfileError(`${field}.phone`, 'must be a phone number (digits, spaces, +, -, ())');
    }
    return new ShippingAddress(Object.freeze(props));
  }

  get name(): string {
    return this.props.name;
  }

  get country(): string {
    return this.props.country;
  }

  equals(other: ShippingAddress | null | undefined): boolean {
    return other !== null && other !== undefined && JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
  }

  /** Keys in a fixed order, optional ones only when present. */
  toJSON(): ShippingAddressProps {
    const { name, line1, line2, city, region, postcode, country, phone } = this.props;
    return {
      name,
      line1,
      ...(line2 === undefined ? {} : { line2 }),
      city,
      ...(region === undefined ? {} : { region }),
      postcode,
      country,
      ...(phone === undefined ? {} : { phone }),
    };
  }
}

/** A trimmed, single-line text of bounded length; anything else names the field in a validation error. */
export function text(value: unknown, field: string, { min, max }: { min: number; max: number }): string {
  if (typeof value !== 'string') throw new InvalidCustomerProfileError(field, 'must be text');
  const trimmed = value.trim();
  if (trimmed.length < min) {
    throw new InvalidCustomerProfileError(
      field,
      min <= 1 ? 'must not be empty' : `must have at least ${min} characters`,
    );
  }
  if (trimmed.length > max) throw new InvalidCustomerProfileError(field, `must have at most ${max} characters`);
  if (CONTROL.test(trimmed)) throw new InvalidCustomerProfileError(field, 'must not contain control characters');
  return trimmed;
}
