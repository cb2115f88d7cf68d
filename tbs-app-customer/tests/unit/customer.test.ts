import { describe, expect, it } from 'vitest';
import { Customer } from '../../src/domain/customer';
import { InvalidCustomerProfileError, StaleCustomerVersionError } from '../../src/domain/customer-errors';
import { AROHA_ID, aCustomer, registrationOf, WELLINGTON } from '../fixtures/customers';

const later = new Date('2026-02-01T07:00:00.000Z');

describe('Customer', () => {
  it('registers at version 1 and records CustomerRegistered with the full name', () => {
    const customer = Customer.register(registrationOf({ email: 'Aroha@Example.com', name: ' Aroha Ngata ' }));
    expect(customer.version).toBe(1);
    expect(customer.email).toBe('aroha@example.com');
    expect(customer.name).toBe('Aroha Ngata');
    expect(customer.shippingAddress?.toJSON()).toEqual(WELLINGTON);
    expect(customer.pendingEvents).toEqual([
      {
        type: 'CustomerRegistered',
        eventId: '01KEVENT000000000000000001',
        customerId: AROHA_ID,
        email: 'aroha@example.com',
        name: 'Aroha Ngata',
        occurredAt: new Date('2026-01-05T07:00:00.000Z'),
      },
    ]);
  });

  it('registers without an address when none was given', () => {
    expect(Customer.register(registrationOf({ shippingAddress: null })).shippingAddress).toBeNull();
  });

  it.each([
    [{ id: 'not-a-sub' }, 'id'],
    [{ email: 'no-at-sign' }, 'email'],
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
  ])('refuses a registration with %j', (overrides, field) => {
    expect(() => Customer.register(registrationOf(overrides))).toThrow(
      expect.objectContaining({ field, kind: 'validation', code: 'INVALID_CUSTOMER_PROFILE' }),
    );
  });

  it('updates names and address, bumps the version and records CustomerProfileUpdated', () => {
    const customer = aCustomer();
    const moved = { ...WELLINGTON, line1: '3 Rimu Road', city: 'Auckland', postcode: '1010' };
    const changed = customer.updateProfile(
      { name: 'Aroha Ngata-Smith', shippingAddress: moved },
      { eventId: '01KEVENT000000000000000002', now: later, expectedVersion: 1 },
    );
    expect(changed).toBe(true);
    expect(customer.version).toBe(2);
    expect(customer.updatedAt).toEqual(later);
    expect(customer.pendingEvents).toEqual([
      {
        type: 'CustomerProfileUpdated',
        eventId: '01KEVENT000000000000000002',
        customerId: AROHA_ID,
        version: 2,
        name: 'Aroha Ngata-Smith',
        shippingAddress: moved,
        occurredAt: later,
      },
    ]);
  });

  it('can remove the shipping address', () => {
    const customer = aCustomer();
    customer.updateProfile(
      { name: 'Aroha Ngata', shippingAddress: null },
      { eventId: '01KEVENT000000000000000002', now: later },
    );
    expect(customer.shippingAddress).toBeNull();
    expect(customer.pendingEvents[0]).toMatchObject({ shippingAddress: null, version: 2 });
  });

  it('records nothing and keeps its version when the profile is unchanged', () => {
    const customer = aCustomer();
    const changed = customer.updateProfile(
      { name: ' Aroha Ngata ', shippingAddress: { ...WELLINGTON, line2: '' } },
      { eventId: '01KEVENT000000000000000002', now: later },
    );
    expect(changed).toBe(false);
    expect(customer.version).toBe(1);
    expect(customer.pendingEvents).toEqual([]);
  });

  it('refuses an update based on a stale version', () => {
    const customer = aCustomer();
    expect(() =>
      customer.updateProfile(
        { name: 'A N', shippingAddress: null },
        { eventId: '01KEVENT000000000000000002', now: later, expectedVersion: 3 },
      ),
    ).toThrow(StaleCustomerVersionError);
    expect(customer.version).toBe(1);
  });

  it('refuses an invalid address and changes nothing', () => {
    const customer = aCustomer();
    expect(() =>
      customer.updateProfile(
        { name: 'Aroha Ngata', shippingAddress: { ...WELLINGTON, country: 'New Zealand' } },
        { eventId: '01KEVENT000000000000000002', now: later },
      ),
    ).toThrow(InvalidCustomerProfileError);
    expect(customer.shippingAddress?.toJSON()).toEqual(WELLINGTON);
    expect(customer.pendingEvents).toEqual([]);
  });
});
