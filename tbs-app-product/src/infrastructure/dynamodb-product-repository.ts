import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CloudEvent, outboxPut } from '@tbs/contracts/runtime';
import { inject, injectable } from 'tsyringe';
import { ulid } from 'ulid';
import type {
  CategoryCount,
  ListPosition,
  ProductPage,
  ProductQuery,
  ProductRepository,
  WriteContext,
} from '../application/ports/product-repository';
import { Product, type ProductSnapshot } from '../domain/product';
import { InvalidListPositionError, ProductVersionConflictError, SkuAlreadyExistsError } from '../domain/product-errors';
import type { StockLevel } from '../domain/stock-level';
import { toCloudEvent } from './product-cloud-events';
import {
  CATALOGUE_INDEX,
  CATALOGUE_PARTITION,
  CATEGORIES_PARTITION,
  CATEGORY_INDEX,
  categoryPartitionKey,
  nameSortKey,
  PRODUCT_SORT_KEY,
  productPartitionKey,
  SKU_SORT_KEY,
  STOCK_SORT_KEY,
  searchWordsOf,
  skuPartitionKey,
  wordPartitionKey,
} from './product-table';
import { INFRASTRUCTURE_TOKENS } from './tokens';

const ENTITY_TYPE = 'Product';
const MAX_TRANSACTION_ITEMS = 100;
const MAX_BATCH_GET = 100;
/** A keyword page reads at most this many index pages before it returns what it found (with a cursor). */
const MAX_SEARCH_READS = 8;
const IMPORT_CONCURRENCY = 3;

/** What the repository needs of the outbox relay (the contracts runtime's `OutboxRelay`). */
export interface CommittedEventPublisher {
  publishCommitted(events: readonly CloudEvent[]): Promise<unknown>;
}

interface ProductItem extends Omit<ProductSnapshot, 'stockLevel'> {
  pk: string;
  sk: string;
  entityType: typeof ENTITY_TYPE;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
}

interface StockItem {
  pk: string;
  sk: string;
  available: number;
  stockVersion: number;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One product's share of a write: its items, the category counter changes and its events. */
interface PlannedWrite {
  product: Product;
  items: TransactItem[];
  /** Search words of a new product written ahead of its transaction (see `saveMany`). */
  wordsAhead: Record<string, unknown>[];
  counters: Map<string, number>;
  events: CloudEvent[];
}

@injectable()
export class DynamoDbProductRepository implements ProductRepository {
  constructor(
    @inject(INFRASTRUCTURE_TOKENS.DocumentClient) private readonly client: DynamoDBDocumentClient,
    @inject(INFRASTRUCTURE_TOKENS.ProductTableName) private readonly tableName: string,
    @inject(INFRASTRUCTURE_TOKENS.EventRelay) private readonly relay?: CommittedEventPublisher,
  ) {}

  async findById(productId: string): Promise<Product | undefined> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': productPartitionKey(productId) },
        ConsistentRead: true,
      }),
    );
    const item = Items.find((candidate) => candidate.sk === PRODUCT_SORT_KEY);
    if (item === undefined) return undefined;
    return toProduct(item, Items.find((candidate) => candidate.sk === STOCK_SORT_KEY) as StockItem | undefined);
  }

  async findBySkus(skus: readonly string[]): Promise<Map<string, Product>> {
    const claims = await this.batchGet(
      [...new Set(skus)].map((sku) => ({ pk: skuPartitionKey(sku), sk: SKU_SORT_KEY })),
    );
    const products = await this.productsByIds(claims.map((claim) => String(claim.productId)));
    return new Map(products.map((product) => [product.sku, product]));
  }

  async save(product: Product, context: WriteContext = newContext()): Promise<void> {
    const previous = product.version === 1 ? undefined : await this.storedItem(product.id);
    if (product.version > 1 && previous?.version !== product.version - 1) {
      throw new ProductVersionConflictError(product.id, product.version - 1);
    }
    const write = this.plan(product, previous, context);
    const items = [...write.items, ...this.counterUpdates(write.counters)];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw translateCancellation(error, items, product);
    }
    await this.relay?.publishCommitted(write.events);
  }

  async saveMany(products: readonly Product[], context: WriteContext = newContext()): Promise<Map<string, Error>> {
    const failures = new Map<string, Error>();
    const changed = products.filter((product) => product.version > 1);
    const previous = new Map(
      (await this.batchGet(changed.map((p) => ({ pk: productPartitionKey(p.id), sk: PRODUCT_SORT_KEY })))).map(
        (item) => [String(item.id), item as unknown as ProductItem],
      ),
    );
    const chunks: PlannedWrite[][] = [];
    let chunk: PlannedWrite[] = [];
    let size = 0;
    for (const product of products) {
      const before = previous.get(product.id);
      if (product.version > 1 && before?.version !== product.version - 1) {
        failures.set(product.id, new ProductVersionConflictError(product.id, product.version - 1));
        continue;
      }
      const write = this.plan(product, before, context, product.version === 1);
      // Counters are merged per chunk, so budget one counter item per product as the worst case.
      const cost = write.items.length + write.counters.size;
      if (size + cost > MAX_TRANSACTION_ITEMS && chunk.length > 0) {
        chunks.push(chunk);
        chunk = [];
        size = 0;
      }
      chunk.push(write);
      size += cost;
    }
    if (chunk.length > 0) chunks.push(chunk);

    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const writes = chunks[next++] as PlannedWrite[];
        await this.commitChunk(writes, context, failures);
      }
    };
    await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, worker));
    return failures;
  }

  async list(query: ProductQuery): Promise<ProductPage> {
    const words = [...new Set(query.words ?? [])];
    if (words.length > 0) return this.search(words, query);
    const input: QueryCommandInput =
      query.category === undefined
        ? {
            TableName: this.tableName,
            IndexName: CATALOGUE_INDEX,
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': CATALOGUE_PARTITION },
          }
        : {
            TableName: this.tableName,
            IndexName: CATEGORY_INDEX,
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': categoryPartitionKey(query.category) },
          };
    const partitionAttribute = query.category === undefined ? 'gsi2pk' : 'gsi1pk';
    const partition = input.ExpressionAttributeValues?.[':pk'] as string;
    if (query.after !== undefined && query.after[partitionAttribute] !== partition)
      throw new InvalidListPositionError();
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({ ...input, Limit: query.limit, ExclusiveStartKey: query.after }),
    );
    const stock = await this.stockOf(Items.map((item) => String(item.id)));
    return {
      items: Items.map((item) => toProduct(item, stock.get(String(item.id)))),
      ...(LastEvaluatedKey === undefined ? {} : { next: LastEvaluatedKey as ListPosition }),
    };
  }

  async categories(): Promise<CategoryCount[]> {
    const counts: CategoryCount[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': CATEGORIES_PARTITION },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const productCount = Number(item.productCount ?? 0);
        if (productCount > 0) counts.push({ slug: String(item.sk), productCount });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return counts;
  }

  async recordStockLevel(level: StockLevel): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: productPartitionKey(level.productId),
            sk: STOCK_SORT_KEY,
            available: level.available,
            stockVersion: level.version,
          } satisfies StockItem,
          // Out-of-order and duplicate reports lose here: only a newer stock version replaces the held one.
          ConditionExpression: 'attribute_not_exists(pk) OR stockVersion < :version',
          ExpressionAttributeValues: { ':version': level.version },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** One keyword page: the most selective (longest) word's partition in name order, the others as a filter. */
  private async search(words: string[], query: ProductQuery): Promise<ProductPage> {
    const [driving, ...others] = [...words].sort((a, b) => b.length - a.length) as [string, ...string[]];
    const partition = wordPartitionKey(driving);
    if (query.after !== undefined && query.after.pk !== partition) throw new InvalidListPositionError();
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition };
    const filters: string[] = [];
    if (others.length > 0) names['#words'] = 'words';
    others.forEach((word, index) => {
      values[`:w${index}`] = ` ${word} `;
      filters.push(`contains(#words, :w${index})`);
    });
    if (query.category !== undefined) {
      values[':category'] = query.category;
      filters.push('category = :category');
    }
    const matches: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined = query.after;
    let next: ListPosition | undefined;
    for (let reads = 0; reads < MAX_SEARCH_READS; reads++) {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          // Filtered reads skip most items: read more per round trip so a page rarely needs a second one.
          Limit: filters.length > 0 ? Math.min(1000, query.limit * 10) : query.limit,
          ExclusiveStartKey: startKey,
        }),
      );
      const items = page.Items ?? [];
      const room = query.limit - matches.length;
      matches.push(...items.slice(0, room));
      if (matches.length === query.limit) {
        // Page full: continue after the last product shown, unless nothing can follow it.
        const hasMore = items.length > room || page.LastEvaluatedKey !== undefined;
        if (hasMore) next = keyOf(matches[matches.length - 1] as Record<string, unknown>);
        break;
      }
      startKey = page.LastEvaluatedKey;
      if (startKey === undefined) break;
      // Bounded filtering: give the shopper what was found so far and a cursor to continue.
      if (reads === MAX_SEARCH_READS - 1) next = startKey as ListPosition;
    }
    const products = await this.productsByIds(matches.map((item) => String(item.productId)));
    const byId = new Map(products.map((product) => [product.id, product]));
    return {
      items: matches.flatMap((item) => byId.get(String(item.productId)) ?? []),
      ...(next === undefined ? {} : { next }),
    };
  }

  private async commitChunk(writes: PlannedWrite[], context: WriteContext, failures: Map<string, Error>) {
    const counters = new Map<string, number>();
    for (const write of writes) {
      for (const [category, delta] of write.counters) counters.set(category, (counters.get(category) ?? 0) + delta);
    }
    const items = [...writes.flatMap((write) => write.items), ...this.counterUpdates(counters)];
    try {
      await this.batchPut(writes.flatMap((write) => write.wordsAhead));
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      await this.relay?.publishCommitted(writes.flatMap((write) => write.events));
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      // One product's condition failed (e.g. its SKU was taken meanwhile): store the others one by one.
      for (const write of writes) {
        try {
          await this.save(write.product, context);
        } catch (cause) {
          failures.set(write.product.id, cause as Error);
        }
      }
    }
  }

  /**
   * `wordsAhead` (new products in a bulk import only): the word items go out as cheaper batch writes before the
   * transaction instead of inside it. Until the product commits they point at a product that does not exist, which
   * reads skip, so a crash or a failed transaction leaves harmless leftovers and never a committed product that
   * search cannot find. Updates keep their word changes inside the transaction (old words must go atomically).
   */
  private plan(
    product: Product,
    previous: ProductItem | undefined,
    context: WriteContext,
    wordsAhead = false,
  ): PlannedWrite {
    const item = toItem(product);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :previous',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':previous': previous.version },
              }),
        },
      },
    ];
    if (previous?.sku !== product.sku) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { pk: skuPartitionKey(product.sku), sk: SKU_SORT_KEY, productId: product.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      if (previous !== undefined) {
        items.push({
          Delete: { TableName: this.tableName, Key: { pk: skuPartitionKey(previous.sku), sk: SKU_SORT_KEY } },
        });
      }
    }
    const counters = new Map<string, number>();
    const wasListed = previous?.status === 'active';
    const isListed = product.status === 'active';
    if (!(wasListed && isListed && previous?.category === product.category)) {
      if (wasListed) counters.set(previous.category, -1);
      if (isListed) counters.set(product.category, (counters.get(product.category) ?? 0) + 1);
    }
    const ahead = wordsAhead && previous === undefined && item.status === 'active' ? wordItems(item) : [];
    if (ahead.length === 0) items.push(...this.wordChanges(previous, item));
    const events = product.pendingEvents.map((event) => toCloudEvent(event, context.correlationId));
    items.push(...events.map((event) => outboxPut(this.tableName, event)));
    return { product, items, wordsAhead: ahead as unknown as Record<string, unknown>[], counters, events };
  }

  /** Rewrites the product's search words when anything they carry changed; removes them when it leaves the shop. */
  private wordChanges(previous: ProductItem | undefined, next: ProductItem): TransactItem[] {
    const before = previous?.status === 'active' ? wordItems(previous) : [];
    const after = next.status === 'active' ? wordItems(next) : [];
    const unchanged = before.length === after.length && before.every((item, index) => sameWordItem(item, after[index]));
    if (unchanged) return [];
    const kept = new Set(after.map((item) => `${item.pk}|${item.sk}`));
    return [
      ...before
        .filter((item) => !kept.has(`${item.pk}|${item.sk}`))
        .map((item) => ({ Delete: { TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } } })),
      ...after.map((item) => ({ Put: { TableName: this.tableName, Item: item } })),
    ];
  }

  private counterUpdates(counters: Map<string, number>): TransactItem[] {
    return [...counters]
      .filter(([, delta]) => delta !== 0)
      .map(([category, delta]) => ({
        Update: {
          TableName: this.tableName,
          Key: { pk: CATEGORIES_PARTITION, sk: category },
          UpdateExpression: 'ADD productCount :delta',
          ExpressionAttributeValues: { ':delta': delta },
        },
      }));
  }

  private async storedItem(productId: string): Promise<ProductItem | undefined> {
    const [item] = await this.batchGet([{ pk: productPartitionKey(productId), sk: PRODUCT_SORT_KEY }]);
    return item as unknown as ProductItem | undefined;
  }

  private async productsByIds(ids: readonly string[]): Promise<Product[]> {
    const unique = [...new Set(ids)];
    const items = await this.batchGet(
      unique.flatMap((id) => [
        { pk: productPartitionKey(id), sk: PRODUCT_SORT_KEY },
        { pk: productPartitionKey(id), sk: STOCK_SORT_KEY },
      ]),
    );
    const stock = new Map(
      items.filter((i) => i.sk === STOCK_SORT_KEY).map((i) => [String(i.pk), i as unknown as StockItem]),
    );
    const byId = new Map(
      items.filter((i) => i.sk === PRODUCT_SORT_KEY).map((i) => [String(i.id), toProduct(i, stock.get(String(i.pk)))]),
    );
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  private async stockOf(ids: readonly string[]): Promise<Map<string, StockItem>> {
    const items = await this.batchGet(ids.map((id) => ({ pk: productPartitionKey(id), sk: STOCK_SORT_KEY })));
    return new Map(items.map((item) => [String(item.pk).slice('PRODUCT#'.length), item as unknown as StockItem]));
  }

  private async batchPut(items: Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let pending: BatchWriteCommandInput['RequestItems'] = {
        [this.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(attempt, 6)));
        const result: BatchWriteCommandOutput = await this.client.send(
          new BatchWriteCommand({ RequestItems: pending }),
        );
        pending = result.UnprocessedItems;
      }
    }
  }

  private async batchGet(keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < keys.length; start += MAX_BATCH_GET) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + MAX_BATCH_GET);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** Math.min(attempt, 6)));
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}

interface WordItem {
  pk: string;
  sk: string;
  productId: string;
  category: string;
  words: string;
}

function wordItems(item: Pick<ProductItem, 'id' | 'name' | 'category' | 'sku' | 'description'>): WordItem[] {
  const words = searchWordsOf(item);
  const sk = nameSortKey(item.name, item.id);
  // Padded so `contains(words, ' tea ')` matches whole words only.
  const all = ` ${words.join(' ')} `;
  return words.map((word) => ({
    pk: wordPartitionKey(word),
    sk,
    productId: item.id,
    category: item.category,
    words: all,
  }));
}

function sameWordItem(a: WordItem, b: WordItem | undefined): boolean {
  return b !== undefined && a.pk === b.pk && a.sk === b.sk && a.category === b.category && a.words === b.words;
}

function keyOf(item: Record<string, unknown>): ListPosition {
  return { pk: String(item.pk), sk: String(item.sk) };
}

function translateCancellation(error: unknown, items: TransactItem[], product: Product): unknown {
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (name !== 'TransactionCanceledException' || !CancellationReasons) return error;
  const failedIndex = CancellationReasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
  if (failedIndex === 0) return new ProductVersionConflictError(product.id, product.version - 1);
  const failed = items[failedIndex];
  if (failed?.Put?.Item?.sk === SKU_SORT_KEY) return new SkuAlreadyExistsError(product.sku);
  return error;
}

function toItem(product: Product): ProductItem {
  const { stockLevel: _stock, ...snapshot } = product.toSnapshot();
  const item: ProductItem = {
    pk: productPartitionKey(snapshot.id),
    sk: PRODUCT_SORT_KEY,
    entityType: ENTITY_TYPE,
    ...snapshot,
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

function toProduct(item: Record<string, unknown>, stock: StockItem | undefined): Product {
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
      stockLevel: stock === undefined ? null : Number(stock.available),
      version: stored.version,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
    });
  } catch (cause) {
    // Bad stored data is our fault, not the caller's: surface it as an unexpected error, never as a 4xx.
    throw new Error(`Stored product ${String(item.pk)} cannot be read`, { cause });
  }
}

function newContext(): WriteContext {
  return { correlationId: ulid() };
}
