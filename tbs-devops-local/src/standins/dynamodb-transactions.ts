import {
  type DynamoError,
  dynaliteDb,
  getItem,
  getTable,
  type Item,
  isDynamoError,
  prepare,
  type Request,
  run,
  type Store,
  validationError,
} from './dynalite-engine';

const MAX_TRANSACTION_ITEMS = 100;
const WRITE_KINDS = ['ConditionCheck', 'Put', 'Update', 'Delete'] as const;
type WriteKind = (typeof WRITE_KINDS)[number];

// Each transactional kind has the shape of a single-item request, so dynalite's validator for that request applies.
const VALIDATOR_FOR: Record<WriteKind, string> = {
  ConditionCheck: 'DeleteItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
};
const ACTION_FOR: Record<Exclude<WriteKind, 'ConditionCheck'>, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
};

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

interface PlannedWrite {
  kind: WriteKind;
  data: Request;
  tableName: string;
  key: string;
  keyAttributes: Item;
  returnOldOnFailure: boolean;
  existing?: Item;
}

function transactionCanceled(reasons: CancellationReason[]): DynamoError {
  const codes = reasons.map((r) => r.Code).join(', ');
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`;
  const err = new Error(message) as DynamoError;
  err.statusCode = 400;
  err.body = {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message: message,
    message,
    CancellationReasons: reasons,
  };
  return err;
}

function checkCount(items: unknown, member: string): unknown[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw validationError(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw validationError(
      `1 validation error detected: Value '[...]' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  return items;
}

function keyOf(kind: WriteKind, data: Request): Item {
  return (kind === 'Put' ? data.Item : data.Key) as Item;
}

function keyAttributesOf(item: Item, table: { KeySchema: Array<{ AttributeName: string }> }): Item {
  const key: Item = {};
  for (const { AttributeName } of table.KeySchema) {
    const value = item[AttributeName];
    if (value) key[AttributeName] = value;
  }
  return key;
}

function withoutCondition(data: Request): Request {
  const { _condition, Expected, ConditionExpression, ConditionalOperator, ...rest } = data;
  return rest;
}

async function plan(store: Store, raw: unknown[]): Promise<PlannedWrite[]> {
  const planned: PlannedWrite[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    const kinds = WRITE_KINDS.filter((k) => entry && typeof entry === 'object' && k in entry);
    if (kinds.length !== 1) {
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const kind = kinds[0] as WriteKind;
    const { ReturnValuesOnConditionCheckFailure, ...request } = (entry as Record<string, Request>)[kind] as Request;
    if (kind === 'ConditionCheck' && !request.ConditionExpression) {
      throw validationError('The ConditionExpression parameter is required for a ConditionCheck');
    }
    const data = prepare(VALIDATOR_FOR[kind], request, store);
    const tableName = data.TableName as string;
    const table = await getTable(store, tableName);
    const invalid =
      kind === 'Put'
        ? dynaliteDb.validateItem(data.Item as Item, table)
        : dynaliteDb.validateKey(data.Key as Item, table);
    if (invalid) throw invalid;
    const key = dynaliteDb.createKey(keyOf(kind, data), table);
    const identity = `${tableName}\u0000${key}`;
    if (seen.has(identity)) {
      throw validationError('Transaction request cannot include multiple operations on one item');
    }
    seen.add(identity);
    planned.push({
      kind,
      data,
      tableName,
      key,
      keyAttributes: keyAttributesOf(keyOf(kind, data), table),
      returnOldOnFailure: ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    });
  }
  return planned;
}

async function restore(store: Store, write: PlannedWrite): Promise<void> {
  if (write.existing) await run('PutItem', store, { TableName: write.tableName, Item: write.existing });
  else await run('DeleteItem', store, { TableName: write.tableName, Key: write.keyAttributes });
}

/**
 * TransactWriteItems. The caller must hold the store's exclusive lock for the whole call: that is what gives
 * isolation (no other write, and no read, runs between our condition checks and our last write). Atomicity comes
 * from checking every condition before writing anything, and, should a write still fail part-way (an update
 * expression that only fails against the stored item, a size limit), restoring the items already written.
 */
export async function transactWriteItems(store: Store, body: Request): Promise<Request> {
  const writes = await plan(store, checkCount(body.TransactItems, 'transactItems'));

  for (const write of writes) write.existing = await getItem(store, write.tableName, write.key);

  const reasons: CancellationReason[] = writes.map((write) => {
    const failed = dynaliteDb.checkConditional(write.data, write.existing);
    if (!failed) return { Code: 'None' };
    const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
    if (write.returnOldOnFailure && write.existing) reason.Item = write.existing;
    return reason;
  });
  if (reasons.some((r) => r.Code !== 'None')) throw transactionCanceled(reasons);

  const applied: PlannedWrite[] = [];
  for (const [index, write] of writes.entries()) {
    if (write.kind === 'ConditionCheck') continue;
    try {
      await run(ACTION_FOR[write.kind], store, withoutCondition(write.data));
      applied.push(write);
    } catch (err) {
      for (const done of applied.reverse()) await restore(store, done);
      if (!isDynamoError(err)) throw err;
      const failure = writes.map<CancellationReason>(() => ({ Code: 'None' }));
      failure[index] = { Code: 'ValidationError', Message: err.body.message ?? err.message };
      throw transactionCanceled(failure);
    }
  }
  return {};
}

/** TransactGetItems. The caller holds the shared lock, so no transaction is half-applied while we read. */
export async function transactGetItems(store: Store, body: Request): Promise<Request> {
  const entries = checkCount(body.TransactItems, 'transactItems');
  const seen = new Set<string>();
  const requests: Request[] = [];
  for (const entry of entries) {
    const get = (entry as { Get?: Request } | null)?.Get;
    if (!get) throw validationError('TransactItems can only contain Get operations');
    const data = prepare('GetItem', get, store);
    const table = await getTable(store, data.TableName as string);
    const invalid = dynaliteDb.validateKey(data.Key as Item, table);
    if (invalid) throw invalid;
    const identity = `${data.TableName}\u0000${dynaliteDb.createKey(data.Key as Item, table)}`;
    if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
    seen.add(identity);
    requests.push(data);
  }
  const responses: Request[] = [];
  for (const data of requests) {
    const result = await run('GetItem', store, data);
    responses.push(result.Item ? { Item: result.Item } : {});
  }
  return { Responses: responses };
}
