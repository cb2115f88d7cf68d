import 'reflect-metadata';
import { GetInventory } from '../src/application/get-inventory';
import { SetStockOnHand } from '../src/application/set-stock-on-hand';
import { InventoryNotFoundError } from '../src/domain/fulfilment-errors';
import { createContainer } from '../src/infrastructure/container';

/** What the local cloud hands a seed module (the part of its SeedContext this seed uses). */
export interface FulfilmentSeedContext {
  /** This stack's outputs: FulfilmentTableName and FulfilmentTopicArn (the topic it publishes to). */
  outputs: Record<string, string>;
  /** AWS_REGION, AWS_ENDPOINT_URL_* and dummy credentials of the local stand-ins. */
  awsEnv: Record<string, string>;
  /** The local gateway: the catalogue is read from the product service's public API, as any client would. */
  gatewayUrl: string;
  log(message: string): void;
}

export interface FulfilmentSeedResult {
  summary: string;
  ids: { stocked: string[] };
  created: number;
  alreadyPresent: number;
}

/** The catalogue must be seeded first: this seed stocks what the product API lists. */
export const seedAfter = ['tbs-app-product'];

/** Units each demo product starts with: enough for a demo, few enough that selling out is easy to show. */
export const DEMO_UNITS = 25;

interface CatalogueItem {
  id: string;
  kind: 'physical' | 'digital';
}

/**
 * Stocks every physical product of the running catalogue with DEMO_UNITS through the service's own use case, so the
 * StockLevelChanged events reach product and cart as they would in production. A product that already has a stock
 * record keeps it (an operator may have counted it since), which makes reseeding harmless.
 */
export async function seed(ctx: FulfilmentSeedContext): Promise<FulfilmentSeedResult> {
  const { FulfilmentTableName: tableName, FulfilmentTopicArn: topicArn } = ctx.outputs;
  if (!tableName) throw new Error('seed: the stack has no FulfilmentTableName output');
  const container = createContainer({ ...ctx.awsEnv, TABLE_NAME: tableName, EVENTS_TOPIC_ARN: topicArn }, undefined, {
    accessKeyId: ctx.awsEnv.AWS_ACCESS_KEY_ID ?? 'local',
    secretAccessKey: ctx.awsEnv.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
  const getInventory = container.resolve(GetInventory);
  const setStock = container.resolve(SetStockOnHand);
  const physical = (await catalogue(ctx.gatewayUrl)).filter((item) => item.kind === 'physical');
  let created = 0;
  for (const { id } of physical) {
    try {
      await getInventory.execute(id);
    } catch (error) {
      if (!(error instanceof InventoryNotFoundError)) throw error;
      await setStock.execute(id, DEMO_UNITS, undefined, { correlationId: 'seed' });
      created += 1;
    }
  }
  // Without the product stack (or its seed) there is nothing to stock yet; a later `tbs-local seed` catches up.
  const summary =
    physical.length === 0
      ? 'no physical products in the catalogue yet: nothing stocked'
      : `${physical.length} products stocked (${created} new, ${DEMO_UNITS} units each)`;
  ctx.log(summary);
  return {
    summary,
    ids: { stocked: physical.map((item) => item.id) },
    created,
    alreadyPresent: physical.length - created,
  };
}

async function catalogue(gatewayUrl: string): Promise<CatalogueItem[]> {
  const items: CatalogueItem[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL('/product/v1/products', gatewayUrl);
    url.searchParams.set('limit', '100');
    if (cursor) url.searchParams.set('cursor', cursor);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`seed: the catalogue answered ${response.status}`);
    const page = (await response.json()) as { items: CatalogueItem[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
