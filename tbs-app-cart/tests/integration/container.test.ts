import { describe, expect, it } from 'vitest';
import { ClearCart } from '../../src/application/clear-cart';
import { GetCart } from '../../src/application/get-cart';
import { HandleCartEvent } from '../../src/application/handle-cart-event';
import { TOKENS } from '../../src/application/ports/tokens';
import { RemoveCartLine } from '../../src/application/remove-cart-line';
import { SetCartLine } from '../../src/application/set-cart-line';
import { createContainer } from '../../src/infrastructure/container';
import { DynamoDbCartRepository } from '../../src/infrastructure/dynamodb-cart-repository';
import { DynamoDbCatalogueProjection } from '../../src/infrastructure/dynamodb-catalogue-projection';

const ENV = { TABLE_NAME: 'tbs-app-cart-dev-cart', AWS_REGION: 'ap-southeast-2', TAX_RATE: '0.15', CURRENCY: 'NZD' };

describe('container (the composition root)', () => {
  it('resolves the use case of every handler once per container, wired to the DynamoDB adapters', () => {
    const container = createContainer(ENV);
    for (const useCase of [GetCart, SetCartLine, RemoveCartLine, ClearCart, HandleCartEvent]) {
      const resolved = container.resolve<object>(useCase);
      expect(resolved).toBeInstanceOf(useCase);
      expect(container.resolve<object>(useCase)).toBe(resolved);
    }
    expect(container.resolve(TOKENS.CartRepository)).toBeInstanceOf(DynamoDbCartRepository);
    expect(container.resolve(TOKENS.CatalogueProjection)).toBeInstanceOf(DynamoDbCatalogueProjection);
    expect(container.resolve(TOKENS.PricingPolicy)).toEqual({ taxRate: 0.15, currency: 'NZD' });
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() => createContainer({ AWS_REGION: 'nowhere', TAX_RATE: '0.15', CURRENCY: 'NZD' })).toThrow(
      /TABLE_NAME.*AWS_REGION/,
    );
  });
});
