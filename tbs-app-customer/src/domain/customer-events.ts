import type { ShippingAddressProps } from './shipping-address';

/** A customer confirmed their sign-up and their profile now exists. */
export interface CustomerRegistered {
  type: 'CustomerRegistered';
  eventId: string;
  customerId: string;
  email: string;
  name: string;
  occurredAt: Date;
}

/** A customer changed their name or shipping address; `version` is the profile's version after the change. */
export interface CustomerProfileUpdated {
  type: 'CustomerProfileUpdated';
  eventId: string;
  customerId: string;
  version: number;
  name: string;
  shippingAddress: ShippingAddressProps | null;
  occurredAt: Date;
}

export type CustomerEvent = CustomerRegistered | CustomerProfileUpdated;
