import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { validateCreateProductResponse201, validateListProductsResponse200 } from '@tbs/contracts/validators';
import { startTestCloud, type TestCloud } from '@tbs/devops-local/harness';
import { subscribeQueue } from '@tbs/devops-local/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADMIN = 'catalogue.admin@example.com';
const SHOPPER = 'shopper@example.com';

const input = (sku: string, name: string, extra: Record<string, unknown> = {}) => ({
  sku,
  name,
  description: 'Roasted green tea with a nutty finish.',
  category: 'cloud-tea',
  kind: 'physical',
  price: { amount: 1650, currency: 'NZD' },
  imageUrls: [],
  ...extra,
});

/**
 * The product stack as the local cloud runs it from template.yaml: built bundles behind the Cognito-authorized
 * gateway, the product topic of tbs-devops-events, the import bucket's notification. What an administrator and a shopper see.
 */
describe('product stack on the local cloud', () => {
  let cloud: TestCloud;
  let sqs: SQSClient;
  let queueUrl: string;
  const outputs = () => cloud.stacks.find((stack) => stack.name === 'tbs-app-product')?.outputs ?? {};

  beforeAll(async () => {
    cloud = await startTestCloud({
      // The event topics (product's, and fulfilment's that the stock queue subscribes to) live in tbs-devops-events.
      stacks: ['tbs-devops-events', 'product'],
    });
    await cloud.createUser({ email: ADMIN, admin: true });
    await cloud.createUser({ email: SHOPPER });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const region = cloud.awsEnv.AWS_REGION ?? 'us-east-1';
    sqs = new SQSClient({ region, endpoint: cloud.endpoints.sqs, credentials, useQueueUrlAsEndpoint: false });
    const sns = new SNSClient({ region, endpoint: cloud.endpoints.sns, credentials });
    const topicArn = cloud.cloud.outputs('tbs-devops-events').ProductTopicArn as string;
    ({ queueUrl } = await subscribeQueue({ sns, sqs }, topicArn, 'product-events-probe'));
    sns.destroy();
  }, 180_000);

  afterAll(async () => {
    sqs?.destroy();
    await cloud?.stop();
  });

  it('lets administrators create, update (If-Match) and archive products, and nobody else', async () => {
    expect(
      (await cloud.api('/product/v1/products', { method: 'POST', body: input('CLOUD-1', 'Hojicha') })).status,
    ).toBe(401);
    const denied = await cloud.api('/product/v1/products', {
      method: 'POST',
      as: SHOPPER,
      body: input('CLOUD-1', 'x'),
    });
    expect(denied.status).toBe(403);

    const created = await cloud.api<{ id: string; version: number }>('/product/v1/products', {
      method: 'POST',
      as: ADMIN,
      body: input('CLOUD-1', 'Hojicha Roasted'),
    });
    expect(created.status).toBe(201);
    expect(validateCreateProductResponse201(created.body)).toBe(true);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;

    const clash = await cloud.api('/product/v1/products', {
      method: 'POST',
      as: ADMIN,
      body: input('CLOUD-1', 'Twin'),
    });
    expect(clash.status).toBe(409);

    const path = `/product/v1/products/${id}`;
    const body = input('CLOUD-1', 'Hojicha Roasted', { price: { amount: 1750, currency: 'NZD' } });
    expect((await cloud.api(path, { method: 'PUT', as: ADMIN, body })).status).toBe(428);
    const stale = await cloud.api(path, { method: 'PUT', as: ADMIN, body, headers: { 'If-Match': '"7"' } });
    expect(stale.status).toBe(412);
    const updated = await cloud.api<{ version: number; price: { amount: number } }>(path, {
      method: 'PUT',
      as: ADMIN,
      body,
      headers: { 'If-Match': '"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, price: { amount: 1750 } });

    const found = await cloud.api<{ items: { id: string }[] }>('/product/v1/products?q=ROASTED%20hojicha');
    const foreign = await cloud.api<{ nextCursor: string | null }>('/product/v1/products?limit=1');
    const misuse = await cloud.api<{ code: string }>(
      `/product/v1/products?category=cloud-tea&cursor=${encodeURIComponent(String(foreign.body.nextCursor))}`,
    );
    expect(misuse.status).toBe(400);
    expect(misuse.body.code).toBe('INVALID_CURSOR');
    expect(found.body.items.map((item) => item.id)).toEqual([id]);
    expect(validateListProductsResponse200(found.body)).toBe(true);
    const categories = await cloud.api<{ items: { slug: string; productCount: number }[] }>('/product/v1/categories');
    expect(categories.body.items).toContainEqual({ slug: 'cloud-tea', productCount: 1 });
    // Like every other endpoint, the categories refuse a query parameter the spec does not declare.
    const unknownParameter = await cloud.api<{ code: string }>('/product/v1/categories?isAdmin=true');
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknownParameter.body.code).toBe('VALIDATION_FAILED');
    // A route the API does not have is API Gateway's own 403, answered as the API's problem+json gateway response.
    const noRoute = await cloud.api<{ code: string; status: number }>('/product/v1/nothing-here');
    expect(noRoute.status).toBe(403);
    expect(noRoute.headers.get('content-type')).toBe('application/problem+json');
    expect(noRoute.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 403 });

    const archived = await cloud.api<{ status: string }>(path, { method: 'DELETE', as: ADMIN });
    expect(archived.body.status).toBe('archived');
    expect((await cloud.api<{ items: unknown[] }>('/product/v1/products?q=hojicha')).body.items).toEqual([]);
    expect((await cloud.api<{ status: string }>(path)).body.status).toBe('archived');

    const types: string[] = [];
    for (let attempt = 0; attempt < 10 && types.length < 3; attempt++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      types.push(...Messages.map((message) => (JSON.parse(message.Body ?? '{}') as { type: string }).type));
    }
    expect(types).toEqual([
      'tbs.product.ProductCreated.v1',
      'tbs.product.ProductUpdated.v1',
      'tbs.product.ProductArchived.v1',
    ]);
  });

  it('imports a CSV dropped into the import bucket and writes its report next to it', async () => {
    const s3 = new S3Client({
      region: cloud.awsEnv.AWS_REGION ?? 'us-east-1',
      endpoint: cloud.endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const bucket = outputs().ImportBucketName;
    const csv = [
      'sku,name,description,category,kind,price_amount,price_currency,image_urls',
      'IMP-1,Import Kettle,Stovetop kettle,cloud-import,physical,4500,NZD,',
      'IMP-2,Import Course,Online brewing course,cloud-import,digital,abc,NZD,',
    ].join('\n');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'imports/first.csv', Body: csv }));
    let report: { totals: { created: number; rejected: number } } | undefined;
    for (let attempt = 0; attempt < 40 && report === undefined; attempt++) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'imports/first.csv.report.json' }));
        report = JSON.parse((await object.Body?.transformToString()) ?? '{}');
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    s3.destroy();
    expect(report?.totals).toMatchObject({ created: 1, rejected: 1 });
    const listed = await cloud.api<{ items: { sku: string }[] }>('/product/v1/products?category=cloud-import');
    expect(listed.body.items.map((item) => item.sku)).toEqual(['IMP-1']);
  });
});
