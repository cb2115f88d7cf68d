import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getTable, type Item, type Request, run, type Store, validationError } from './dynalite-engine';

/** Time-to-live settings per table, persisted next to the table data when the stand-in has a data directory. */
export class TtlRegistry {
  private readonly attributes = new Map<string, string>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      for (const [table, attribute] of Object.entries(saved)) this.attributes.set(table, attribute);
    }
  }

  async update(store: Store, body: Request): Promise<Request> {
    const tableName = body.TableName;
    const spec = body.TimeToLiveSpecification as { Enabled?: unknown; AttributeName?: unknown } | undefined;
    if (typeof tableName !== 'string' || !tableName) throw validationError('TableName is required');
    if (!spec || typeof spec.Enabled !== 'boolean' || typeof spec.AttributeName !== 'string' || !spec.AttributeName) {
      throw validationError('TimeToLiveSpecification needs Enabled (boolean) and AttributeName (string)');
    }
    await getTable(store, tableName);
    const current = this.attributes.get(tableName);
    if (spec.Enabled) {
      if (current) throw validationError('TimeToLive is already enabled');
      this.attributes.set(tableName, spec.AttributeName);
    } else {
      if (!current) throw validationError('TimeToLive is already disabled');
      if (current !== spec.AttributeName) throw validationError('TimeToLive is enabled on a different attribute');
      this.attributes.delete(tableName);
    }
    this.save();
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  }

  async describe(store: Store, body: Request): Promise<Request> {
    const tableName = body.TableName;
    if (typeof tableName !== 'string' || !tableName) throw validationError('TableName is required');
    await getTable(store, tableName);
    const attribute = this.attributes.get(tableName);
    return {
      TimeToLiveDescription: attribute
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute }
        : { TimeToLiveStatus: 'DISABLED' },
    };
  }

  /**
   * Deletes every item whose TTL attribute (epoch seconds) is in the past. The caller holds the exclusive lock, so
   * an item re-written with a later expiry between scan and delete cannot be lost. Returns how many were deleted.
   */
  async sweep(store: Store, nowSeconds = Date.now() / 1000): Promise<number> {
    let deleted = 0;
    for (const [tableName, attribute] of [...this.attributes]) {
      let table: Awaited<ReturnType<typeof getTable>>;
      try {
        table = await getTable(store, tableName);
      } catch {
        // The table was deleted: forget its setting, as DynamoDB does.
        this.attributes.delete(tableName);
        this.save();
        continue;
      }
      let startKey: Item | undefined;
      do {
        const page = await run('Scan', store, {
          TableName: tableName,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        });
        for (const item of (page.Items ?? []) as Item[]) {
          const expiry = Number((item[attribute] as { N?: string } | undefined)?.N);
          if (!Number.isFinite(expiry) || expiry > nowSeconds) continue;
          const key: Item = {};
          for (const { AttributeName } of table.KeySchema) key[AttributeName] = item[AttributeName] as Item[string];
          await run('DeleteItem', store, { TableName: tableName, Key: key });
          deleted += 1;
        }
        startKey = page.LastEvaluatedKey as Item | undefined;
      } while (startKey);
    }
    return deleted;
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.attributes)));
  }
}
