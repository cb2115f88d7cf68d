import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { validateListProductsResponse200 } from '@tbs/contracts/validators';
import type { CatalogueEntry } from '../src/domain/pricing';
import { DynamoDbCatalogue } from '../src/infrastructure/dynamodb-catalogue';
import { documentClientOf } from '../src/infrastructure/dynamodb-client';

/** What the local cloud hands a seed module (the part of its SeedContext this seed uses). */
export interface OrderSeedContext {
  outputs: Record<string, string>;
  awsEnv: Record<string, string>;
  gatewayUrl: string;
  log(message: string): void;
}

interface ProductPage {
  items: {
    id: string;
    sku: string;
    name: string;
    kind: 'physical' | 'digital';
    price: { amount: number; currency: string };
    status: 'active' | 'archived';
    version: number;
  }[];
  nextCursor: string | null;
}

/** The demo catalogue comes from the product stack's seed, so this one runs after it. */
export const seedAfter = ['tbs-app-product'];

/**
 * Fills the order service's catalogue projection from the public product API, so a freshly started local shop can
 * take orders before the product events (left in the product outbox by its seed) are relayed. Idempotent: entries
 * are kept only when newer by product version, exactly as the event consumer keeps them.
 */
export async function seed(ctx: OrderSeedContext): Promise<{ summary: string; recorded: number; unchanged: number }> {
  const tableName = ctx.outputs.OrdersTableName;
  if (!tableName) throw new Error('The order stack has no OrdersTableName output');
  const client = new DynamoDBClient({
    region: ctx.awsEnv.AWS_REGION,
    endpoint: ctx.awsEnv.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: {
      accessKeyId: ctx.awsEnv.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: ctx.awsEnv.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  });
  const catalogue = new DynamoDbCatalogue(documentClientOf(client), tableName);
  let recorded = 0;
  let unchanged = 0;
  try {
    let cursor: string | null = null;
    do {
      const url = new URL('/product/v1/products', ctx.gatewayUrl);
      url.searchParams.set('limit', '100');
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
      const page = (await response.json()) as ProductPage;
      if (!validateListProductsResponse200(page)) throw new Error('The product list does not match its spec');
      for (const product of page.items) {
        const entry: CatalogueEntry = {
          productId: product.id,
          sku: product.sku,
          name: product.name,
          kind: product.kind,
          unitPrice: product.price.amount,
          currency: product.price.currency,
          status: product.status,
          version: product.version,
        };
        if (await catalogue.record(entry)) recorded += 1;
        else unchanged += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
  } finally {
    client.destroy();
  }
  ctx.log(`order catalogue: ${recorded} recorded, ${unchanged} already current`);
  return { summary: `${recorded + unchanged} products priced for checkout (${recorded} new)`, recorded, unchanged };
}
