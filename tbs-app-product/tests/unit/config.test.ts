import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/infrastructure/config';

describe('readConfig', () => {
  it('reads the table and region Lambda provides, without a local endpoint in AWS', () => {
    expect(readConfig({ TABLE_NAME: 'tbs-app-product-prod-products', AWS_REGION: 'ap-southeast-2' })).toEqual({
      tableName: 'tbs-app-product-prod-products',
      region: 'ap-southeast-2',
    });
  });

  it('uses the local stand-in endpoint when the local cloud sets one', () => {
    const config = readConfig({
      TABLE_NAME: ' tbs-app-product-local-products ',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567',
    });
    expect(config).toEqual({
      tableName: 'tbs-app-product-local-products',
      region: 'us-east-1',
      dynamoDbEndpoint: 'http://127.0.0.1:4567',
    });
  });

  it.each([
    [{ AWS_REGION: 'ap-southeast-2' }, 'TABLE_NAME'],
    [{ TABLE_NAME: 'a b', AWS_REGION: 'ap-southeast-2' }, 'TABLE_NAME'],
    [{ TABLE_NAME: 'products' }, 'AWS_REGION'],
    [
      { TABLE_NAME: 'products', AWS_REGION: 'ap-southeast-2', AWS_ENDPOINT_URL_DYNAMODB: 'file:///etc' },
      'AWS_ENDPOINT_URL',
    ],
  ])('rejects %j, naming %s', (env, name) => {
    expect(() => readConfig(env)).toThrow(name);
  });
});
