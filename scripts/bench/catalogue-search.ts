import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { type Summary, summarize } from './stats';

export interface CatalogueSearchResult {
  products: number;
  importSeconds: number;
  /** Milliseconds per `GET /product/v1/products?q=` as a browser sees it through the local gateway. */
  search?: Summary;
  /** Why search was not measured (e.g. the endpoint does not take `q` yet). */
  searchMissing?: string;
}

const CATEGORIES = ['tea', 'coffee', 'brewing-gear', 'books', 'courses'];
const ADJECTIVES = ['Smoky', 'Floral', 'Bright', 'Mellow', 'Earthy', 'Sweet', 'Bold', 'Gentle'];
const NOUNS = ['Oolong', 'Sencha', 'Assam', 'Kettle', 'Grinder', 'Guide', 'Blend', 'Roast'];

/** A valid import file of `rows` products whose names share a small vocabulary, so keyword matches are large. */
export function catalogueCsv(rows: number): string {
  const lines = ['sku,name,description,category,kind,price_amount,price_currency,image_urls'];
  for (let index = 0; index < rows; index++) {
    const name = `${ADJECTIVES[index % 8]} ${NOUNS[(index >> 3) % 8]} ${index}`;
    lines.push(
      `BENCH-${index},${name},"Bench item ${index}",${CATEGORIES[index % 5]},${index % 10 === 0 ? 'digital' : 'physical'},${500 + (index % 9000)},NZD,https://img.example.com/bench/${index}.jpg`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The searches a shopper would type: one word, two words, a word within a category, a word nobody sells. */
export function searchPaths(count: number): string[] {
  const paths: string[] = [];
  for (let index = 0; index < count; index++) {
    const adjective = (ADJECTIVES[index % 8] as string).toLowerCase();
    const noun = (NOUNS[(index >> 1) % 8] as string).toLowerCase();
    const shapes = [
      `q=${noun}`,
      `q=${encodeURIComponent(`${adjective} ${noun}`)}`,
      `q=${adjective}&category=${CATEGORIES[index % 5]}`,
      'q=zeppelin',
    ];
    paths.push(`/product/v1/products?${shapes[index % shapes.length]}`);
  }
  return paths;
}

/**
 * Starts the product stack on the local cloud, imports `products` rows through its CSV import (the way an
 * administrator loads a catalogue), then times `queries` keyword searches one after another.
 */
export async function measureCatalogueSearch(
  products: number,
  queries: number,
  log: (line: string) => void,
): Promise<CatalogueSearchResult> {
  // The product stack and what it imports: its topic and the fulfilment topic it subscribes to are in the events stack.
  const cloud: TestCloud = await startTestCloud({ stacks: ['tbs-devops-events', 'product'] });
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: cloud.endpoints.s3,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const bucket = cloud.stacks.find((stack) => stack.name === 'tbs-app-product')?.outputs.ImportBucketName;
    if (!bucket) throw new Error('the product stack has no ImportBucketName output');
    log(`catalogue: importing ${products} products through the CSV import ...`);
    const started = Date.now();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bench/catalogue.csv', Body: catalogueCsv(products) }));
    const totals = await waitForReport(s3, bucket, 'bench/catalogue.csv', started, 280_000);
    const importSeconds = (Date.now() - started) / 1000;
    if (totals.created !== products) {
      throw new Error(`the import created ${totals.created} of ${products} products: ${JSON.stringify(totals)}`);
    }

    const probe = await cloud.api<{ items?: unknown[] }>('/product/v1/products?q=oolong');
    if (probe.status !== 200 || !Array.isArray(probe.body?.items) || probe.body.items.length === 0) {
      return {
        products,
        importSeconds,
        searchMissing: `GET /products?q=oolong answered ${probe.status} with no matching items`,
      };
    }
    log(`catalogue: ${queries} searches ...`);
    for (const path of searchPaths(20)) await cloud.api(path);
    const samples: number[] = [];
    for (const path of searchPaths(queries)) {
      const before = performance.now();
      const response = await cloud.api(path);
      samples.push(performance.now() - before);
      if (response.status !== 200)
        throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 200)}`);
    }
    return { products, importSeconds, search: summarize(samples) };
  } finally {
    s3.destroy();
    await cloud.stop();
  }
}

async function waitForReport(
  s3: S3Client,
  bucket: string,
  key: string,
  since: number,
  timeoutMs: number,
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}.report.json` }));
      const body = JSON.parse((await object.Body?.transformToString()) ?? '{}') as {
        totals?: Record<string, number>;
        finishedAt?: string;
      };
      if (body.totals && Date.parse(body.finishedAt ?? '') >= since - 1000) return body.totals;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the import wrote no report for ${key} within ${timeoutMs / 1000} s`);
}
