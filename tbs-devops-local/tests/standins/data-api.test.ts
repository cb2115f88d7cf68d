import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDataApi, startDataApi } from '../../src/standins';
import { toPositional } from '../../src/standins/data-api-sql';

const arns = {
  resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:reports',
  secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:reports-abc',
  database: 'reports',
};

describe('named parameters', () => {
  const hints = new Map<string, string | undefined>([
    ['id', undefined],
    ['at', 'TIMESTAMP'],
  ]);

  it('numbers each distinct name once and casts type hints', () => {
    expect(toPositional('SELECT * FROM t WHERE a = :id OR b = :id AND c > :at', hints)).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 OR b = $1 AND c > $2::timestamp',
      names: ['id', 'at'],
    });
  });

  it('leaves strings, identifiers, comments, dollar quotes and casts alone', () => {
    const sql = `SELECT ':id', E'\\':id', "x:id", $$ :id $$, $f$ :id $f$, :id::text -- :id\n/* :id /* :id */ */ FROM t`;
    expect(toPositional(sql, hints)).toEqual({
      text: `SELECT ':id', E'\\':id', "x:id", $$ :id $$, $f$ :id $f$, $1::text -- :id\n/* :id /* :id */ */ FROM t`,
      names: ['id'],
    });
  });

  it('refuses a placeholder without a value', () => {
    expect(() => toPositional('SELECT :missing', hints)).toThrow(/missing/);
  });
});

// The same behaviour is expected from a real PostgreSQL: set TBS_TEST_DATABASE_URL to check that backend too.
const backends = [
  { backend: 'PGlite', databaseUrl: undefined },
  ...(process.env.TBS_TEST_DATABASE_URL
    ? [{ backend: 'PostgreSQL', databaseUrl: process.env.TBS_TEST_DATABASE_URL }]
    : []),
];

describe.each(backends)('Data API stand-in over $backend', ({ databaseUrl }) => {
  let api: RunningDataApi;
  // A fresh database per run on a real server, where earlier runs' tables persist.
  const target = { ...arns, database: databaseUrl ? `reports_${Date.now()}` : arns.database };
  let client: RDSDataClient;
  const run = (input: Omit<ExecuteStatementCommandInput, 'resourceArn' | 'secretArn'>) =>
    client.send(new ExecuteStatementCommand({ ...target, ...input }));

  beforeAll(async () => {
    api = await startDataApi({ transactionIdleMs: 30_000, ...(databaseUrl ? { databaseUrl } : {}) });
    client = new RDSDataClient({
      endpoint: api.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await run({
      sql: `CREATE TABLE sales (
        id uuid PRIMARY KEY, order_id text NOT NULL, net bigint NOT NULL, rate double precision, gross numeric(12,2),
        paid boolean, sold_at timestamp, sold_on date, doc jsonb, raw bytea, tags text[], qty int[])`,
    });
  });

  afterAll(async () => {
    if (databaseUrl)
      await run({ sql: `DROP DATABASE ${target.database} WITH (FORCE)`, database: 'postgres' }).catch(() => undefined);
    client?.destroy();
    await api?.stop();
  });

  it('round-trips every field type and reports column metadata', async () => {
    const inserted = await run({
      sql: `INSERT INTO sales VALUES (:id, :order, :net, :rate, :gross, :paid, :at, :on, :doc, :raw, :tags, :qty)`,
      parameters: [
        { name: 'id', value: { stringValue: '0190d5a4-8a8e-7b3c-9f00-000000000001' }, typeHint: 'UUID' },
        { name: 'order', value: { stringValue: "o-1 ':x'" } },
        { name: 'net', value: { longValue: 10000 } },
        { name: 'rate', value: { doubleValue: 0.15 } },
        { name: 'gross', value: { stringValue: '115.00' }, typeHint: 'DECIMAL' },
        { name: 'paid', value: { booleanValue: true } },
        { name: 'at', value: { stringValue: '2026-03-04 05:06:07.123' }, typeHint: 'TIMESTAMP' },
        { name: 'on', value: { stringValue: '2026-03-04' }, typeHint: 'DATE' },
        { name: 'doc', value: { stringValue: '{"lines": 2}' }, typeHint: 'JSON' },
        { name: 'raw', value: { blobValue: new Uint8Array([1, 2, 255]) } },
        { name: 'tags', value: { arrayValue: { stringValues: ['gift', 'express'] } } },
        { name: 'qty', value: { arrayValue: { longValues: [1, 2] } } },
      ],
    });
    expect(inserted.numberOfRecordsUpdated).toBe(1);

    const selected = await run({ sql: 'SELECT *, NULL::text AS nothing FROM sales', includeResultMetadata: true });
    const [row] = selected.records ?? [];
    expect(row?.slice(0, 9)).toEqual([
      { stringValue: '0190d5a4-8a8e-7b3c-9f00-000000000001' },
      { stringValue: "o-1 ':x'" },
      { longValue: 10000 },
      { doubleValue: 0.15 },
      { stringValue: '115.00' },
      { booleanValue: true },
      { stringValue: '2026-03-04 05:06:07.123' },
      { stringValue: '2026-03-04' },
      { stringValue: '{"lines": 2}' },
    ]);
    expect(Array.from(row?.[9]?.blobValue ?? [])).toEqual([1, 2, 255]);
    expect(row?.[10]).toEqual({ arrayValue: { stringValues: ['gift', 'express'] } });
    expect(row?.[11]).toEqual({ arrayValue: { longValues: [1, 2] } });
    expect(row?.[12]).toEqual({ isNull: true });
    expect(selected.columnMetadata?.map((c) => c.typeName)).toEqual([
      'uuid',
      'text',
      'int8',
      'float8',
      'numeric',
      'bool',
      'timestamp',
      'date',
      'jsonb',
      'bytea',
      '_text',
      '_int4',
      'text',
    ]);

    const json = await run({ sql: 'SELECT order_id, net, paid FROM sales', formatRecordsAs: 'JSON' });
    expect(JSON.parse(json.formattedRecords ?? '[]')).toEqual([{ order_id: "o-1 ':x'", net: 10000, paid: true }]);
  });

  it('runs a batch atomically', async () => {
    const row = (n: number) => [
      { name: 'id', value: { stringValue: `0190d5a4-8a8e-7b3c-9f00-00000000010${n}` }, typeHint: 'UUID' as const },
      { name: 'net', value: { longValue: n * 100 } },
    ];
    const sql = `INSERT INTO sales (id, order_id, net) VALUES (:id, 'batch', :net)`;
    const ok = await client.send(new BatchExecuteStatementCommand({ ...target, sql, parameterSets: [row(1), row(2)] }));
    expect(ok.updateResults).toHaveLength(2);
    const failing = client.send(new BatchExecuteStatementCommand({ ...target, sql, parameterSets: [row(3), row(1)] }));
    await expect(failing).rejects.toMatchObject({ name: 'BadRequestException' });
    const count = await run({ sql: `SELECT count(*) FROM sales WHERE order_id = 'batch'` });
    expect(count.records?.[0]?.[0]).toEqual({ longValue: 2 });
  });

  it('commits and rolls back transactions, isolated from statements outside them', async () => {
    const { transactionId } = await client.send(new BeginTransactionCommand(target));
    await run({ sql: `UPDATE sales SET net = 1 WHERE order_id = 'batch'`, transactionId });
    await client.send(new RollbackTransactionCommand({ ...target, transactionId }));
    const afterRollback = await run({ sql: `SELECT sum(net)::int8 FROM sales WHERE order_id = 'batch'` });
    expect(afterRollback.records?.[0]?.[0]).toEqual({ longValue: 300 });

    const tx = (await client.send(new BeginTransactionCommand(target))).transactionId;
    await run({ sql: `UPDATE sales SET net = 0 WHERE order_id = 'batch'`, transactionId: tx });
    let outsideDone = false;
    const outside = run({ sql: `SELECT sum(net)::int8 FROM sales WHERE order_id = 'batch'` }).then((r) => {
      outsideDone = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (databaseUrl) {
      // PostgreSQL isolates by MVCC: the reader does not wait and does not see the uncommitted update.
      expect((await outside).records?.[0]?.[0]).toEqual({ longValue: 300 });
    } else {
      // PGlite has one connection: the reader waits for the transaction to end.
      expect(outsideDone).toBe(false);
    }
    const committed = await client.send(new CommitTransactionCommand({ ...target, transactionId: tx }));
    expect(committed.transactionStatus).toBe('Transaction Committed');
    if (!databaseUrl) expect((await outside).records?.[0]?.[0]).toEqual({ longValue: 0 });
    const afterCommit = await run({ sql: `SELECT sum(net)::int8 FROM sales WHERE order_id = 'batch'` });
    expect(afterCommit.records?.[0]?.[0]).toEqual({ longValue: 0 });
    await expect(client.send(new CommitTransactionCommand({ ...target, transactionId: tx }))).rejects.toMatchObject({
      name: 'TransactionNotFoundException',
    });
  });

  it('reports SQL errors as BadRequestException with the PostgreSQL message', async () => {
    await expect(run({ sql: 'SELECT * FROM nowhere' })).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringMatching(/^ERROR: relation "nowhere" does not exist/),
    });
  });

  it('can pretend the cluster is resuming', async () => {
    api.simulateResuming(1);
    await expect(run({ sql: 'SELECT 1' })).rejects.toMatchObject({ name: 'DatabaseResumingException' });
    expect((await run({ sql: 'SELECT 1' })).records).toEqual([[{ longValue: 1 }]]);
  });
});
