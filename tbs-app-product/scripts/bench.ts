/**
 * `make bench` for the product service: on a fresh local cloud, imports 10,000 products through the import bucket
 * (the bar: under 60 s) and then measures keyword search through the gateway (the bar: p99 under 50 ms).
 * Prints one line per measurement; exits non-zero when a bar is missed.
 *
 *   npx tsx tbs-app-product/scripts/bench.ts [rows=10000] [searches=300]
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestCloud } from '@tbs/devops-local/harness';
import { catalogueCsv } from '../tests/fixtures/catalogue-csv';

const ROWS = Number(process.argv[2] ?? 10_000);
const SEARCHES = Number(process.argv[3] ?? 300);
const IMPORT_BAR_MS = 60_000;
const SEARCH_P99_BAR_MS = 50;
const QUERIES = [
  'oolong',
  'smoky oolong',
  'sencha',
  'bright guide',
  'kettle',
  'floral choice',
  'mellow roast',
  'assam',
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;

const cloud = await startTestCloud({
  stacks: ['tbs-devops-events', 'product'],
});
let failed = false;
try {
  const bucket = cloud.stacks.find((stack) => stack.name === 'tbs-app-product')?.outputs.ImportBucketName ?? '';
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: cloud.endpoints.s3,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const started = Date.now();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bench/catalogue.csv', Body: catalogueCsv(ROWS) }));
  let totals: Record<string, number> | undefined;
  while (totals === undefined && Date.now() - started < 600_000) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bench/catalogue.csv.report.json' }));
      totals = (JSON.parse((await object.Body?.transformToString()) ?? '{}') as { totals: Record<string, number> })
        .totals;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const importMs = Date.now() - started;
  s3.destroy();
  const importOk = totals?.created === ROWS && importMs < IMPORT_BAR_MS;
  failed ||= !importOk;
  console.log(
    `product import: ${ROWS} rows in ${(importMs / 1000).toFixed(1)} s (${totals?.created ?? 0} created; bar ${IMPORT_BAR_MS / 1000} s) ${importOk ? 'ok' : 'MISSED'}`,
  );

  // Warm the function workers first: cold starts are not what the bar is about.
  for (const q of QUERIES) await cloud.api(`/product/v1/products?q=${encodeURIComponent(q)}`);
  const timings: number[] = [];
  const byQuery = new Map<string, number[]>();
  for (let index = 0; index < SEARCHES; index++) {
    const q = QUERIES[index % QUERIES.length] as string;
    const at = performance.now();
    const response = await cloud.api<{ items: unknown[] }>(`/product/v1/products?q=${encodeURIComponent(q)}&limit=25`);
    const ms = performance.now() - at;
    timings.push(ms);
    byQuery.set(q, [...(byQuery.get(q) ?? []), ms]);
    if (response.status !== 200 || response.body.items.length === 0)
      throw new Error(`search ${q} answered ${response.status}`);
  }
  timings.sort((a, b) => a - b);
  for (const [q, list] of byQuery) {
    list.sort((a, b) => a - b);
    console.log(`  q=${q}: p50 ${percentile(list, 0.5).toFixed(1)} ms, max ${percentile(list, 1).toFixed(1)} ms`);
  }
  console.log(`  p90 ${percentile(timings, 0.9).toFixed(1)} ms, p95 ${percentile(timings, 0.95).toFixed(1)} ms`);
  const p50 = percentile(timings, 0.5);
  const p99 = percentile(timings, 0.99);
  const searchOk = p99 < SEARCH_P99_BAR_MS;
  failed ||= !searchOk;
  console.log(
    `product search: ${SEARCHES} searches over ${ROWS} products, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (bar p99 ${SEARCH_P99_BAR_MS} ms) ${searchOk ? 'ok' : 'MISSED'}`,
  );
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
