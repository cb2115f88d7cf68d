import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import {
  deref,
  isObject,
  type Json,
  type JsonObject,
  listOperations,
  loadSpecs,
  type OperationInfo,
  SERVICES,
} from '../../scripts/contract-sources';
import { operations as generatedOperations } from '../../src/generated/operations';
import { PACKAGE_ROOT } from './contract-fixtures';

const specs = loadSpecs(PACKAGE_ROOT);
const all = specs.flatMap((spec) => listOperations(spec).map((operation) => ({ spec, operation })));
const ULID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';

// The endpoints the architecture publishes, per service: method, path under the base path, and auth level.
const PUBLISHED_ENDPOINTS: Record<string, string[]> = {
  product: [
    'GET /products public',
    'POST /products admin',
    'GET /products/{id} public',
    'PUT /products/{id} admin',
    'DELETE /products/{id} admin',
    'GET /categories public',
  ],
  cart: [
    'GET /cart customer',
    'DELETE /cart customer',
    'PUT /cart/lines/{productId} customer',
    'DELETE /cart/lines/{productId} customer',
  ],
  order: [
    'POST /orders customer',
    'GET /orders customer',
    'GET /orders/{id} customer',
    'POST /orders/{id}/cancel customer',
    'GET /admin/orders admin',
    'POST /payments/stripe/webhook stripe',
  ],
  fulfilment: [
    'GET /inventory/{productId} admin',
    'PUT /inventory/{productId} admin',
    'GET /shipments admin',
    'GET /shipments/{orderId} admin',
    'POST /shipments/{orderId}/dispatch admin',
    'POST /shipments/{orderId}/deliver admin',
  ],
  customer: ['GET /customers/me customer', 'PUT /customers/me customer', 'GET /admin/customers admin'],
  reports: ['GET /reports/monthly-sales admin', 'GET /reports/top-products admin'],
};

/** Every object schema reachable from an input schema, with its location. */
const objectSchemas = (
  doc: JsonObject,
  schema: Json,
  path: string,
  seen = new Set<string>(),
): Array<[string, JsonObject]> => {
  if (!isObject(schema)) return [];
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return objectSchemas(doc, deref(doc, schema), path, seen);
  }
  const found: Array<[string, JsonObject]> = schema.type === 'object' ? [[path, schema]] : [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, child] of Object.entries(properties))
    found.push(...objectSchemas(doc, child, `${path}/${name}`, seen));
  for (const key of ['items', 'oneOf', 'anyOf', 'allOf']) {
    const value = schema[key];
    for (const child of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      found.push(...objectSchemas(doc, child, path, seen));
    }
  }
  return found;
};

const security = (spec: JsonObject, operation: OperationInfo): Json =>
  operation.operation.security !== undefined ? operation.operation.security : (spec.security ?? []);

describe('OpenAPI specs', () => {
  it('exist for every service, besides the shared components', () => {
    expect(specs.map((spec) => spec.service)).toEqual([...SERVICES]);
    expect(existsSync(join(PACKAGE_ROOT, 'openapi', 'common.yaml'))).toBe(true);
  });

  it('are valid OpenAPI 3.1 with valid examples (Redocly lint: structure, references, examples, security)', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        'info-license': 'off',
        'no-server-example.com': 'off',
        'operation-4xx-response': 'off',
        'no-unused-components': 'off',
        'no-empty-servers': 'off',
        'no-invalid-media-type-examples': { severity: 'error', allowAdditionalProperties: false },
        'no-invalid-parameter-examples': 'error',
      },
    });
    const problems: string[] = [];
    for (const name of ['common', ...SERVICES]) {
      for (const problem of await lint({ ref: join(PACKAGE_ROOT, 'openapi', `${name}.yaml`), config })) {
        problems.push(`${name}.yaml ${problem.location[0]?.pointer ?? ''}: ${problem.ruleId} ${problem.message}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('publish exactly the endpoints of the architecture, at their auth level', () => {
    for (const spec of specs) {
      const endpoints = listOperations(spec).map(
        (operation) => `${operation.method} ${operation.path} ${operation.auth}`,
      );
      expect(endpoints.sort(), spec.service).toEqual([...(PUBLISHED_ENDPOINTS[spec.service] ?? [])].sort());
    }
  });

  it('declare servers under the service base path', () => {
    for (const spec of specs) {
      const servers = spec.bundled.servers as Array<{ url: string }>;
      for (const server of servers) expect(server.url.endsWith(`/${spec.service}/v1`), server.url).toBe(true);
    }
  });

  it('give every operation a unique camelCase operationId', () => {
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]+$/);
  });

  it('match the declared auth level with the security requirement', () => {
    for (const { spec, operation } of all) {
      const required = JSON.stringify(security(spec.bundled, operation));
      const where = `${spec.service} ${operation.operationId}`;
      if (operation.auth === 'customer' || operation.auth === 'admin') expect(required, where).toBe('[{"cognito":[]}]');
      else expect(required, where).toBe('[]');
      if (operation.auth === 'stripe') {
        expect(
          operation.parameters.some((p) => p.in === 'header' && p.name === 'Stripe-Signature'),
          where,
        ).toBe(true);
        expect(operation.requestBody?.rawBody, where).toBe(true);
      }
    }
    expect(all.filter(({ operation }) => operation.auth === 'stripe').map(({ operation }) => operation.path)).toEqual([
      '/payments/stripe/webhook',
    ]);
  });

  it('close every input object (additionalProperties: false), except the raw Stripe event', () => {
    const open: string[] = [];
    for (const { spec, operation } of all) {
      if (!operation.requestBody || operation.requestBody.rawBody) continue;
      for (const [path, schema] of objectSchemas(spec.bundled, operation.requestBody.schema, '')) {
        if (schema.additionalProperties !== false) open.push(`${operation.operationId} body ${path || '/'}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('describe every error as application/problem+json with the shared Problem schema', () => {
    for (const { spec, operation } of all) {
      const responses = operation.operation.responses as JsonObject;
      expect(Object.keys(responses), operation.operationId).toContain('500');
      for (const [status, raw] of Object.entries(responses)) {
        if (!/^[45]/.test(status)) continue;
        const content = deref(spec.bundled, raw).content as JsonObject;
        const where = `${operation.operationId} ${status}`;
        expect(Object.keys(content), where).toEqual(['application/problem+json']);
        expect(at(content, 'application/problem+json').schema, where).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
  });

  it('require If-Match on admin replacements and answer 412/428 for it', () => {
    for (const { operation } of all.filter(
      ({ operation }) => operation.auth === 'admin' && operation.method === 'PUT',
    )) {
      const ifMatch = operation.parameters.find((p) => p.in === 'header' && p.name === 'If-Match');
      expect(ifMatch, operation.operationId).toBeDefined();
      expect(Object.keys(operation.operation.responses as JsonObject)).toEqual(expect.arrayContaining(['412', '428']));
    }
  });

  it('page lists with limit and cursor, answering nextCursor', () => {
    const paged = all.filter(({ operation }) => operation.parameters.some((p) => p.name === 'cursor'));
    expect(paged.map(({ operation }) => operation.operationId).sort()).toEqual(
      ['listAdminOrders', 'listCustomers', 'listOrders', 'listProducts', 'listShipments'].sort(),
    );
    for (const { spec, operation } of paged) {
      expect(operation.parameters.some((p) => p.name === 'limit' && p.in === 'query')).toBe(true);
      const page = deref(spec.bundled, operation.responses['200'] ?? {});
      expect(page.required, operation.operationId).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    }
  });

  it('identify resources in paths by ULID', () => {
    for (const { spec, operation } of all) {
      for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
        expect(deref(spec.bundled, parameter.schema).pattern, `${operation.operationId} ${parameter.name}`).toBe(
          ULID_PATTERN,
        );
      }
    }
  });

  it('are what the generated route metadata says', () => {
    expect(
      generatedOperations.map(
        (route) => `${route.service} ${route.operationId} ${route.method} ${route.path} ${route.auth}`,
      ),
    ).toEqual(all.map(({ operation: o }) => `${o.service} ${o.operationId} ${o.method} ${o.path} ${o.auth}`));
  });
});

const at = (node: JsonObject, key: string): JsonObject => node[key] as JsonObject;
