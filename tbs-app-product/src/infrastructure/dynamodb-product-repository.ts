import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inject, injectable } from 'tsyringe';
import type { ProductRepository } from '../application/ports/product-repository';
import { Product, type ProductSnapshot } from '../domain/product';
import { ProductVersionConflictError } from '../domain/product-errors';
import {
  CATALOGUE_PARTITION,
  categoryPartitionKey,
  foldText,
  nameSortKey,
  PRODUCT_SORT_KEY,
  productPartitionKey,
} from './product-table';
import { INFRASTRUCTURE_TOKENS } from './tokens';

const ENTITY_TYPE = 'Product';

interface ProductItem extends ProductSnapshot {
  pk: string;
  sk: string;
  entityType: typeof ENTITY_TYPE;
  searchText: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
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
    searchText: `${foldText(snapshot.name)} ${snapshot.sku.toLowerCase()}`,
  };
  // Sparse indexes: archived products vanish from browsing but stay readable by id.
  if (snapshot.status === 'active') {
    const byName = nameSortKey(snapshot.name, snapshot.id);
    Object.assign(item, {
      gsi1pk: categoryPartitionKey(snapshot.category),
      gsi1sk: byName,
      gsi2pk: CATALOGUE_PARTITION,
      gsi2sk: byName,
    });
  }
  return item;
}

function toProduct(item: Record<string, unknown>): Product {
  try {
    if (item.entityType !== ENTITY_TYPE) throw new Error(`unexpected entity type ${String(item.entityType)}`);
    const stored = item as unknown as ProductItem;
    return Product.restore({
      id: stored.id,
      sku: stored.sku,
      name: stored.name,
      description: stored.description,
      category: stored.category,
      kind: stored.kind,
      price: stored.price,
      imageUrls: stored.imageUrls ?? [],
      status: stored.status,
      stockLevel: stored.stockLevel ?? null,
      version: stored.version,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    });
  } catch (cause) {
    // Bad stored data is our fault, not the caller's: surface it as an unexpected error, never as a 4xx.
    throw new Error(`Stored product ${String(item.pk)} cannot be read`, { cause });
  }
}
