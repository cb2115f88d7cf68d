import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  deref,
  isObject,
  type Json,
  type JsonObject,
  listOperations,
  loadEventSchemas,
  loadSpecs,
} from '../../scripts/contract-sources';
import type { EventValidators, ValidateRequestOptions } from '../../src/runtime/index';
import {
  eventValidators,
  requestValidators,
  responseValidators,
  validateCreateProductBody,
  validateListProductsParams,
  validateProblem,
} from '../../src/validators/index';
import { PACKAGE_ROOT } from './contract-fixtures';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const specs = loadSpecs(PACKAGE_ROOT);
const all = specs.flatMap((spec) => listOperations(spec).map((operation) => ({ doc: spec.bundled, operation })));
const events = loadEventSchemas(PACKAGE_ROOT);
const requests = requestValidators as unknown as Record<string, { body?: Validate; params: Validate }>;
const responses = responseValidators as unknown as Record<string, Record<string, Validate>>;
const byType = eventValidators as unknown as Record<string, Validate>;

/** The example values of a media type (`examples` map, with $ref examples resolved). */
const examplesOf = (doc: JsonObject, media: Json | undefined): Json[] => {
  if (!isObject(media) || !isObject(media.examples)) return [];
  return Object.values(media.examples).map((example) => deref(doc, example).value as Json);
};

const accepts = (validate: Validate, value: unknown): string[] =>
  validate(structuredClone(value)) ? [] : [JSON.stringify(validate.errors)];

describe('operation examples', () => {
  it('exist for every request body and every success response with a body', () => {
    const missing: string[] = [];
    for (const { doc, operation } of all) {
      const body = operation.operation.requestBody;
      if (body && examplesOf(doc, (deref(doc, body).content as JsonObject)['application/json']).length === 0) {
        missing.push(`${operation.operationId} request`);
      }
      for (const [status, raw] of Object.entries(operation.operation.responses as JsonObject)) {
        const content = deref(doc, raw).content;
        if (!/^2/.test(status) || !isObject(content)) continue;
        if (examplesOf(doc, content['application/json']).length === 0)
          missing.push(`${operation.operationId} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('validate against the compiled request and response validators', () => {
    const failures: string[] = [];
    for (const { doc, operation } of all) {
      const { operationId } = operation;
      const body = operation.operation.requestBody;
      if (body) {
        const validate = requests[operationId]?.body;
        if (!validate) failures.push(`${operationId}: no body validator`);
        for (const example of examplesOf(doc, (deref(doc, body).content as JsonObject)['application/json'])) {
          for (const error of validate ? accepts(validate, example) : [])
            failures.push(`${operationId} body: ${error}`);
        }
      }
      for (const status of Object.keys(operation.responses)) {
        const content = deref(doc, (operation.operation.responses as JsonObject)[status]!).content as JsonObject;
        const validate = responses[operationId]?.[status];
        if (!validate) failures.push(`${operationId} ${status}: no response validator`);
        for (const example of examplesOf(doc, content['application/json'])) {
          for (const error of validate ? accepts(validate, example) : [])
            failures.push(`${operationId} ${status}: ${error}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('give every parameter an example that passes the params validator as the strings API Gateway delivers', () => {
    const failures: string[] = [];
    for (const { operation } of all) {
      const params: Record<string, string> = {};
      for (const parameter of operation.parameters) {
        if (parameter.example === undefined) failures.push(`${operation.operationId} ${parameter.name}: no example`);
        else params[parameter.name] = String(parameter.example);
      }
      const validate = requests[operation.operationId]!.params;
      for (const error of accepts(validate, params)) failures.push(`${operation.operationId} params: ${error}`);
    }
    expect(failures).toEqual([]);
  });
});

const wrongTypeFor = (value: unknown): unknown => (typeof value === 'string' ? 12345 : 'not-the-right-type');

describe('every input and event is strict about its shape', () => {
  it('rejects an unknown member and each wrong-typed required member in every request body example', () => {
    const accepted: string[] = [];
    for (const { doc, operation } of all) {
      const body = operation.operation.requestBody;
      if (!body || operation.requestBody?.rawBody) continue;
      const validate = requests[operation.operationId]!.body!;
      const required = (deref(doc, operation.requestBody!.schema).required as string[] | undefined) ?? [];
      for (const example of examplesOf(doc, (deref(doc, body).content as JsonObject)['application/json'])) {
        const object = example as JsonObject;
        if (validate(structuredClone({ ...object, unexpectedMember: 1 })))
          accepted.push(`${operation.operationId} +unknown`);
        for (const name of required) {
          if (validate(structuredClone({ ...object, [name]: wrongTypeFor(object[name]) }))) {
            accepted.push(`${operation.operationId} wrong ${name}`);
          }
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects an unknown parameter for every operation', () => {
    const accepted = all
      .filter(({ operation }) => requests[operation.operationId]!.params({ unexpectedParameter: 'x' }))
      .map(({ operation }) => operation.operationId);
    expect(accepted).toEqual([]);
  });

  it('rejects each wrong-typed required data member in every event example', () => {
    const accepted: string[] = [];
    for (const event of events) {
      const validate = byType[event.type]!;
      for (const example of event.schema.examples as JsonObject[]) {
        const data = example.data as JsonObject;
        for (const name of Object.keys(data)) {
          if (validate({ ...example, data: { ...data, [name]: wrongTypeFor(data[name]) } })) {
            accepted.push(`${event.type} ${name}`);
          }
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe('error examples', () => {
  it('are problem+json bodies the Problem validator accepts, and it rejects a body without a code', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { doc, operation } of all) {
      for (const [status, raw] of Object.entries(operation.operation.responses as JsonObject)) {
        if (!/^[45]/.test(status)) continue;
        for (const example of examplesOf(doc, (deref(doc, raw).content as JsonObject)['application/problem+json'])) {
          checked++;
          if ((example as JsonObject).status !== Number(status))
            failures.push(`${operation.operationId} ${status}: status`);
          for (const error of accepts(validateProblem, example))
            failures.push(`${operation.operationId} ${status}: ${error}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(50);
    expect(validateProblem({ type: 'about:blank', title: 'Not Found', status: 404 })).toBe(false);
  });
});

describe('request validators', () => {
  const body = (operationId: string): Validate => requests[operationId]!.body!;
  const params = (operationId: string): Validate => requests[operationId]!.params;
  const product = {
    sku: 'TEA-SENCHA-100',
    name: 'Green Sencha',
    category: 'tea',
    kind: 'physical',
    price: { amount: 1850, currency: 'NZD' },
  };

  it('reject unknown members in any body, nested ones included', () => {
    expect(body('createProduct')({ ...product, discount: 10 })).toBe(false);
    expect(body('createProduct')({ ...product, price: { amount: 1, currency: 'NZD', tax: 1 } })).toBe(false);
    expect(body('putCartLine')({ quantity: 1, note: 'gift' })).toBe(false);
    expect(body('placeOrder')({ lines: [{ productId: '01JD8X3QK7M2V4R6T8W0Y2A4C6', quantity: 1, price: 1 }] })).toBe(
      false,
    );
  });

  it('reject wrong types and out-of-range values', () => {
    expect(body('createProduct')({ ...product, price: { amount: '18.50', currency: 'NZD' } })).toBe(false);
    expect(body('createProduct')({ ...product, price: { amount: -1, currency: 'NZD' } })).toBe(false);
    expect(body('createProduct')({ ...product, price: { amount: 18.5, currency: 'NZD' } })).toBe(false);
    expect(body('createProduct')({ ...product, kind: 'service' })).toBe(false);
    expect(body('putCartLine')({ quantity: 100 })).toBe(false);
    expect(body('putCartLine')({ quantity: '2' })).toBe(false);
    expect(body('putCartLine')({ quantity: 0 })).toBe(true);
    expect(body('placeOrder')({ lines: [] })).toBe(false);
    expect(body('putInventory')({ onHand: -1 })).toBe(false);
    expect(body('dispatchShipment')({ carrier: ' ', trackingNumber: 'NZ1' })).toBe(false);
  });

  it('fill in declared defaults of optional body members', () => {
    const input: Record<string, unknown> = { ...product };
    expect(body('createProduct')(input)).toBe(true);
    expect(input).toMatchObject({ description: '', imageUrls: [] });
  });

  it('coerce path and query strings to their declared types, defaults included, and reject bad ones', () => {
    const list: Record<string, unknown> = { limit: '10', category: 'tea' };
    expect(params('listProducts')(list)).toBe(true);
    expect(list).toEqual({ limit: 10, category: 'tea' });
    const defaults: Record<string, unknown> = {};
    expect(params('listProducts')(defaults)).toBe(true);
    expect(defaults).toEqual({ limit: 25 });
    expect(params('listProducts')({ limit: '101' })).toBe(false);
    expect(params('listProducts')({ limit: 'ten' })).toBe(false);
    expect(params('listProducts')({ sort: 'price' })).toBe(false);
    expect(params('getProduct')({ id: 'not-a-ulid' })).toBe(false);
    expect(params('getProduct')({ id: '01JD8X3QK7M2V4R6T8W0Y2A4C6' })).toBe(true);
    expect(params('getMonthlySales')({ months: '37' })).toBe(false);
    expect(params('getTopProducts')({ from: '2026-02-30' })).toBe(false);
  });

  it('require the headers an operation needs', () => {
    expect(params('placeOrder')({})).toBe(false);
    expect(params('placeOrder')({ 'Idempotency-Key': '5f0c6f0e-3a8b-4d0e-9a51-7f3b2c1d0e9f' })).toBe(true);
    expect(params('updateProduct')({ id: '01JD8X3QK7M2V4R6T8W0Y2A4C6' })).toBe(false);
    expect(params('updateProduct')({ id: '01JD8X3QK7M2V4R6T8W0Y2A4C6', 'If-Match': '"4"' })).toBe(true);
  });
});

describe('event schemas', () => {
  it('exist for every event the services publish', () => {
    expect(events.map((event) => event.type).sort()).toEqual(
      [
        'tbs.product.ProductCreated.v1',
        'tbs.product.ProductUpdated.v1',
        'tbs.product.ProductArchived.v1',
        'tbs.order.OrderPlaced.v1',
        'tbs.order.OrderPaid.v1',
        'tbs.order.OrderPaymentFailed.v1',
        'tbs.order.OrderCancellationRequested.v1',
        'tbs.order.OrderCancelled.v1',
        'tbs.order.OrderRefunded.v1',
        'tbs.fulfilment.StockLevelChanged.v1',
        'tbs.fulfilment.ShipmentCreated.v1',
        'tbs.fulfilment.FulfilmentFailed.v1',
        'tbs.fulfilment.ShipmentCancelled.v1',
        'tbs.fulfilment.ShipmentCancellationRejected.v1',
        'tbs.fulfilment.ShipmentDispatched.v1',
        'tbs.fulfilment.ShipmentDelivered.v1',
        'tbs.fulfilment.DigitalGoodsReady.v1',
        'tbs.customer.CustomerRegistered.v1',
        'tbs.customer.CustomerProfileUpdated.v1',
      ].sort(),
    );
  });

  it('are CloudEvents envelopes whose source and type match their file', () => {
    for (const event of events) {
      const properties = event.schema.properties as JsonObject;
      expect(event.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(properties.type, event.type).toEqual({ const: event.type });
      expect(properties.source, event.type).toEqual({ const: `tbs-app-${event.service}` });
      expect(properties.specversion).toEqual({ const: '1.0' });
      expect(event.schema.required).toEqual(
        expect.arrayContaining([
          'specversion',
          'id',
          'source',
          'type',
          'time',
          'subject',
          'datacontenttype',
          'correlationid',
          'data',
        ]),
      );
    }
  });

  it('compile as JSON Schema 2020-12 in strict mode', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const event of events) expect(() => ajv.compile(event.schema), event.type).not.toThrow();
  });

  it('have at least one complete example that the compiled validator accepts', () => {
    for (const event of events) {
      const examples = event.schema.examples as Json[];
      expect(examples?.length, event.type).toBeGreaterThan(0);
      for (const example of examples) expect(accepts(byType[event.type]!, example), event.type).toEqual([]);
    }
  });

  it('reject events with a wrong type, an unexpected data shape or a missing data member', () => {
    const paid = structuredClone(
      (events.find((e) => e.type === 'tbs.order.OrderPaid.v1')!.schema.examples as JsonObject[])[0]!,
    );
    const validate = byType['tbs.order.OrderPaid.v1']!;
    expect(validate(paid)).toBe(true);
    expect(validate({ ...paid, type: 'tbs.order.OrderPlaced.v1' })).toBe(false);
    expect(validate({ ...paid, source: 'tbs-app-cart' })).toBe(false);
    expect(validate({ ...paid, id: 'evt-1' })).toBe(false);
    const data = paid.data as JsonObject;
    expect(validate({ ...paid, data: { ...data, totals: { ...(data.totals as JsonObject), gross: -1 } } })).toBe(false);
    expect(validate({ ...paid, data: { ...data, lines: [] } })).toBe(false);
    const { receiptEmail: _omitted, ...withoutEmail } = data;
    expect(validate({ ...paid, data: withoutEmail })).toBe(false);
  });
});

describe('generated validator types', () => {
  it('fit the runtime that consumes them', () => {
    expectTypeOf(eventValidators).toExtend<EventValidators>();
    expectTypeOf({ body: validateCreateProductBody, params: validateListProductsParams }).toExtend<
      ValidateRequestOptions<unknown, unknown>
    >();
  });
});
