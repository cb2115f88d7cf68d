import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  closeStore,
  createStore,
  type DynamoError,
  dynaliteDb,
  getItem,
  getTable,
  type Item,
  isDynamoError,
  NATIVE_OPERATIONS,
  prepare,
  type Request,
  run,
  validationError,
} from './dynalite-engine';
import { transactGetItems, transactWriteItems } from './dynamodb-transactions';
import { TtlRegistry } from './dynamodb-ttl';
import { closeServer, DEFAULT_HOST, endpointFor, listen, once, readBody } from './http-util';
import { ReadWriteLock } from './read-write-lock';
import type { RunningStandIn, StandInOptions } from './running-stand-in';

export interface DynamoDbOptions extends StandInOptions {
  /** How often items with an expired TTL attribute are deleted (default 60 000 ms). */
  ttlSweepMs?: number;
}

export interface RunningDynamoDb extends RunningStandIn {
  /** Runs the TTL sweeper now (tests); resolves with the number of deleted items. */
  sweepExpired(): Promise<number>;
}

const API_VERSION = 'DynamoDB_20120810';
const TOKEN_TTL_MS = 10 * 60 * 1000;

function send(res: ServerResponse, contentType: string, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * DynamoDB on dynalite, with TransactWriteItems/TransactGetItems and TTL added.
 *
 * Isolation: every request takes one store-wide readers-writer lock before touching data. Reads (GetItem, Query,
 * Scan, TransactGetItems...) share it; writes (PutItem, UpdateItem, BatchWriteItem...) and TransactWriteItems hold
 * it exclusively. So a transaction's condition checks and all its writes happen with nothing in between, and no
 * reader can observe a transaction half-applied. This trades concurrency for simplicity, which suits a local stand-in.
 */
export async function startDynamoDb(opts: DynamoDbOptions = {}): Promise<RunningDynamoDb> {
  const host = opts.host ?? DEFAULT_HOST;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const store = createStore(opts.dataDir ? join(opts.dataDir, 'tables') : undefined);
  const ttl = new TtlRegistry(opts.dataDir ? join(opts.dataDir, 'ttl.json') : undefined);
  const lock = new ReadWriteLock();
  const tokens = new Map<string, { fingerprint: string; at: number }>();

  async function dispatch(operation: string, body: Request): Promise<Request> {
    switch (operation) {
      case 'TransactWriteItems':
        return lock.with(true, () => idempotentTransactWrite(body));
      case 'TransactGetItems':
        return lock.with(false, () => transactGetItems(store, body));
      case 'UpdateTimeToLive':
        return lock.with(true, () => ttl.update(store, body));
      case 'DescribeTimeToLive':
        return lock.with(false, () => ttl.describe(store, body));
      default: {
        // Read before validation: dynalite's type check strips members it does not know.
        const returnOldOnFailure = body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
        const data = prepare(operation, body, store);
        return lock.with(NATIVE_OPERATIONS[operation] === true, async () => {
          try {
            return await run(operation, store, data);
          } catch (err) {
            // dynalite ignores ReturnValuesOnConditionCheckFailure; DynamoDB returns the item that failed the check.
            if (returnOldOnFailure && isConditionalFailure(err)) {
              const item = await currentItem(data);
              if (item) err.body.Item = item;
            }
            throw err;
          }
        });
      }
    }
  }

  /**
   * ClientRequestToken: for ten minutes a successful transaction repeated with the same token succeeds again without
   * writing (the SDK sends a token on every call, so its own retries are safe); the same token with other items is
   * refused. A failed transaction is not remembered, so a retry runs again, as in DynamoDB.
   */
  async function idempotentTransactWrite(body: Request): Promise<Request> {
    const now = Date.now();
    for (const [token, seen] of tokens) if (now - seen.at > TOKEN_TTL_MS) tokens.delete(token);
    const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : undefined;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(body.TransactItems ?? null))
      .digest('hex');
    const seen = token ? tokens.get(token) : undefined;
    if (seen && seen.fingerprint !== fingerprint) {
      const err = validationError('Request parameters do not match the request that used this ClientRequestToken');
      err.body.__type = 'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException';
      throw err;
    }
    if (seen) return {};
    const result = await transactWriteItems(store, body);
    if (token) tokens.set(token, { fingerprint, at: now });
    return result;
  }

  function isConditionalFailure(err: unknown): err is DynamoError {
    return isDynamoError(err) && err.body.__type.endsWith('#ConditionalCheckFailedException');
  }

  async function currentItem(data: Request): Promise<Item | undefined> {
    const table = await getTable(store, data.TableName as string);
    const key = dynaliteDb.createKey((data.Item ?? data.Key) as Item, table);
    return getItem(store, data.TableName as string, key);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-amzn-RequestId', randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'));
    if (req.method === 'GET') {
      res.end('healthy: dynamodb.local ');
      return;
    }
    const requested = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const contentType = requested === 'application/json' ? requested : 'application/x-amz-json-1.0';
    const [api, operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
    const known =
      operation in NATIVE_OPERATIONS ||
      ['TransactWriteItems', 'TransactGetItems', 'UpdateTimeToLive', 'DescribeTimeToLive'].includes(operation);
    if (req.method !== 'POST' || api !== API_VERSION || !known) {
      send(res, contentType, 400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
      return;
    }
    let body: Request;
    try {
      const parsed: unknown = JSON.parse((await readBody(req)).toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Request;
    } catch {
      send(res, contentType, 400, { __type: 'com.amazon.coral.service#SerializationException' });
      return;
    }
    try {
      send(res, contentType, 200, await dispatch(operation, body));
    } catch (err) {
      if (isDynamoError(err)) send(res, contentType, err.statusCode, err.body);
      else
        send(res, contentType, 500, {
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: 'Internal server error',
        });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 'application/x-amz-json-1.0', 500, { __type: 'InternalServerError' });
      else res.destroy();
    });
  });
  const port = await listen(server, opts.port ?? 0, host);

  const sweepExpired = (): Promise<number> => lock.with(true, () => ttl.sweep(store));
  const sweeper = setInterval(() => {
    sweepExpired().catch(() => undefined);
  }, opts.ttlSweepMs ?? 60_000);
  sweeper.unref();

  return {
    name: 'dynamodb',
    endpoint: endpointFor(host, port),
    sweepExpired,
    stop: once(async () => {
      clearInterval(sweeper);
      await closeServer(server);
      // Wait for requests already holding the lock, then close the database underneath them.
      await lock.with(true, () => closeStore(store));
    }),
  };
}
