import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { NamedParameterError, toPositional } from './data-api-sql';
import {
  type Field,
  FieldError,
  fieldToParameter,
  jdbcTypeOf,
  type ResultOptions,
  toField,
  toJsonValue,
  typeNameOf,
} from './data-api-values';
import { closeServer, DEFAULT_HOST, endpointFor, listen, once, readBody } from './http-util';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

export interface DataApiOptions extends StandInOptions {
  /** Use this PostgreSQL server (one database per Data API `database`) instead of in-process PGlite. */
  databaseUrl?: string;
  /** Database used when a request names none (default `postgres`). */
  defaultDatabase?: string;
  /** An open transaction unused this long is rolled back, as the Data API does after 3 minutes (default 180 000). */
  transactionIdleMs?: number;
}

export interface RunningDataApi extends RunningStandIn {
  /** Creates the database if it does not exist yet (requests also create it on first use). */
  createDatabase(name: string): Promise<void>;
  /** Makes the next `n` calls fail with DatabaseResumingException, as Aurora Serverless v2 does when waking from 0 ACU. */
  simulateResuming(n: number): void;
}

class DataApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Database {
  pool: pg.Pool;
  lite?: PGlite;
}

interface Transaction {
  id: string;
  database: string;
  client: pg.PoolClient;
  timer: NodeJS.Timeout;
  /** Statements of one transaction run one after another, as on one connection. */
  tail: Promise<unknown>;
}

interface Parameter {
  name?: unknown;
  value?: unknown;
  typeHint?: unknown;
}

// Raw text for every type: conversion to Data API fields is ours, so dates and numerics keep their exact text.
const RAW_TYPES = { getTypeParser: () => (value: string) => value };
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function sqlError(err: unknown): DataApiError {
  const e = err as { message?: string; position?: string; code?: string; severity?: string };
  if (e?.code && typeof e.message === 'string') {
    const position = e.position ? `\n  Position: ${e.position}` : '';
    return new DataApiError(
      'BadRequestException',
      `${e.severity ?? 'ERROR'}: ${e.message}${position}; SQLState: ${e.code}`,
    );
  }
  return new DataApiError('DatabaseErrorException', `Database error: ${e?.message ?? 'unknown'}`);
}

/**
 * An RDS Data API compatible endpoint (the REST/JSON protocol `@aws-sdk/client-rds-data` speaks) over in-process
 * PGlite, or over a real PostgreSQL when `databaseUrl` is given. Any resourceArn/secretArn is accepted.
 *
 * PGlite has a single connection, so its pool holds one client: an open transaction owns it and every other
 * statement waits until that transaction commits, rolls back or expires, which is how its isolation is kept.
 */
export async function startDataApi(opts: DataApiOptions = {}): Promise<RunningDataApi> {
  const host = opts.host ?? DEFAULT_HOST;
  const defaultDatabase =
    opts.defaultDatabase ?? ((opts.databaseUrl && new URL(opts.databaseUrl).pathname.slice(1)) || 'postgres');
  const idleMs = opts.transactionIdleMs ?? 180_000;
  const databases = new Map<string, Promise<Database>>();
  const transactions = new Map<string, Transaction>();
  let resumingCalls = 0;

  async function openDatabase(name: string): Promise<Database> {
    if (opts.databaseUrl) {
      const base = new URL(opts.databaseUrl);
      if (base.pathname.slice(1) !== name) {
        const admin = new pg.Client({ connectionString: opts.databaseUrl });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE "${name}"`);
        } catch (err) {
          if ((err as { code?: string }).code !== '42P04') throw err;
        } finally {
          await admin.end();
        }
      }
      base.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: base.toString(), types: RAW_TYPES, max: 10 });
      pool.on('connect', (client) => void client.query(`SET TIME ZONE 'UTC'`).catch(() => undefined));
      // An idle connection the server drops (restart, DROP DATABASE ... FORCE) is discarded by the pool; without a
      // listener node-postgres would raise it as an uncaught exception and take the whole local cloud down.
      pool.on('error', () => undefined);
      return { pool };
    }
    const dir = opts.dataDir ? join(opts.dataDir, name) : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    // Loaded on demand: the PostgreSQL WASM build is large and only needed when no databaseUrl is given.
    const [{ PGlite }, { createPgConfig }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/node-postgres'),
    ]);
    const lite = await PGlite.create(dir);
    await lite.exec(`SET TIME ZONE 'UTC'`);
    const pool = new pg.Pool({ ...(createPgConfig(lite) as unknown as pg.PoolConfig), types: RAW_TYPES, max: 1 });
    pool.on('error', () => undefined);
    return { pool, lite };
  }

  function database(name: unknown): Promise<Database> {
    const dbName = name === undefined || name === null || name === '' ? defaultDatabase : name;
    if (typeof dbName !== 'string' || !DATABASE_NAME.test(dbName)) {
      return Promise.reject(new DataApiError('BadRequestException', `Invalid database name: ${String(name)}`));
    }
    let db = databases.get(dbName);
    if (!db) {
      db = openDatabase(dbName);
      databases.set(dbName, db);
      db.catch(() => databases.delete(dbName));
    }
    return db;
  }

  function transaction(txId: unknown): Transaction {
    const tx = typeof txId === 'string' ? transactions.get(txId) : undefined;
    if (!tx) throw new DataApiError('TransactionNotFoundException', `Transaction ${String(txId)} is not found`, 404);
    tx.timer.refresh();
    return tx;
  }

  async function endTransaction(tx: Transaction, sql: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    transactions.delete(tx.id);
    clearTimeout(tx.timer);
    try {
      await tx.tail.catch(() => undefined);
      await tx.client.query(sql);
      tx.client.release();
    } catch (err) {
      tx.client.release(err as Error);
      throw sqlError(err);
    }
  }

  /** Runs `work` on the transaction's client, or on a pooled client (auto-commit) when there is no transaction. */
  async function withClient<T>(body: Record<string, unknown>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (body.transactionId !== undefined && body.transactionId !== null && body.transactionId !== '') {
      const tx = transaction(body.transactionId);
      const run = tx.tail.catch(() => undefined).then(() => work(tx.client));
      tx.tail = run;
      return run;
    }
    const db = await database(body.database);
    const client = await db.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  function prepare(sql: unknown, parameters: unknown): { text: string; values: unknown[] } {
    if (typeof sql !== 'string' || !sql.trim())
      throw new DataApiError('BadRequestException', 'SQL statement is required');
    const params = (parameters ?? []) as Parameter[];
    if (!Array.isArray(params)) throw new DataApiError('BadRequestException', 'parameters must be a list');
    const hints = new Map<string, string | undefined>();
    const byName = new Map<string, unknown>();
    for (const p of params) {
      if (typeof p?.name !== 'string' || !p.name)
        throw new DataApiError('BadRequestException', 'Every parameter needs a name');
      if (
        p.typeHint !== undefined &&
        !['UUID', 'TIMESTAMP', 'DATE', 'TIME', 'DECIMAL', 'JSON'].includes(String(p.typeHint))
      ) {
        throw new DataApiError('BadRequestException', `Invalid typeHint ${String(p.typeHint)}`);
      }
      hints.set(p.name, p.typeHint as string | undefined);
      byName.set(p.name, fieldToParameter(p.value, p.name));
    }
    const { text, names } = toPositional(sql, hints);
    return { text, values: names.map((n) => byName.get(n)) };
  }

  async function typeNames(client: pg.PoolClient, oids: number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    const unknown: number[] = [];
    for (const oid of oids) {
      const known = typeNameOf(oid);
      if (known) names.set(oid, known);
      else unknown.push(oid);
    }
    if (unknown.length > 0) {
      const result = await client.query({
        text: `SELECT oid::int4, typname FROM pg_type WHERE oid = ANY($1::oid[])`,
        values: [unknown],
      });
      for (const row of result.rows as Array<{ oid: string; typname: string }>) names.set(Number(row.oid), row.typname);
    }
    return names;
  }

  async function execute(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { text, values } = prepare(body.sql, body.parameters);
    const options = (body.resultSetOptions ?? {}) as ResultOptions;
    return withClient(body, async (client) => {
      let result: pg.QueryResult<unknown[]>;
      try {
        result = await client.query<unknown[]>({ text, values, rowMode: 'array' });
      } catch (err) {
        throw sqlError(err);
      }
      const fields = result.fields ?? [];
      const records = (result.rows ?? []).map((row) =>
        fields.map((f, i) => toField((row[i] as string | null) ?? null, f.dataTypeID, options)),
      );
      const isQuery = result.command === 'SELECT' || fields.length > 0;
      const response: Record<string, unknown> = {
        numberOfRecordsUpdated: isQuery && result.command === 'SELECT' ? 0 : (result.rowCount ?? 0),
        generatedFields: [],
      };
      if (body.formatRecordsAs === 'JSON') {
        response.formattedRecords = JSON.stringify(
          records.map((r) => Object.fromEntries(fields.map((f, i) => [f.name, toJsonValue(r[i] as Field)]))),
        );
      } else if (fields.length > 0) {
        response.records = records;
      }
      if (body.includeResultMetadata === true && fields.length > 0) {
        const names = await typeNames(
          client,
          fields.map((f) => f.dataTypeID),
        );
        response.columnMetadata = fields.map((f) => {
          const typeName = names.get(f.dataTypeID) ?? 'unknown';
          return {
            name: f.name,
            label: f.name,
            typeName,
            type: jdbcTypeOf(typeName),
            arrayBaseColumnType: 0,
            isAutoIncrement: false,
            isCaseSensitive: ['text', 'varchar', 'bpchar', 'char', 'name'].includes(typeName),
            isCurrency: false,
            isSigned: ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'].includes(typeName),
            nullable: 2,
            precision: 0,
            scale: 0,
            schemaName: '',
            tableName: '',
          };
        });
      }
      return response;
    });
  }

  async function batchExecute(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const sets = (body.parameterSets ?? [[]]) as unknown[];
    if (!Array.isArray(sets)) throw new DataApiError('BadRequestException', 'parameterSets must be a list');
    const statements = sets.map((set) => prepare(body.sql, set));
    const inTransaction = body.transactionId !== undefined && body.transactionId !== null && body.transactionId !== '';
    return withClient(body, async (client) => {
      // Without a transaction the batch is still all-or-nothing, as in the Data API.
      if (!inTransaction) await client.query('BEGIN');
      try {
        for (const statement of statements) await client.query(statement);
        if (!inTransaction) await client.query('COMMIT');
      } catch (err) {
        if (!inTransaction) await client.query('ROLLBACK').catch(() => undefined);
        throw sqlError(err);
      }
      return { updateResults: statements.map(() => ({ generatedFields: [] })) };
    });
  }

  async function beginTransaction(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const name = (body.database as string | undefined) || defaultDatabase;
    const db = await database(name);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
    } catch (err) {
      client.release(err as Error);
      throw sqlError(err);
    }
    const id = randomBytes(48).toString('base64');
    const tx: Transaction = {
      id,
      database: name,
      client,
      tail: Promise.resolve(),
      timer: setTimeout(() => {
        void endTransaction(tx, 'ROLLBACK').catch(() => undefined);
      }, idleMs),
    };
    tx.timer.unref();
    transactions.set(id, tx);
    return { transactionId: id };
  }

  const operations: Record<string, (body: Record<string, unknown>) => Promise<Record<string, unknown>>> = {
    '/Execute': execute,
    '/BatchExecute': batchExecute,
    '/BeginTransaction': beginTransaction,
    '/CommitTransaction': async (body) => {
      await endTransaction(transaction(body.transactionId), 'COMMIT');
      return { transactionStatus: 'Transaction Committed' };
    },
    '/RollbackTransaction': async (body) => {
      await endTransaction(transaction(body.transactionId), 'ROLLBACK');
      return { transactionStatus: 'Rollback Complete' };
    },
  };

  function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': randomBytes(16).toString('hex'),
      ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://data-api.local').pathname;
    const operation = operations[path];
    if (req.method !== 'POST' || !operation) {
      send(res, 404, { message: `Unknown operation ${req.method} ${path}` }, 'UnknownOperationException');
      return;
    }
    try {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse((await readBody(req)).toString('utf8') || '{}');
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        throw new DataApiError('BadRequestException', 'Request body is not a JSON object');
      }
      if (resumingCalls > 0) {
        resumingCalls -= 1;
        throw new DataApiError(
          'DatabaseResumingException',
          `The Aurora DB instance ${String(body.resourceArn ?? '')} is resuming after being auto-paused. Please wait a few seconds and try again.`,
        );
      }
      send(res, 200, await operation(body));
    } catch (err) {
      const e =
        err instanceof DataApiError
          ? err
          : err instanceof NamedParameterError || err instanceof FieldError
            ? new DataApiError('BadRequestException', err.message)
            : sqlError(err);
      send(res, e.status, { message: e.message, code: e.type }, e.type);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const port = await listen(server, opts.port ?? 0, host);

  return {
    name: 'data-api',
    endpoint: endpointFor(host, port),
    async createDatabase(name) {
      await database(name);
    },
    simulateResuming(n) {
      resumingCalls = Math.max(0, Math.floor(n));
    },
    stop: once(async () => {
      await closeServer(server);
      for (const tx of [...transactions.values()]) await endTransaction(tx, 'ROLLBACK').catch(() => undefined);
      for (const pending of databases.values()) {
        const db = await pending.catch(() => undefined);
        if (!db) continue;
        await db.pool.end();
        await db.lite?.close();
      }
    }),
  };
}
