import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/infrastructure/config';

const valid = { TABLE_NAME: 'tbs-app-cart-dev-cart', AWS_REGION: 'ap-southeast-2', TAX_RATE: '0.15', CURRENCY: 'NZD' };

describe('readConfig', () => {
  it('reads the stack parameters the template passes', () => {
    expect(readConfig({ ...valid, EVENT_LEASE_SECONDS: '15' })).toEqual({
      tableName: 'tbs-app-cart-dev-cart',
      region: 'ap-southeast-2',
      taxRate: 0.15,
      currency: 'NZD',
      eventLeaseSeconds: 15,
    });
  });

  it('takes the local DynamoDB endpoint only when it is an http(s) URL', () => {
    expect(readConfig({ ...valid, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567' }).dynamoDbEndpoint).toBe(
      'http://127.0.0.1:4567',
    );
    expect(() => readConfig({ ...valid, AWS_ENDPOINT_URL_DYNAMODB: 'ftp://x' })).toThrow(/AWS_ENDPOINT_URL_DYNAMODB/);
  });

  it('names every problem at once', () => {
    expect(() => readConfig({ TAX_RATE: '15%', CURRENCY: 'nzd' })).toThrow(
      /TABLE_NAME.*AWS_REGION.*TAX_RATE.*CURRENCY/,
    );
  });

  it.each(['1', '1.5', '-0.1', 'abc', ''])('refuses the tax rate %j', (rate) => {
    expect(() => readConfig({ ...valid, TAX_RATE: rate })).toThrow(/TAX_RATE/);
  });
});
