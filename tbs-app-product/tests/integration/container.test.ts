import { describe, expect, it } from 'vitest';
import { GetProduct } from '../../src/application/get-product';
import { TOKENS } from '../../src/application/ports/tokens';
import { createContainer } from '../../src/infrastructure/container';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';

const ENV = { TABLE_NAME: 'tbs-app-product-dev-products', AWS_REGION: 'ap-southeast-2' };

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, wired to the DynamoDB adapter, once per container', () => {
    const container = createContainer(ENV);
    const getProduct = container.resolve(GetProduct);
    expect(getProduct).toBeInstanceOf(GetProduct);
    expect(container.resolve(GetProduct)).toBe(getProduct);
    expect(container.resolve(TOKENS.ProductRepository)).toBeInstanceOf(DynamoDbProductRepository);
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() => createContainer({ AWS_REGION: 'nowhere', AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000' })).toThrow(
      /TABLE_NAME.*AWS_REGION.*AWS_ENDPOINT_URL_DYNAMODB/,
    );
  });
});
