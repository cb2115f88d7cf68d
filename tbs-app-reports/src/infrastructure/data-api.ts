import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  type BeginTransactionCommandOutput,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandOutput,
  type Field,
  RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import { DatabaseUnavailableError } from '../application/ports/sales-ledger';

export type SqlValue = string | number | boolean | null;
export type SqlParams = Record<string, SqlValue>;

export interface DataApiOptions {
  client: RDSDataClient;
  clusterArn: string;
  secretArn: string;
  database: string;
  /** How long to keep retrying while the cluster resumes from 0 ACU (default 40 s). */
  resumeWaitMs?: number;
  /** Injected in tests to make backoff instant. */
  sleep?: (ms: number) => Promise<void>;
}

export function createRdsDataClient(options: {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}): RDSDataClient {
  return new RDSDataClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}

/**
 * The RDS Data API with named parameters, JSON-formatted results and transactions. Every call is retried with
 * exponential backoff while Aurora Serverless v2 resumes from 0 ACU (the first calls after a pause fail until
 * it is up, typically ~15 s); when it takes longer than `resumeWaitMs`, DatabaseUnavailableError is thrown so
 * callers retry later instead of treating the data as bad.
 */
export class DataApi {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly resumeWaitMs: number;

  constructor(private readonly options: DataApiOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.resumeWaitMs = options.resumeWaitMs ?? 40_000;
  }

  /** Runs one statement and returns its rows as objects (BIGINT as numbers). */
  async query<T>(sql: string, params: SqlParams = {}, transactionId?: string): Promise<T[]> {
    const out = await this.send<ExecuteStatementCommandOutput>(
      () =>
        new ExecuteStatementCommand({
          ...this.target(),
          sql,
          parameters: toParameters(params),
          formatRecordsAs: 'JSON',
          ...(transactionId === undefined ? {} : { transactionId }),
        }),
    );
    return out.formattedRecords ? (JSON.parse(out.formattedRecords) as T[]) : [];
  }

  /** Runs one statement and returns how many rows it changed. */
  async execute(sql: string, params: SqlParams = {}, transactionId?: string): Promise<number> {
    const out = await this.send<ExecuteStatementCommandOutput>(
      () =>
        new ExecuteStatementCommand({
          ...this.target(),
          sql,
          parameters: toParameters(params),
          ...(transactionId === undefined ? {} : { transactionId }),
        }),
    );
    return out.numberOfRecordsUpdated ?? 0;
  }

  /** Runs one statement once per parameter set (one round trip). */
  async executeBatch(sql: string, parameterSets: SqlParams[], transactionId?: string): Promise<void> {
    if (parameterSets.length === 0) return;
    await this.send(
      () =>
        new BatchExecuteStatementCommand({
          ...this.target(),
          sql,
          parameterSets: parameterSets.map(toParameters),
          ...(transactionId === undefined ? {} : { transactionId }),
        }),
    );
  }

  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (transactionId: string) => Promise<T>): Promise<T> {
    const { transactionId } = await this.send<BeginTransactionCommandOutput>(
      () => new BeginTransactionCommand(this.target()),
    );
    if (!transactionId) throw new Error('The Data API returned no transaction id');
    let result: T;
    try {
      result = await work(transactionId);
    } catch (error) {
      await this.send(() => new RollbackTransactionCommand({ ...this.target(), transactionId })).catch(
        () => undefined, // The transaction times out on its own; the original error is what matters.
      );
      throw error;
    }
    await this.send(() => new CommitTransactionCommand({ ...this.target(), transactionId }));
    return result;
  }

  private target() {
    return {
      resourceArn: this.options.clusterArn,
      secretArn: this.options.secretArn,
      database: this.options.database,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: one retry loop for every command type of the client
  private async send<T>(command: () => any): Promise<T> {
    let delay = 250;
    let waited = 0;
    for (;;) {
      try {
        return (await this.options.client.send(command())) as T;
      } catch (error) {
        if (!isResuming(error)) throw error;
        if (waited >= this.resumeWaitMs) {
          throw new DatabaseUnavailableError(`The database is still resuming after ${waited} ms`, { cause: error });
        }
        const pause = Math.min(delay, this.resumeWaitMs - waited);
        await this.sleep(pause);
        waited += pause;
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }
}

/**
 * The Data API's ways of saying "the cluster is waking up or briefly unreachable": the statement did not run,
 * so repeating it is safe.
 */
export function isResuming(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? '';
  return (
    name === 'DatabaseResumingException' ||
    name === 'DatabaseUnavailableException' ||
    name === 'ServiceUnavailableError' ||
    (name === 'BadRequestException' && /resuming after being auto-paused|Communications link failure/i.test(message))
  );
}

function toParameters(params: SqlParams): SqlParameter[] {
  return Object.entries(params).map(([name, value]) => ({ name, value: toField(value) }));
}

function toField(value: SqlValue): Field {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Only whole numbers are sent to the database, got ${value}`);
    return { longValue: value };
  }
  return { stringValue: value };
}
