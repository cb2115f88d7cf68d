import { describe, expect, it } from 'vitest';
import { addressFromCognito } from '../../src/handlers/cognito/cognito-address';

describe('addressFromCognito (the OIDC address attribute given at sign-up)', () => {
  it('maps street lines, locality, region, postal code and country', () => {
    const attribute = JSON.stringify({
      street_address: '12 Kauri Street\nFlat 2',
      locality: 'Wellington',
      region: 'Wellington',
      postal_code: '6011',
      country: 'nz',
    });
    expect(addressFromCognito(attribute, 'Aroha Ngata')).toEqual({
      name: 'Aroha Ngata',
      line1: '12 Kauri Street',
      line2: 'Flat 2',
      city: 'Wellington',
      region: 'Wellington',
      postcode: '6011',
      country: 'NZ',
    });
  });

  it.each([
    undefined,
    '',
    'not json',
    '[]',
    JSON.stringify({ formatted: '12 Kauri Street, Wellington' }),
    JSON.stringify({ street_address: '12 Kauri Street', locality: 'Wellington', postal_code: '6011' }),
  ])('gives no address for %j', (attribute) => {
    expect(addressFromCognito(attribute, 'Aroha Ngata')).toBeUndefined();
  });
});
