import { describe, expect, it } from 'vitest';
import { InvalidCustomerProfileError } from '../../src/domain/customer-errors';
import { ShippingAddress } from '../../src/domain/shipping-address';
import { WELLINGTON } from '../fixtures/customers';

const fieldOf = (input: Parameters<typeof ShippingAddress.create>[0]): string | undefined => {
  try {
    ShippingAddress.create(input);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCustomerProfileError);
    return (error as InvalidCustomerProfileError).field;
  }
};

describe('ShippingAddress', () => {
  it('trims values, upper-cases the country and drops empty optional lines', () => {
    const address = ShippingAddress.create({
      ...WELLINGTON,
      name: '  Aroha Ngata ',
      line2: '   ',
      region: ' Wellington Region ',
      country: 'nz',
      phone: '+64 4 555 0100',
    });
    expect(address.toJSON()).toEqual({
      name: 'Aroha Ngata',
      line1: '12 Kauri Street',
      city: 'Wellington',
      region: 'Wellington Region',
      postcode: '6011',
      country: 'NZ',
      phone: '+64 4 555 0100',
    });
  });

  it.each([
    [{ ...WELLINGTON, name: ' ' }, 'shippingAddress.name'],
    [{ ...WELLINGTON, line1: '' }, 'shippingAddress.line1'],
    [{ ...WELLINGTON, city: 'x'.repeat(61) }, 'shippingAddress.city'],
    [{ ...WELLINGTON, postcode: '6' }, 'shippingAddress.postcode'],
    [{ ...WELLINGTON, postcode: '60#11' }, 'shippingAddress.postcode'],
    [{ ...WELLINGTON, country: 'NZL' }, 'shippingAddress.country'],
    [{ ...WELLINGTON, country: '1Z' }, 'shippingAddress.country'],
    [{ ...WELLINGTON, phone: 'call me' }, 'shippingAddress.phone'],
    [{ ...WELLINGTON, line2: 'Flat 2\u0000' }, 'shippingAddress.line2'],
    [{ ...WELLINGTON, city: 42 as unknown as string }, 'shippingAddress.city'],
  ])('refuses %j naming %s', (input, field) => {
    expect(fieldOf(input)).toBe(field);
  });

  it('compares by value', () => {
    expect(ShippingAddress.create(WELLINGTON).equals(ShippingAddress.create({ ...WELLINGTON, line2: '' }))).toBe(true);
    expect(ShippingAddress.create(WELLINGTON).equals(ShippingAddress.create({ ...WELLINGTON, postcode: '6012' }))).toBe(
      false,
    );
    expect(ShippingAddress.create(WELLINGTON).equals(null)).toBe(false);
  });
});
