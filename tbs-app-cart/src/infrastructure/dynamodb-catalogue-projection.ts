import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject, injectable } from 'tsyringe';
import type { CatalogueProjection, ProductSnapshot, StockSnapshot } from '../application/ports/catalogue-projection';
import type { CatalogueItem, ProductKind } from '../domain/catalogue-item';
import { INFRASTRUCTURE_TOKENS } from './tokens';

interface ProjectionItem {
  pk: string;
  productId: string;
  productVersion?: number;
  sku?: string;
  name?: string;
  kind?: ProductKind;
  unitPrice?: number;
  currency?: string;
  archived?: boolean;
  stockVersion?: number;
  available?: number;
}

export const productKey = (productId: string): string => `PRODUCT#${productId}`;

const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 5;

/**
 * One item per product holding two independently versioned halves: the catalogue snapshot (product version) and the
 * stock level (fulfilment's stock version). Each half is written with a condition on its own version, so an older
 * or repeated event never overwrites a newer one, and stock may arrive before the product itself.
 */
@injectable()
export class DynamoDbCatalogueProjection implements CatalogueProjection {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly documents: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.CartTableName) private readonly tableName: string,
  ) {}

  async find(productIds: readonly string[]): Promise<Map<string, CatalogueItem>> {
    const found = new Map<string, CatalogueItem>();
    const ids = [...new Set(productIds)];
    for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = ids
        .slice(start, start + BATCH_GET_LIMIT)
        .map((id) => ({ pk: productKey(id) }));
      for (let round = 0; keys.length > 0; round++) {
        if (round >= MAX_UNPROCESSED_ROUNDS) throw new Error('DynamoDB left catalogue reads unprocessed; retry later');
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }),
        );
        for (const raw of result.Responses?.[this.tableName] ?? []) {
          const item = toCatalogueItem(raw as ProjectionItem);
          if (item !== undefined) found.set(item.productId, item);
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  }

  async recordProduct(snapshot: ProductSnapshot): Promise<boolean> {
    return this.conditionalUpdate(
      snapshot.productId,
      'SET productId = :id, productVersion = :v, sku = :sku, #name = :name, kind = :kind, unitPrice = :price, currency = :currency, archived = :archived',
      'attribute_not_exists(productVersion) OR productVersion < :v',
      {
        ':id': snapshot.productId,
        ':v': snapshot.version,
        ':sku': snapshot.sku,
        ':name': snapshot.name,
        ':kind': snapshot.kind,
        ':price': snapshot.unitPrice,
        ':currency': snapshot.currency,
        ':archived': snapshot.archived,
      },
      { '#name': 'name' },
    );
  }

  async recordStock(snapshot: StockSnapshot): Promise<boolean> {
    return this.conditionalUpdate(
      snapshot.productId,
      'SET productId = :id, stockVersion = :v, available = :available',
      'attribute_not_exists(stockVersion) OR stockVersion < :v',
      { ':id': snapshot.productId, ':v': snapshot.version, ':available': snapshot.available },
    );
  }

  private async conditionalUpdate(
    productId: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: productKey(productId) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** Stock known but no catalogue snapshot yet: not a product the cart can show. */
function toCatalogueItem(item: ProjectionItem): CatalogueItem | undefined {
  if (
    item.productVersion === undefined ||
    item.sku === undefined ||
    item.name === undefined ||
    item.kind === undefined ||
    item.unitPrice === undefined ||
    item.currency === undefined
  ) {
    return undefined;
  }
  return {
    productId: item.productId,
    sku: item.sku,
    name: item.name,
    kind: item.kind,
    unitPrice: item.unitPrice,
    currency: item.currency,
    archived: item.archived === true,
    availableQuantity: item.kind === 'digital' ? null : (item.available ?? 0),
  };
}
