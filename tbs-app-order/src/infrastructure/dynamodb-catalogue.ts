import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Catalogue } from '../application/ports/catalogue';
import type { CatalogueEntry } from '../domain/pricing';
import { catalogueKey } from './order-table';

const MAX_BATCH_GET = 100;

/** The catalogue projection: one item per product, replaced only by a newer product version. */
export class DynamoDbCatalogue implements Catalogue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(productIds: readonly string[]): Promise<Map<string, CatalogueEntry>> {
    const found = new Map<string, CatalogueEntry>();
    const unique = [...new Set(productIds)];
    for (let start = 0; start < unique.length; start += MAX_BATCH_GET) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + MAX_BATCH_GET).map(catalogueKey);
      for (let attempt = 0; keys !== undefined && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const entry = item.entry as CatalogueEntry;
          found.set(entry.productId, entry);
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
        if (attempt > 5 && keys && keys.length > 0) throw new Error('Catalogue read kept being throttled');
      }
    }
    return found;
  }

  async record(entry: CatalogueEntry): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...catalogueKey(entry.productId), entityType: 'CatalogueEntry', entry, version: entry.version },
          // Duplicates and late arrivals lose: only a newer product version replaces the held one.
          ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': entry.version },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
