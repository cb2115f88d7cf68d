// Reads the Published Language from disk: the OpenAPI specs (bundled with their shared components) and the event
// schemas. The generator, the check and the contract tests all read contracts through this one module.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const SERVICES = ['product', 'cart', 'order', 'fulfilment', 'customer', 'reports'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type AuthLevel = 'public' | 'customer' | 'admin' | 'stripe';
export const AUTH_LEVELS: readonly AuthLevel[] = ['public', 'customer', 'admin', 'stripe'];
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export const SCHEMA_BASE_URI = 'https://schemas.thebetterstore.example';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SpecDocument {
  service: ServiceName;
  file: string;
  /** The spec with every `./common.yaml#/...` reference copied into its own components: self-contained. */
  bundled: JsonObject;
}

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonObject;
  example?: Json;
}

export interface OperationInfo {
  service: ServiceName;
  operationId: string;
  method: string;
  path: string;
  auth: AuthLevel;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; schema: JsonObject; rawBody: boolean };
  /** Success (2xx) JSON response schemas by status code. */
  responses: Record<string, JsonObject>;
  operation: JsonObject;
}

export interface EventSchemaFile {
  service: string;
  name: string;
  version: number;
  /** The CloudEvent type, e.g. tbs.order.OrderPaid.v1. */
  type: string;
  file: string;
  schema: JsonObject;
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const COMMON_REF = /^\.\/common\.yaml#\/components\/([A-Za-z]+)\/([A-Za-z0-9_.-]+)$/;
const LOCAL_COMPONENT_REF = /^#\/components\/([A-Za-z]+)\/([A-Za-z0-9_.-]+)$/;

/**
 * Copies every component the spec uses from common.yaml into the spec's own components and rewrites the references,
 * so each bundled spec stands alone (openapi-typescript and Ajv then need no file resolution).
 */
export const bundleSpec = (spec: JsonObject, common: JsonObject, file = 'spec'): JsonObject => {
  const bundled = structuredClone(spec);
  const commonComponents = isObject(common.components) ? common.components : {};
  const pending: Array<[string, string]> = [];
  const copied = new Set<string>();

  const rewrite = (node: Json, fromCommon: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, fromCommon));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const external = COMMON_REF.exec(value);
        const local = fromCommon ? LOCAL_COMPONENT_REF.exec(value) : null;
        const match = external ?? local;
        if (match) {
          pending.push([match[1]!, match[2]!]);
          out[key] = `#/components/${match[1]}/${match[2]}`;
          continue;
        }
        if (!value.startsWith('#/')) throw new Error(`${file}: unsupported $ref ${value}`);
      }
      out[key] = rewrite(value, fromCommon);
    }
    return out;
  };

  for (const key of Object.keys(bundled)) bundled[key] = rewrite(bundled[key]!, false);
  const components: JsonObject = isObject(bundled.components) ? bundled.components : {};
  bundled.components = components;
  while (pending.length > 0) {
    const [kind, name] = pending.shift()!;
    const id = `${kind}/${name}`;
    if (copied.has(id)) continue;
    copied.add(id);
    const source = commonComponents[kind];
    if (!isObject(source) || source[name] === undefined) throw new Error(`${file}: common.yaml has no ${id}`);
    const target: JsonObject = isObject(components[kind]) ? components[kind] : {};
    components[kind] = target;
    const existing = target[name];
    // A spec may name a shared component itself (security schemes must be declared in each document).
    const isAlias = isObject(existing) && existing.$ref === `#/components/${id}` && Object.keys(existing).length === 1;
    if (existing !== undefined && !isAlias)
      throw new Error(`${file}: components/${id} is defined in the spec and common.yaml`);
    target[name] = rewrite(source[name]!, true);
  }
  // Stable key order inside each components section so generated output does not depend on reference order.
  for (const [kind, section] of Object.entries(components)) {
    if (isObject(section)) components[kind] = Object.fromEntries(Object.entries(section).sort(([a], [b]) => cmp(a, b)));
  }
  return bundled;
};

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const readYaml = (file: string): JsonObject => {
  const value = parse(readFileSync(file, 'utf8')) as unknown;
  if (!isObject(value)) throw new Error(`${file}: not a YAML mapping`);
  return value;
};

/** Loads and bundles the spec of every service from `<root>/openapi`. */
export const loadSpecs = (root: string): SpecDocument[] => {
  const common = readYaml(join(root, 'openapi', 'common.yaml'));
  return SERVICES.filter((service) => existsSync(join(root, 'openapi', `${service}.yaml`))).map((service) => {
    const file = join(root, 'openapi', `${service}.yaml`);
    return { service, file, bundled: bundleSpec(readYaml(file), common, file) };
  });
};

/** Resolves a local `#/...` reference (JSON pointer) inside a document. */
export const resolvePointer = (doc: JsonObject, ref: string): Json => {
  if (!ref.startsWith('#')) throw new Error(`not a local reference: ${ref}`);
  let node: Json = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(segment)] as Json;
    else if (isObject(node)) node = node[segment] as Json;
    else node = undefined as unknown as Json;
    if (node === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return node;
};

/** Follows `$ref` chains of non-schema objects (parameters, responses, request bodies). */
export const deref = (doc: JsonObject, node: Json): JsonObject => {
  let current = node;
  for (let depth = 0; isObject(current) && typeof current.$ref === 'string'; depth++) {
    if (depth > 20) throw new Error(`reference loop at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  if (!isObject(current)) throw new Error('reference to a non-object');
  return current;
};

/** Every operation of a bundled spec, in path then method order. */
export const listOperations = (spec: SpecDocument): OperationInfo[] => {
  const doc = spec.bundled;
  const paths = isObject(doc.paths) ? doc.paths : {};
  const operations: OperationInfo[] = [];
  for (const path of Object.keys(paths)) {
    const item = deref(doc, paths[path]!);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const where = `${spec.service} ${method.toUpperCase()} ${path}`;
      if (typeof operation.operationId !== 'string') throw new Error(`${where}: no operationId`);
      const auth = operation['x-tbs-auth'];
      if (typeof auth !== 'string' || !(AUTH_LEVELS as readonly string[]).includes(auth)) {
        throw new Error(`${where}: x-tbs-auth must be one of ${AUTH_LEVELS.join(', ')}`);
      }
      const byKey = new Map<string, OperationParameter>();
      for (const raw of [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const parameter = deref(doc, raw);
        const location = parameter.in;
        if (location !== 'path' && location !== 'query' && location !== 'header') {
          throw new Error(`${where}: parameter ${String(parameter.name)} in ${String(location)} is not supported`);
        }
        if (typeof parameter.name !== 'string' || !isObject(parameter.schema)) {
          throw new Error(`${where}: parameter without name or schema`);
        }
        byKey.set(`${location}:${parameter.name}`, {
          name: parameter.name,
          in: location,
          required: location === 'path' || parameter.required === true,
          schema: parameter.schema,
          ...(parameter.example !== undefined ? { example: parameter.example } : {}),
        });
      }
      let requestBody: OperationInfo['requestBody'];
      if (operation.requestBody !== undefined) {
        const body = deref(doc, operation.requestBody);
        const content = isObject(body.content) ? body.content : {};
        const media = content['application/json'];
        if (!isObject(media) || !isObject(media.schema))
          throw new Error(`${where}: request body is not application/json`);
        requestBody = {
          required: body.required === true,
          schema: media.schema,
          rawBody: body['x-tbs-raw-body'] === true,
        };
      }
      const responses: Record<string, JsonObject> = {};
      const declared = isObject(operation.responses) ? operation.responses : {};
      for (const status of Object.keys(declared).sort()) {
        if (!/^2\d\d$/.test(status)) continue;
        const response = deref(doc, declared[status]!);
        const media = isObject(response.content) ? response.content['application/json'] : undefined;
        if (isObject(media) && isObject(media.schema)) responses[status] = media.schema;
      }
      operations.push({
        service: spec.service,
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        auth: auth as AuthLevel,
        parameters: [...byKey.values()],
        ...(requestBody ? { requestBody } : {}),
        responses,
        operation,
      });
    }
  }
  return operations;
};

const EVENT_FILE = /^([A-Z][A-Za-z0-9]+)\.v([1-9][0-9]*)\.schema\.json$/;

/** Every event schema under `<root>/events/<service>/<Name>.v<N>.schema.json`, sorted by type. */
export const loadEventSchemas = (root: string): EventSchemaFile[] => {
  const dir = join(root, 'events');
  const events: EventSchemaFile[] = [];
  for (const service of readdirSync(dir).sort()) {
    for (const fileName of readdirSync(join(dir, service)).sort()) {
      const match = EVENT_FILE.exec(fileName);
      if (!match) throw new Error(`events/${service}/${fileName}: expected <EventName>.v<N>.schema.json`);
      const file = join(dir, service, fileName);
      const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      const name = match[1]!;
      const version = Number(match[2]);
      events.push({ service, name, version, type: `tbs.${service}.${name}.v${version}`, file, schema });
    }
  }
  return events.sort((a, b) => cmp(a.type, b.type));
};
