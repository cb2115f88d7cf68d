import { createRequire } from 'node:module';

// dynalite has no typings and no public API below its HTTP server; these are the few internals we reuse so that
// transactions evaluate conditions and updates with exactly the same code as single-item writes.
const require = createRequire(import.meta.url);

export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;
export type Request = Record<string, unknown>;

export interface DynamoError extends Error {
  statusCode: number;
  body: { __type: string; message?: string; [key: string]: unknown };
}

export interface TableDescription {
  TableName: string;
  KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  [key: string]: unknown;
}

interface ItemDb {
  get(key: string, cb: (err: (Error & { name: string }) | null, item?: Item) => void): void;
}

export interface Store {
  getTable(name: string, checkStatus: boolean, cb: (err: Error | null, table?: TableDescription) => void): void;
  getItemDb(name: string): ItemDb;
  db: { close(cb?: (err?: Error) => void): unknown };
  lifecycleManager?: { gracefulClose(cb: (err?: Error) => void): void };
  options: { maxItemSize: number };
}

interface DbModule {
  create(options: Record<string, unknown>): Store;
  validateKey(key: Item, table: TableDescription): DynamoError | null | undefined;
  validateItem(item: Item, table: TableDescription): DynamoError | null | undefined;
  createKey(item: Item, table: TableDescription): string;
  checkConditional(data: Request, existing: Item | undefined): DynamoError | null | undefined;
  validationError(message: string): DynamoError;
}

interface ValidationModule {
  checkTypes(data: unknown, types: unknown): Request;
  checkValidations(data: Request, types: unknown, custom: unknown, store: Store): void;
}

type Action = (store: Store, data: Request, cb: (err: DynamoError | Error | null, result?: Request) => void) => void;

export const dynaliteDb = require('dynalite/db') as DbModule;
const validations = require('dynalite/validations') as ValidationModule;

/** Operations dynalite implements, and whether each one writes (writes are serialised against transactions). */
export const NATIVE_OPERATIONS: Readonly<Record<string, boolean>> = {
  BatchGetItem: false,
  BatchWriteItem: true,
  CreateTable: true,
  DeleteItem: true,
  DeleteTable: true,
  DescribeTable: false,
  GetItem: false,
  ListTables: false,
  PutItem: true,
  Query: false,
  Scan: false,
  TagResource: true,
  UntagResource: true,
  ListTagsOfResource: false,
  UpdateItem: true,
  UpdateTable: true,
};

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const actions = new Map<string, Action>();
const actionValidations = new Map<string, { types: unknown; custom: unknown }>();
for (const op of Object.keys(NATIVE_OPERATIONS)) {
  actions.set(op, require(`dynalite/actions/${lowerFirst(op)}`) as Action);
  actionValidations.set(op, require(`dynalite/validations/${lowerFirst(op)}`));
}

export function isDynamoError(err: unknown): err is DynamoError {
  return typeof err === 'object' && err !== null && 'statusCode' in err && 'body' in err;
}

export function validationError(message: string): DynamoError {
  return dynaliteDb.validationError(message);
}

/** Type-checks and validates a request exactly as dynalite's HTTP layer does (parses expressions into `_condition` etc.). */
export function prepare(op: string, raw: unknown, store: Store): Request {
  const v = actionValidations.get(op);
  if (!v) throw new Error(`unsupported operation ${op}`);
  const data = validations.checkTypes(raw, v.types);
  validations.checkValidations(data, v.types, v.custom, store);
  return data;
}

export function run(op: string, store: Store, data: Request): Promise<Request> {
  const action = actions.get(op);
  if (!action) return Promise.reject(new Error(`unsupported operation ${op}`));
  return new Promise((resolve, reject) => {
    action(store, data, (err, result) => (err ? reject(err) : resolve(result ?? {})));
  });
}

export function getTable(store: Store, name: string): Promise<TableDescription> {
  return new Promise((resolve, reject) => {
    store.getTable(name, false, (err, table) => (err || !table ? reject(err) : resolve(table)));
  });
}

export function getItem(store: Store, tableName: string, key: string): Promise<Item | undefined> {
  return new Promise((resolve, reject) => {
    store.getItemDb(tableName).get(key, (err, item) => {
      if (err && err.name !== 'NotFoundError') reject(err);
      else resolve(err ? undefined : item);
    });
  });
}

export function createStore(path: string | undefined): Store {
  // Tables become ACTIVE at once: the provisioner creates them and immediately writes seed data.
  return dynaliteDb.create({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
}

export function closeStore(store: Store): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => (err ? reject(err) : resolve());
    if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done);
    else store.db.close(done);
  });
}
