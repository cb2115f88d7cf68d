import { OutboxRelay } from '@tbs/contracts/runtime';
import { describe, expect, it } from 'vitest';
import { ArchiveProduct } from '../../src/application/archive-product';
import { CreateProduct } from '../../src/application/create-product';
import { GetProduct } from '../../src/application/get-product';
import { ImportProducts } from '../../src/application/import-products';
import { ListCategories } from '../../src/application/list-categories';
import { ListProducts } from '../../src/application/list-products';
import { TOKENS } from '../../src/application/ports/tokens';
import { RecordStockLevel } from '../../src/application/record-stock-level';
import { UpdateProduct } from '../../src/application/update-product';
import { createContainer, createImportContainer } from '../../src/infrastructure/container';
import { DynamoDbProductRepository } from '../../src/infrastructure/dynamodb-product-repository';

const ENV = { TABLE_NAME: 'tbs-app-product-dev-products', AWS_REGION: 'ap-southeast-2' };
const WRITER_ENV = {
  ...ENV,
  EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:tbs-app-product-dev-events',
  IMPORT_BUCKET: 'tbs-app-product-dev-import-123456789012',
};

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, wired to the DynamoDB adapter, once per container', () => {
    const container = createImportContainer(WRITER_ENV);
    for (const useCase of [
      GetProduct,
      ListProducts,
      ListCategories,
      CreateProduct,
      UpdateProduct,
      ArchiveProduct,
      RecordStockLevel,
      ImportProducts,
    ]) {
      const resolved = container.resolve(useCase as new (...args: never[]) => unknown);
      expect(resolved).toBeInstanceOf(useCase);
      expect(container.resolve(useCase as new (...args: never[]) => unknown)).toBe(resolved);
    }
    expect(container.resolve(TOKENS.ProductRepository)).toBeInstanceOf(DynamoDbProductRepository);
    expect(container.resolve(OutboxRelay)).toBeInstanceOf(OutboxRelay);
  });

  it('has no relay and no import without their configuration, so a read function cannot publish or import', () => {
    const container = createContainer(ENV);
    expect(() => container.resolve(OutboxRelay)).toThrow();
    expect(() => createImportContainer(ENV).resolve(ImportProducts)).toThrow(/IMPORT_BUCKET/);
  });

  it('only the import container has the import, so the other functions never load the S3 client', () => {
    expect(() => createContainer(WRITER_ENV).resolve(ImportProducts)).toThrow();
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() =>
      createContainer({
        AWS_REGION: 'nowhere',
        AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000',
        EVENTS_TOPIC_ARN: 'topic',
      }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*AWS_ENDPOINT_URL_DYNAMODB.*EVENTS_TOPIC_ARN/);
  });
});
