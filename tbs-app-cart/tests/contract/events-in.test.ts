import { readFileSync } from 'node:fs';
import {
  EventTypeName,
  type ProductArchivedEvent,
  type ProductCreatedEvent,
  type ProductUpdatedEvent,
} from '@tbs/contracts/types';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { ClearPaidOrder } from '../../src/application/clear-paid-order';
import { type CartInboundEvent, HandleCartEvent } from '../../src/application/handle-cart-event';
import { RecordProduct } from '../../src/application/record-product';
import { RecordStockLevel } from '../../src/application/record-stock-level';
import { Cart } from '../../src/domain/cart';
import { TEMPLATE_PATH } from '../fixtures/cart-table';
import { anItem, ebook } from '../fixtures/catalogue';
import { readContractsFile } from '../fixtures/contracts-files';
import { FixedClock, InMemoryCartRepository, InMemoryCatalogueProjection } from '../fixtures/in-memory-cart-repository';

const schemaExample = <T extends CartInboundEvent = CartInboundEvent>(path: string): T =>
  JSON.parse(readContractsFile(`events/${path}.v1.schema.json`)).examples[0];

const CONSUMED = [
  EventTypeName.ProductCreated,
  EventTypeName.ProductUpdated,
  EventTypeName.ProductArchived,
  EventTypeName.StockLevelChanged,
  EventTypeName.OrderPaid,
].sort();

describe("events the cart consumes: the producers' published examples", () => {
  it('the queue subscriptions filter on exactly the event types the consumer validates and handles', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const handlerSource = readFileSync(new URL('../../src/handlers/sqs/cart-events.ts', import.meta.url), 'utf8');
    const filtered = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::SNS::Subscription')
      .flatMap((resource) => {
        const props = resource.Properties as { FilterPolicy: { type: string[] }; RawMessageDelivery: boolean };
        expect(props.RawMessageDelivery).toBe(true);
        return props.FilterPolicy.type;
      })
      .sort();
    expect(filtered).toEqual(CONSUMED);
    for (const name of ['ProductCreated', 'ProductUpdated', 'ProductArchived', 'StockLevelChanged', 'OrderPaid']) {
      expect(handlerSource).toContain(`[EventTypeName.${name}]: validate${name}Event`);
    }
  });

  it("subscribes the queue to the producers' topics of tbs-devops-events, the only topics allowed to send to it", async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const topic = (name: string) => ({ 'Fn::ImportValue': { 'Fn::Sub': `tbs-devops-events-\${Env}:${name}` } });
    const subscriptions = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::SNS::Subscription')
      .map(([id, resource]) => {
        expect(resource.Condition, `${id} is always created`).toBeUndefined();
        const props = resource.Properties as { TopicArn: unknown; Endpoint: unknown };
        expect(props.Endpoint).toEqual({ 'Fn::GetAtt': ['CartEventsQueue', 'Arn'] });
        return [id, props.TopicArn];
      });
    expect(Object.fromEntries(subscriptions)).toEqual({
      ProductEventsSubscription: topic('ProductTopicArn'),
      FulfilmentEventsSubscription: topic('FulfilmentTopicArn'),
      OrderEventsSubscription: topic('OrderTopicArn'),
    });

    const policy = template.Resources.CartEventsQueuePolicy;
    if (!policy) throw new Error('template.yaml has no CartEventsQueuePolicy');
    expect(policy.Condition).toBeUndefined();
    const [statement] = (policy.Properties as { PolicyDocument: { Statement: Record<string, unknown>[] } })
      .PolicyDocument.Statement;
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' } });
    expect(statement?.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': subscriptions.map(([, topicArn]) => topicArn) },
    });
    expect(Object.keys(template.Parameters ?? {}).filter((name) => name.endsWith('TopicArn'))).toEqual([]);
  });

  it('project the examples of ProductUpdated and StockLevelChanged into a priced line', async () => {
    const catalogue = new InMemoryCatalogueProjection();
    const carts = new InMemoryCartRepository();
    const clock = new FixedClock(new Date('2026-02-10T20:00:00Z'));
    const handle = new HandleCartEvent(
      new RecordProduct(catalogue),
      new RecordStockLevel(catalogue),
      new ClearPaidOrder(carts, clock),
    );
    const updated = schemaExample<ProductUpdatedEvent>('product/ProductUpdated');
    expect(await handle.execute(updated)).toBe('applied');
    expect(await handle.execute(schemaExample('product/ProductCreated'))).toBe(
      updated.data.version > schemaExample<ProductCreatedEvent>('product/ProductCreated').data.version
        ? 'ignored'
        : 'applied',
    );
    expect(await handle.execute(schemaExample('fulfilment/StockLevelChanged'))).toBe('applied');
    const productId = updated.data.productId;
    expect((await catalogue.find([productId])).get(productId)).toEqual(
      anItem({ productId, unitPrice: 1950, availableQuantity: 42 }),
    );
    const archived = schemaExample<ProductArchivedEvent>('product/ProductArchived');
    await handle.execute(archived);
    expect((await catalogue.find([archived.data.productId])).get(archived.data.productId)?.archived).toBe(true);
  });

  it('the OrderPaid example empties its customer cart of the products it bought', async () => {
    const paid = schemaExample('order/OrderPaid');
    if (paid.type !== 'tbs.order.OrderPaid.v1') throw new Error('not an OrderPaid example');
    const carts = new InMemoryCartRepository();
    const clock = new FixedClock(new Date(paid.data.paidAt));
    const before = new Date(new Date(paid.data.placedAt).getTime() - 60_000);
    const cart = Cart.empty(paid.data.customerId, before);
    for (const line of paid.data.lines) {
      const item = line.kind === 'digital' ? ebook() : anItem();
      cart.setQuantity(line.productId, line.quantity, { ...item, productId: line.productId }, before);
    }
    await carts.save(cart);
    const handle = new HandleCartEvent(
      new RecordProduct(new InMemoryCatalogueProjection()),
      new RecordStockLevel(new InMemoryCatalogueProjection()),
      new ClearPaidOrder(carts, clock),
    );
    expect(await handle.execute(paid)).toBe('applied');
    expect((await carts.find(paid.data.customerId))?.lines).toEqual([]);
  });
});
