import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { OutboxRelay, SnsEventPublisher } from '@tbs/contracts/runtime';
import { Money } from '../src/domain/money';
import { type NewProduct, Product, type ProductKind } from '../src/domain/product';
import { ProductVersionConflictError } from '../src/domain/product-errors';
import { documentClientOf } from '../src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../src/infrastructure/dynamodb-product-repository';
import { PRODUCT_EVENT_VALIDATORS } from '../src/infrastructure/product-event-validators';

/** What the local cloud hands a seed module (the part of its SeedContext this seed uses). */
export interface ProductSeedContext {
  /**
   * This stack's outputs; ProductsTableName is required. With ProductTopicArn the seeded products' events are
   * published as soon as each write commits, as the admin API does; without it they wait in the outbox for the
   * relay function.
   */
  outputs: Record<string, string>;
  /** AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB and dummy credentials of the local stand-ins. */
  awsEnv: Record<string, string>;
  log(message: string): void;
}

/** The local cloud's SeedResult (summary for the `up` table, ids for the demo) plus the counts. */
export interface ProductSeedResult {
  summary: string;
  ids: { products: string[] };
  created: number;
  alreadyPresent: number;
}

interface CatalogueFile {
  createdAt: string;
  products: {
    id: string;
    sku: string;
    name: string;
    description: string;
    category: string;
    kind: ProductKind;
    price: { amount: number; currency: string };
    imageUrls: string[];
  }[];
}

const CATALOGUE_URL = new URL('./products.json', import.meta.url);

/**
 * Writes the demo catalogue through the service's own repository, so seeded items look exactly like items the
 * service writes. Ids are fixed: a product that already exists is left as it is (an operator may have changed
 * it), which makes reseeding harmless.
 */
export async function seed(ctx: ProductSeedContext): Promise<ProductSeedResult> {
  const tableName = ctx.outputs.ProductsTableName;
  if (!tableName) throw new Error('seed: the stack has no ProductsTableName output');
  const { awsEnv } = ctx;
  const region = awsEnv.AWS_REGION || awsEnv.AWS_DEFAULT_REGION || 'us-east-1'; // stand-ins ignore it; the SDK insists
  const credentials =
    awsEnv.AWS_ACCESS_KEY_ID && awsEnv.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: awsEnv.AWS_ACCESS_KEY_ID, secretAccessKey: awsEnv.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const endpointFor = (service: string) =>
    awsEnv[`AWS_ENDPOINT_URL_${service}`] || awsEnv.AWS_ENDPOINT_URL || undefined;
  const clientOptions = (service: string) => {
    const endpoint = endpointFor(service);
    return { region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
  };
  const dynamoDb = new DynamoDBClient(clientOptions('DYNAMODB'));
  const topicArn = ctx.outputs.ProductTopicArn;
  const sns = topicArn ? new SNSClient(clientOptions('SNS')) : undefined;
  const relay =
    topicArn && sns
      ? new OutboxRelay({
          client: dynamoDb,
          tableName,
          publisher: new SnsEventPublisher(sns, topicArn, PRODUCT_EVENT_VALIDATORS),
        })
      : undefined;
  try {
    const repository = new DynamoDbProductRepository(documentClientOf(dynamoDb), tableName, relay);
    const catalogue = await loadCatalogue();
    let created = 0;
    let alreadyPresent = 0;
    for (const product of catalogue) {
      if (await repository.findById(product.id)) {
        alreadyPresent += 1;
        continue;
      }
      try {
        await repository.save(product);
        created += 1;
      } catch (error) {
        // Another seed run got there first: same outcome as "already present".
        if (!(error instanceof ProductVersionConflictError)) throw error;
        alreadyPresent += 1;
      }
    }
    const categories = new Set(catalogue.map((p) => p.category)).size;
    return {
      summary: `${catalogue.length} products in ${categories} categories (${created} created, ${alreadyPresent} already present)`,
      ids: { products: catalogue.map((p) => p.id) },
      created,
      alreadyPresent,
    };
  } finally {
    dynamoDb.destroy();
    sns?.destroy();
  }
}

/** The demo catalogue as products, validated by the domain like any other product. */
export async function loadCatalogue(): Promise<Product[]> {
  const file = JSON.parse(await readFile(CATALOGUE_URL, 'utf8')) as CatalogueFile;
  const createdAt = new Date(file.createdAt);
  return file.products.map((entry) => {
    const input: NewProduct = { ...entry, price: Money.of(entry.price.amount, entry.price.currency) };
    return Product.create(input, createdAt);
  });
}
