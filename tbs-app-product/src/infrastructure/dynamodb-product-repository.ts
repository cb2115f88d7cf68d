import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject, injectable } from 'tsyringe';
import type { ProductRepository } from '../application/ports/product-repository';
import { Product, type ProductSnapshot } from '../domain/product';
import { ProductVersionConflictError } from '../domain/product-errors';
import { categoryPartitionKey, nameSortKey, PRODUCT_SORT_KEY, productPartitionKey } from './product-table';
import { INFRASTRUCTURE_TOKENS } from './tokens';

const ENTITY_TYPE = 'Product';

interface ProductItem extends ProductSnapshot {
  pk: string;
  sk: string;
  entityType: typeof ENTITY_TYPE;
  gsi1pk?: string;
  gsi1sk?: string;
}

@injectable()
export class DynamoDbProductRepository implements ProductRepository {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly client: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.ProductTableName) private readonly tableName: string,
  ) {}

  async findById(productId: string): Promise<Product | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: productPartitionKey(productId), sk: PRODUCT_SORT_KEY } }),
    );
    return Item === undefined ? undefined : toProduct(Item);
  }

  async save(product: Product): Promise<void> {
    const isNew = product.version === 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(product),
          ...(isNew
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :previous',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':previous': product.version - 1 },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ProductVersionConflictError(product.id, product.version - 1);
      }
      throw error;
    }
  }
}

function toItem(product: Product): ProductItem {
  const snapshot = product.toSnapshot();
  const item: ProductItem = {
    pk: productPartitionKey(snapshot.id),
    sk: PRODUCT_SORT_KEY,
    entityType: ENTITY_TYPE,
    ...snapshot,
  };
  // Sparse index: archived products vanish from category browse but stay readable by id.
  if (snapshot.status === 'active') {
    item.gsi1pk = categoryPartitionKey(snapshot.category);
    item.gsi1sk = nameSortKey(snapshot.name, snapshot.id);
  }
  return item;
}

function toProduct(item: Record<string, unknown>): Product {
  try {
    if (item.entityType !== ENTITY_TYPE) throw new Error(`unexpected entity type ${String(item.entityType)}`);
    const { id, name, description, category, kind, price, status, version, createdAt, updatedAt } =
      item as unknown as ProductItem;
    return Product.restore({ id, name, description, category, kind, price, status, version, createdAt, updatedAt });
  } catch (cause) {
    // Bad stored data is our fault, not the caller's: surface it as an unexpected error, never as a 4xx.
    throw new Error(`Stored product ${String(item.pk)} cannot be read`, { cause });
  }
}
