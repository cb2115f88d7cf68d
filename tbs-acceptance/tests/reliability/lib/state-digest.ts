// What "nothing was written" means, measured: a digest of every item of every DynamoDB table, the depth of every
// queue, the Stripe stand-in's PaymentIntents, charges and refunds, the emails sent and the sales report.
import { createHash } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TestCloud } from '@tbs/devops-local/harness';
import { queueDepths } from './queues';

export interface StateDigest {
  tables: Record<string, { items: number; digest: string }>;
  queues: Record<string, number>;
  stripe: { paymentIntents: number; charges: number; refunds: number };
  emails: number;
  report: string;
}

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value as object)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);

export async function stateDigest(
  cloud: TestCloud,
  sqs: SQSClient,
  monthlySales: () => Promise<unknown>,
): Promise<StateDigest> {
  const env = cloud.awsEnv;
  const dynamo = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: cloud.endpoints.dynamodb,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
  });
  try {
    const tables: StateDigest['tables'] = {};
    const { TableNames = [] } = await dynamo.send(new ListTablesCommand({}));
    for (const table of TableNames) {
      const items: string[] = [];
      for await (const page of paginateScan({ client: dynamo }, { TableName: table, ConsistentRead: true })) {
        for (const item of page.Items ?? []) items.push(canonical(item));
      }
      items.sort();
      tables[table] = { items: items.length, digest: createHash('sha256').update(items.join('\n')).digest('hex') };
    }
    const objects = cloud.cloud.standins.stripe.objects();
    return {
      tables,
      queues: await queueDepths(sqs),
      stripe: {
        paymentIntents: objects.paymentIntents.length,
        charges: objects.charges.length,
        refunds: objects.refunds.length,
      },
      emails: (await cloud.emails()).length,
      report: canonical(await monthlySales()),
    };
  } finally {
    dynamo.destroy();
  }
}

/** The differences between two digests, one line each. */
export function digestChanges(before: StateDigest, after: StateDigest): string[] {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const a = before.tables[table];
    const b = after.tables[table];
    if (a?.digest !== b?.digest)
      changes.push(`table ${table}: ${a?.items ?? 0} -> ${b?.items ?? 0} items, contents changed`);
  }
  for (const queue of new Set([...Object.keys(before.queues), ...Object.keys(after.queues)])) {
    if ((before.queues[queue] ?? 0) !== (after.queues[queue] ?? 0))
      changes.push(`queue ${queue}: ${before.queues[queue] ?? 0} -> ${after.queues[queue] ?? 0} messages`);
  }
  for (const key of ['paymentIntents', 'charges', 'refunds'] as const) {
    if (before.stripe[key] !== after.stripe[key])
      changes.push(`Stripe ${key}: ${before.stripe[key]} -> ${after.stripe[key]}`);
  }
  if (before.emails !== after.emails) changes.push(`emails: ${before.emails} -> ${after.emails}`);
  if (before.report !== after.report) changes.push('sales report changed');
  return changes;
}
