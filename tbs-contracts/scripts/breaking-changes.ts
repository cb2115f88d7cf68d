// Compares the contracts as published (the baseline in published/) with the current ones and lists every change
// that would break a client or a consumer of that version.
//
// Inputs (request bodies and parameters) break when they accept less: a type or enum value removed, a constraint
// tightened, a new required member or parameter, a member removed from a closed object, an operation or success
// response removed, a stricter auth level.
// Outputs (response bodies and events) break when readers can no longer rely on what they had: a field removed or
// no longer always present, or a change in the set of types, enum values or limits they may receive (in either
// direction: a new enum value reaches code that does not know it).
import {
  type EventSchemaFile,
  isObject,
  type Json,
  type JsonObject,
  listOperations,
  loadEventSchemas,
  loadSpecs,
  type OperationInfo,
  resolvePointer,
  type SpecDocument,
} from './contract-sources';

export interface BreakingChange {
  /** Where, e.g. `order placeOrder request body /lines/[]/quantity` or `tbs.order.OrderPaid.v1 /data/totals`. */
  path: string;
  message: string;
}

type Direction = 'input' | 'output';
const AUTH_RANK: Record<string, number> = { public: 0, stripe: 0, customer: 1, admin: 2 };

interface Side {
  doc: JsonObject;
  schema: Json;
}

const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;

const typeOfValue = (value: Json): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

class SchemaComparer {
  readonly changes: BreakingChange[] = [];
  private readonly seen = new Set<string>();

  private report(path: string, message: string): void {
    this.changes.push({ path, message });
  }

  /** Follows $ref and merges allOf, so both sides are compared by what they accept. */
  private flatten(doc: JsonObject, schema: Json, depth = 0): JsonObject {
    if (!isObject(schema)) return schema === false ? { not: {} } : {};
    if (depth > 30) throw new Error('schema reference loop');
    let node = schema;
    if (typeof node.$ref === 'string') {
      const { $ref, ...rest } = node;
      node = { ...this.flatten(doc, resolvePointer(doc, $ref), depth + 1), ...rest };
    }
    if (Array.isArray(node.allOf)) {
      // allOf is an intersection: a member constrained by several parts keeps the most specific schema, taken to be
      // the object's own, then the later parts (a refinement usually follows what it refines).
      const { allOf, ...own } = node;
      const merged: JsonObject = {};
      for (const part of [...allOf.map((p) => this.flatten(doc, p, depth + 1)), own]) {
        for (const [key, value] of Object.entries(part)) {
          if (key === 'properties' && isObject(value)) {
            merged.properties = { ...(isObject(merged.properties) ? merged.properties : {}), ...value };
          } else if (key === 'required' && Array.isArray(value)) {
            merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
          } else {
            merged[key] = value;
          }
        }
      }
      node = merged;
    }
    return node;
  }

  /** A nullable wrapper `oneOf/anyOf: [X, {type: null}]` becomes X plus `null` in its types. */
  private unwrapNullable(doc: JsonObject, schema: JsonObject): { schema: JsonObject; nullable: boolean } {
    const branches = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null;
    if (!branches) return { schema, nullable: false };
    const flat = branches.map((branch) => this.flatten(doc, branch));
    const others = flat.filter((branch) => !(branch.type === 'null' && Object.keys(branch).length === 1));
    if (others.length === 1 && others.length < flat.length) {
      const { oneOf: _o, anyOf: _a, ...rest } = schema;
      return { schema: { ...rest, ...others[0]! }, nullable: true };
    }
    return { schema, nullable: false };
  }

  private typesOf(schema: JsonObject, nullable: boolean): Set<string> | undefined {
    let types: Set<string> | undefined;
    if (typeof schema.type === 'string') types = new Set([schema.type]);
    else if (Array.isArray(schema.type)) types = new Set(schema.type.map(String));
    else if (schema.const !== undefined) types = new Set([typeOfValue(schema.const)]);
    else if (Array.isArray(schema.enum)) types = new Set(schema.enum.map(typeOfValue));
    if (types?.has('number')) types.add('integer');
    if (types && nullable) types.add('null');
    return types;
  }

  private enumOf(schema: JsonObject): Set<string> | undefined {
    if (schema.const !== undefined) return new Set([JSON.stringify(schema.const)]);
    if (Array.isArray(schema.enum)) return new Set(schema.enum.map((value) => JSON.stringify(value)));
    return undefined;
  }

  compare(oldSide: Side, newSide: Side, direction: Direction, path: string): void {
    if (path.split('/').length > 64) return;
    const key = `${direction}|${path}|${JSON.stringify(oldSide.schema)}|${JSON.stringify(newSide.schema)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const oldUnwrapped = this.unwrapNullable(oldSide.doc, this.flatten(oldSide.doc, oldSide.schema));
    const newUnwrapped = this.unwrapNullable(newSide.doc, this.flatten(newSide.doc, newSide.schema));
    const before = oldUnwrapped.schema;
    const after = newUnwrapped.schema;
    const where = path || '/';

    const oldTypes = this.typesOf(before, oldUnwrapped.nullable) ?? new Set(JSON_TYPES);
    const newTypes = this.typesOf(after, newUnwrapped.nullable) ?? new Set(JSON_TYPES);
    const removedTypes = [...oldTypes].filter((type) => !newTypes.has(type));
    const addedTypes = [...newTypes].filter((type) => !oldTypes.has(type));
    if (removedTypes.length > 0 && (direction === 'input' || addedTypes.length > 0)) {
      this.report(
        where,
        `type narrowed: no longer ${direction === 'input' ? 'accepts' : 'is'} ${removedTypes.join(', ')}`,
      );
    }
    if (direction === 'output' && addedTypes.length > 0) {
      this.report(
        where,
        `type widened: may now be ${addedTypes.join(', ')}, which readers of this version do not expect`,
      );
    }

    const oldEnum = this.enumOf(before);
    const newEnum = this.enumOf(after);
    if (newEnum && !oldEnum && direction === 'input')
      this.report(where, 'enum narrowed: only listed values are accepted now');
    if (oldEnum && newEnum) {
      const removed = [...oldEnum].filter((value) => !newEnum.has(value));
      const added = [...newEnum].filter((value) => !oldEnum.has(value));
      if (removed.length > 0) this.report(where, `enum narrowed: ${removed.join(', ')} removed`);
      if (direction === 'output' && added.length > 0) {
        this.report(where, `enum widened: ${added.join(', ')} added, which readers of this version do not expect`);
      }
    }
    if (oldEnum && !newEnum && direction === 'output') this.report(where, 'enum removed: any value may now appear');

    this.compareLimits(before, after, direction, where);
    this.compareObjects(oldSide.doc, newSide.doc, before, after, direction, path);
    if (before.items !== undefined && after.items !== undefined) {
      this.compare(
        { doc: oldSide.doc, schema: before.items },
        { doc: newSide.doc, schema: after.items },
        direction,
        `${path}/[]`,
      );
    }
  }

  private compareLimits(before: JsonObject, after: JsonObject, direction: Direction, where: string): void {
    const lower = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
    const upper = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
    const num = (value: Json | undefined): number | undefined => (typeof value === 'number' ? value : undefined);
    for (const keyword of lower) {
      const was = num(before[keyword]);
      const now = num(after[keyword]);
      const tighter = now !== undefined && (was === undefined || now > was);
      const looser = was !== undefined && (now === undefined || now < was);
      if (direction === 'input' && tighter) this.report(where, `${keyword} tightened from ${was ?? 'none'} to ${now}`);
      if (direction === 'output' && looser) this.report(where, `${keyword} relaxed from ${was} to ${now ?? 'none'}`);
    }
    for (const keyword of upper) {
      const was = num(before[keyword]);
      const now = num(after[keyword]);
      const tighter = now !== undefined && (was === undefined || now < was);
      const looser = was !== undefined && (now === undefined || now > was);
      if (direction === 'input' && tighter) this.report(where, `${keyword} tightened from ${was ?? 'none'} to ${now}`);
      if (direction === 'output' && looser) this.report(where, `${keyword} relaxed from ${was} to ${now ?? 'none'}`);
    }
    for (const keyword of ['pattern', 'format']) {
      const was = before[keyword];
      const now = after[keyword];
      if (was === now) continue;
      if (direction === 'input' && now !== undefined)
        this.report(where, `${keyword} changed from ${String(was ?? 'none')} to ${String(now)}`);
      if (direction === 'output' && was !== undefined)
        this.report(where, `${keyword} changed from ${String(was)} to ${String(now ?? 'none')}`);
    }
  }

  private compareObjects(
    oldDoc: JsonObject,
    newDoc: JsonObject,
    before: JsonObject,
    after: JsonObject,
    direction: Direction,
    path: string,
  ): void {
    const oldProps = isObject(before.properties) ? before.properties : {};
    const newProps = isObject(after.properties) ? after.properties : {};
    const oldRequired = new Set(Array.isArray(before.required) ? before.required.map(String) : []);
    const newRequired = new Set(Array.isArray(after.required) ? after.required.map(String) : []);
    if (direction === 'output') {
      for (const name of Object.keys(oldProps)) {
        if (newProps[name] === undefined) this.report(`${path}/${name}`, 'field removed');
        else if (oldRequired.has(name) && !newRequired.has(name)) {
          this.report(`${path}/${name}`, 'field no longer required: readers relying on it break');
        }
      }
    } else {
      for (const name of newRequired) {
        if (!oldRequired.has(name)) this.report(`${path}/${name}`, 'new required input');
      }
      if (after.additionalProperties === false) {
        if (before.additionalProperties !== false) {
          this.report(path || '/', 'object closed: members it accepted are now rejected');
        }
        for (const name of Object.keys(oldProps)) {
          if (newProps[name] === undefined)
            this.report(`${path}/${name}`, 'input field removed: clients sending it are now rejected');
        }
      }
    }
    for (const name of Object.keys(oldProps)) {
      if (newProps[name] === undefined) continue;
      this.compare(
        { doc: oldDoc, schema: oldProps[name]! },
        { doc: newDoc, schema: newProps[name]! },
        direction,
        `${path}/${name}`,
      );
    }
  }
}

const describe = (operation: OperationInfo): string => `${operation.service} ${operation.operationId}`;

/** Breaking changes between two versions of one service's bundled spec. */
export const compareSpecs = (published: SpecDocument, current: SpecDocument): BreakingChange[] => {
  const comparer = new SchemaComparer();
  const extra: BreakingChange[] = [];
  const currentOps = new Map(listOperations(current).map((operation) => [operation.operationId, operation]));
  for (const before of listOperations(published)) {
    const name = describe(before);
    const after = currentOps.get(before.operationId);
    if (!after) {
      extra.push({ path: name, message: `operation ${before.method} ${before.path} removed` });
      continue;
    }
    if (after.method !== before.method || after.path !== before.path) {
      extra.push({
        path: name,
        message: `moved from ${before.method} ${before.path} to ${after.method} ${after.path}`,
      });
    }
    if (
      (AUTH_RANK[after.auth] ?? 0) > (AUTH_RANK[before.auth] ?? 0) ||
      (after.auth === 'stripe') !== (before.auth === 'stripe')
    ) {
      extra.push({ path: name, message: `auth changed from ${before.auth} to ${after.auth}` });
    }
    const oldParams = new Map(before.parameters.map((p) => [`${p.in}:${p.name}`, p]));
    for (const parameter of after.parameters) {
      const previous = oldParams.get(`${parameter.in}:${parameter.name}`);
      const where = `${name} ${parameter.in} parameter ${parameter.name}`;
      if (!previous) {
        if (parameter.required) extra.push({ path: where, message: 'new required input' });
        continue;
      }
      if (parameter.required && !previous.required) extra.push({ path: where, message: 'parameter became required' });
      comparer.compare(
        { doc: published.bundled, schema: previous.schema },
        { doc: current.bundled, schema: parameter.schema },
        'input',
        where,
      );
    }
    for (const previous of before.parameters) {
      if (!after.parameters.some((p) => p.in === previous.in && p.name === previous.name) && previous.in !== 'header') {
        extra.push({
          path: `${name} ${previous.in} parameter ${previous.name}`,
          message: 'parameter removed: requests using it are now rejected',
        });
      }
    }
    if (after.requestBody && !before.requestBody && after.requestBody.required) {
      extra.push({ path: `${name} request body`, message: 'new required input' });
    }
    if (before.requestBody && after.requestBody) {
      if (after.requestBody.required && !before.requestBody.required) {
        extra.push({ path: `${name} request body`, message: 'request body became required' });
      }
      comparer.compare(
        { doc: published.bundled, schema: before.requestBody.schema },
        { doc: current.bundled, schema: after.requestBody.schema },
        'input',
        `${name} request body `,
      );
    }
    for (const [status, schema] of Object.entries(before.responses)) {
      const now = after.responses[status];
      const where = `${name} response ${status}`;
      if (!now) {
        extra.push({ path: where, message: 'success response removed' });
        continue;
      }
      comparer.compare(
        { doc: published.bundled, schema },
        { doc: current.bundled, schema: now },
        'output',
        `${where} `,
      );
    }
  }
  return [...extra, ...comparer.changes].map((change) => ({ ...change, path: change.path.trim() }));
};

/** Breaking changes between two versions of one event schema (events are outputs of their producer). */
export const compareEventSchemas = (published: EventSchemaFile, current: EventSchemaFile): BreakingChange[] => {
  const comparer = new SchemaComparer();
  comparer.compare(
    { doc: published.schema, schema: published.schema },
    { doc: current.schema, schema: current.schema },
    'output',
    `${published.type} `,
  );
  return comparer.changes.map((change) => ({ ...change, path: change.path.trim() }));
};

/** Every breaking change from the contracts under `publishedRoot` to those under `currentRoot`. */
export const findBreakingChanges = (publishedRoot: string, currentRoot: string): BreakingChange[] => {
  const changes: BreakingChange[] = [];
  const currentSpecs = new Map(loadSpecs(currentRoot).map((spec) => [spec.service, spec]));
  for (const spec of loadSpecs(publishedRoot)) {
    const current = currentSpecs.get(spec.service);
    if (!current) changes.push({ path: `openapi/${spec.service}.yaml`, message: 'published API removed' });
    else changes.push(...compareSpecs(spec, current));
  }
  const currentEvents = new Map(loadEventSchemas(currentRoot).map((event) => [event.type, event]));
  for (const event of loadEventSchemas(publishedRoot)) {
    const current = currentEvents.get(event.type);
    if (!current) changes.push({ path: event.type, message: 'published event type removed' });
    else changes.push(...compareEventSchemas(event, current));
  }
  return changes;
};
