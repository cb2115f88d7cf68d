import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type BreakingChange, findBreakingChanges } from '../../scripts/breaking-changes';
import type { Json, JsonObject } from '../../scripts/contract-sources';
import { at, ContractsCopy, PACKAGE_ROOT, PUBLISHED_ROOT } from './contract-fixtures';

const render = (changes: BreakingChange[]): string[] => changes.map((change) => `${change.path}: ${change.message}`);

describe('the current contracts against the published baseline', () => {
  it('break nothing a client or consumer of the published version relies on', () => {
    expect(render(findBreakingChanges(PUBLISHED_ROOT, PACKAGE_ROOT))).toEqual([]);
  });
});

describe('the breaking-change detector', () => {
  let copy: ContractsCopy;
  const changesAfter = (edit: (contracts: ContractsCopy) => void): string[] => {
    copy = new ContractsCopy(PUBLISHED_ROOT);
    edit(copy);
    return render(findBreakingChanges(PUBLISHED_ROOT, copy.root));
  };
  afterEach(() => copy?.remove());

  it('reports a response field that was removed, naming the operation and the field', () => {
    const changes = changesAfter((c) =>
      c.editSpec('product', (spec) => {
        delete at(spec, 'components', 'schemas', 'Product', 'properties').sku;
      }),
    );
    expect(changes).toContain('product getProduct response 200 /sku: field removed');
    expect(changes).toContain('product listProducts response 200 /items/[]/sku: field removed');
  });

  it('reports a response field that is no longer always present', () => {
    const changes = changesAfter((c) =>
      c.editSpec('order', (spec) => {
        const order = at(spec, 'components', 'schemas', 'Order');
        order.required = (order.required as string[]).filter((name) => name !== 'totals');
      }),
    );
    expect(changes).toContain(
      'order getOrder response 200 /totals: field no longer required: readers relying on it break',
    );
  });

  it('reports an input enum that lost a value (a shared component, seen through every operation using it)', () => {
    const changes = changesAfter((c) =>
      c.editSpec('common', (spec) => {
        at(spec, 'components', 'schemas', 'ShippingOption').enum = ['STANDARD'];
      }),
    );
    expect(changes).toContain('order placeOrder request body /shippingOption: enum narrowed: "EXPRESS" removed');
  });

  it('reports an input type that was narrowed', () => {
    const changes = changesAfter((c) =>
      c.editSpec('customer', (spec) => {
        at(spec, 'components', 'schemas', 'ProfileInput', 'properties').shippingAddress = {
          $ref: './common.yaml#/components/schemas/Address',
        };
      }),
    );
    expect(changes).toContain(
      'customer updateMyProfile request body /shippingAddress: type narrowed: no longer accepts null',
    );
  });

  it('reports a new required input member, parameter and a tightened limit', () => {
    const changes = changesAfter((c) => {
      c.editSpec('product', (spec) => {
        const input = at(spec, 'components', 'schemas', 'ProductInput');
        (input.required as string[]).push('brand');
        at(input, 'properties').brand = { type: 'string' };
      });
      c.editSpec('cart', (spec) => {
        at(spec, 'components', 'schemas', 'CartLineInput', 'properties', 'quantity').maximum = 50;
      });
      c.editSpec('reports', (spec) => {
        const get = at(spec, 'paths', '/reports/monthly-sales', 'get');
        (get.parameters as Json[]).push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
      });
    });
    expect(changes).toContain('product createProduct request body /brand: new required input');
    expect(changes).toContain('cart putCartLine request body /quantity: maximum tightened from 99 to 50');
    expect(changes).toContain('reports getMonthlySales query parameter region: new required input');
  });

  it('reports an input object that was closed to members it used to accept', () => {
    const changes = changesAfter((c) =>
      c.editSpec('order', (spec) => {
        at(spec, 'components', 'schemas', 'StripeEvent').additionalProperties = false;
      }),
    );
    expect(changes).toContain(
      'order receiveStripeWebhook request body: object closed: members it accepted are now rejected',
    );
  });

  it('reports a removed operation, a stricter auth level and a removed event type', () => {
    const changes = changesAfter((c) => {
      c.editSpec('product', (spec) => {
        delete at(spec, 'paths')['/categories'];
        at(spec, 'paths', '/products', 'get')['x-tbs-auth'] = 'customer';
      });
      rmSync(c.eventFile('order', 'OrderRefunded.v1'));
    });
    expect(changes).toContain('product listCategories: operation GET /categories removed');
    expect(changes).toContain('product listProducts: auth changed from public to customer');
    expect(changes).toContain('tbs.order.OrderRefunded.v1: published event type removed');
  });

  it('reports an event field removed and an event enum that gained a value consumers do not know', () => {
    const changes = changesAfter((c) => {
      c.editEvent('order', 'OrderPaid.v1', (schema) => {
        const data = at(schema, '$defs', 'OrderPaidData');
        delete at(data, 'properties').receiptEmail;
        data.required = (data.required as string[]).filter((name) => name !== 'receiptEmail');
      });
      c.editEvent('fulfilment', 'StockLevelChanged.v1', (schema) => {
        const reason = at(schema, '$defs', 'StockLevelChangedData', 'properties', 'reason');
        (reason.enum as string[]).push('LOST');
      });
    });
    expect(changes).toContain('tbs.order.OrderPaid.v1 /data/receiptEmail: field removed');
    expect(changes).toContain(
      'tbs.fulfilment.StockLevelChanged.v1 /data/reason: enum widened: "LOST" added, which readers of this version do not expect',
    );
  });

  it('sees through allOf refinements: dropping one widens what readers may receive', () => {
    const changes = changesAfter((c) =>
      c.editEvent('product', 'ProductArchived.v1', (schema) => {
        const data = at(schema, '$defs', 'ProductArchivedData');
        data.allOf = (data.allOf as Json[]).slice(0, 1);
      }),
    );
    expect(changes).toContain(
      'tbs.product.ProductArchived.v1 /data/status: enum widened: "active" added, which readers of this version do not expect',
    );
  });

  it('accepts additive changes: optional inputs, new output fields, looser input limits, new operations', () => {
    const changes = changesAfter((c) => {
      c.editSpec('product', (spec) => {
        at(spec, 'components', 'schemas', 'ProductInput', 'properties').brand = { type: 'string', maxLength: 50 };
        at(spec, 'components', 'schemas', 'ProductInput', 'properties', 'description').maxLength = 8000;
        at(spec, 'components', 'schemas', 'Product', 'properties').brand = { type: 'string' };
        const list = at(spec, 'paths', '/products', 'get');
        (list.parameters as Json[]).push({ name: 'kind', in: 'query', required: false, schema: { type: 'string' } });
        at(spec, 'paths')['/brands'] = {
          get: {
            operationId: 'listBrands',
            'x-tbs-auth': 'public',
            security: [],
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
            },
          },
        };
      });
      c.editEvent('order', 'OrderPaid.v1', (schema) => {
        at(schema, '$defs', 'OrderPaidData', 'properties').couponCode = { type: 'string' };
      });
    });
    expect(changes).toEqual([]);
  });

  it('reports event fields that producers no longer promise', () => {
    const changes = changesAfter((c) => {
      c.editEvent('order', 'OrderPlaced.v1', (schema: JsonObject) => {
        at(schema, '$defs', 'OrderPlacedData').required = ['orderId'];
      });
    });
    expect(
      changes.some((line) => line.startsWith('tbs.order.OrderPlaced.v1 /data/customerId: field no longer required')),
    ).toBe(true);
  });
});
