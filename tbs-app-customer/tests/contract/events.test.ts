import { eventValidators } from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { Customer } from '../../src/domain/customer';
import { toCloudEvent } from '../../src/infrastructure/customer-cloud-events';
import { aCustomer, registrationOf, WELLINGTON } from '../fixtures/customers';

const validate = (event: { type: string }) => {
  const validator = eventValidators[event.type as keyof typeof eventValidators];
  expect(validator, `no schema for ${event.type}`).toBeDefined();
  const valid = validator(event);
  return { valid, errors: validator.errors };
};

describe('customer events against tbs-contracts/events/customer', () => {
  it('CustomerRegistered validates, with and without an address, for the longest allowed names', () => {
    for (const overrides of [{}, { shippingAddress: null }, { name: 'N'.repeat(100) }]) {
      const [event] = Customer.register(registrationOf(overrides)).pendingEvents;
      if (!event) throw new Error('no event recorded');
      expect(validate(toCloudEvent(event, 'c0rrelation-1'))).toEqual({ valid: true, errors: null });
    }
  });

  it('CustomerProfileUpdated validates with a full address and with the address removed', () => {
    const full = { ...WELLINGTON, line2: 'Flat 2', region: 'Wellington', phone: '+64 4 555 0100' };
    for (const shippingAddress of [full, null]) {
      const customer = aCustomer({ shippingAddress: null });
      customer.updateProfile(
        { name: 'Aroha Ngata', shippingAddress: shippingAddress ?? WELLINGTON },
        { eventId: '01KEVENT000000000000000002', now: new Date('2026-02-01T07:00:00Z') },
      );
      if (shippingAddress === null) {
        customer.updateProfile(
          { name: 'Aroha Ngata', shippingAddress: null },
          { eventId: '01KEVENT000000000000000003', now: new Date('2026-02-02T07:00:00Z') },
        );
      }
      const event = customer.pendingEvents.at(-1);
      if (!event) throw new Error('no event recorded');
      const cloudEvent = toCloudEvent(event, 'c0rrelation-2');
      expect(validate(cloudEvent)).toEqual({ valid: true, errors: null });
      expect(cloudEvent).toMatchObject({ id: event.eventId, source: 'tbs-app-customer', subject: customer.id });
    }
  });
});
