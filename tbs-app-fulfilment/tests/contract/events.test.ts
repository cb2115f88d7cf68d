import { readFileSync } from 'node:fs';
import { assertCloudEvent } from '@tbs/contracts/runtime';
import { EventTypeName } from '@tbs/contracts/types';
import { loadTemplate } from '@tbs/devops-local/template';
import { describe, expect, it } from 'vitest';
import { CancelShipment, CloseOrder } from '../../src/application/cancel-shipment';
import { DeliverShipment } from '../../src/application/deliver-shipment';
import { DispatchShipment } from '../../src/application/dispatch-shipment';
import { FulfilPaidOrder } from '../../src/application/fulfil-paid-order';
import { type ConsumedOrderEvent, HandleOrderEvent } from '../../src/application/handle-order-event';
import { SetStockOnHand } from '../../src/application/set-stock-on-hand';
import { toCloudEvent } from '../../src/infrastructure/fulfilment-cloud-events';
import { FULFILMENT_EVENT_VALIDATORS } from '../../src/infrastructure/fulfilment-event-validators';
import { schemaExample } from '../fixtures/contracts-files';
import { FixedClock, RecordingDownloadLinks, SequentialIds } from '../fixtures/fakes';
import { TEMPLATE_PATH } from '../fixtures/fulfilment-tables';
import { InMemoryFulfilmentRepository } from '../fixtures/in-memory-fulfilment-repository';

const CONSUMED = ['OrderPaid', 'OrderCancellationRequested', 'OrderRefunded', 'OrderCancelled'] as const;
const PRODUCED = [
  'StockLevelChanged',
  'ShipmentCreated',
  'FulfilmentFailed',
  'ShipmentCancelled',
  'ShipmentCancellationRejected',
  'ShipmentDispatched',
  'ShipmentDelivered',
  'DigitalGoodsReady',
] as const;

describe('events in: the order service examples', () => {
  it('the queue subscription filters on exactly the event types the consumer validates and handles', async () => {
    const template = await loadTemplate(TEMPLATE_PATH);
    const subscriptions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SNS::Subscription');
    const filtered = subscriptions.flatMap((resource) => {
      const props = resource.Properties as { FilterPolicy: { type: string[] }; RawMessageDelivery: boolean };
      expect(props.RawMessageDelivery).toBe(true);
      return props.FilterPolicy.type;
    });
    expect(filtered.sort()).toEqual(CONSUMED.map((name) => EventTypeName[name]).sort());
    const source = readFileSync(new URL('../../src/handlers/sqs/order-events.ts', import.meta.url), 'utf8');
    for (const name of CONSUMED) expect(source).toContain(`'${EventTypeName[name]}': validate${name}Event`);
  });

  it('the published examples drive the whole saga: reserve, cancel on request, settle', async () => {
    const repository = new InMemoryFulfilmentRepository();
    const clock = new FixedClock();
    const paid = schemaExample<ConsumedOrderEvent>('order/OrderPaid');
    const physical = (paid.data as { lines: { productId: string; kind: string }[] }).lines.filter(
      (line) => line.kind === 'physical',
    );
    for (const line of physical)
      await new SetStockOnHand(repository, clock).execute(line.productId, 5, undefined, { correlationId: 'c' });
    const handle = new HandleOrderEvent(
      new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, new SequentialIds()),
      new CancelShipment(repository, clock),
      new CloseOrder(repository, clock),
    );
    const orderId = (paid.data as { orderId: string }).orderId;
    expect(await handle.execute(paid)).toBe('SHIPMENT_CREATED');
    const cancel = schemaExample<ConsumedOrderEvent>('order/OrderCancellationRequested');
    expect(cancel.data.orderId).toBe(orderId);
    expect(await handle.execute(cancel)).toBe('cancelled');
    for (const name of ['OrderRefunded', 'OrderCancelled']) {
      const settled = schemaExample<ConsumedOrderEvent>(`order/${name}`);
      expect(await handle.execute({ ...settled, data: { ...settled.data, orderId } } as ConsumedOrderEvent)).toBe(
        'already_cancelled',
      );
    }
  });
});

describe('events out: every event the service produces validates against its published schema', () => {
  it('covers all eight fulfilment event types, each produced by a real use case run', async () => {
    const repository = new InMemoryFulfilmentRepository();
    const clock = new FixedClock();
    const ctx = { correlationId: '01JD9A0000CORRE1AT10N0000A' };
    const fulfil = new FulfilPaidOrder(repository, new RecordingDownloadLinks(), clock, new SequentialIds());
    const paid = schemaExample<{ data: Parameters<FulfilPaidOrder['execute']>[0] }>('order/OrderPaid').data;
    const tea = paid.lines.find((line) => line.kind === 'physical')?.productId as string;
    await new SetStockOnHand(repository, clock).execute(tea, 2, undefined, ctx);
    await fulfil.execute({ ...paid, orderId: '01JDA1B2C3D4E5F6G7H8J9K0M1' }, ctx);
    await fulfil.execute({ ...paid, orderId: '01JDA1B2C3D4E5F6G7H8J9K0M2' }, ctx);
    await new CancelShipment(repository, clock).execute('01JDA1B2C3D4E5F6G7H8J9K0M1', ctx);
    await fulfil.execute({ ...paid, orderId: '01JDA1B2C3D4E5F6G7H8J9K0M3' }, ctx);
    await new DispatchShipment(repository, clock).execute('01JDA1B2C3D4E5F6G7H8J9K0M3', 'NZ Post', 'NZ1', ctx);
    await new DeliverShipment(repository, clock).execute('01JDA1B2C3D4E5F6G7H8J9K0M3', ctx);
    await new CancelShipment(repository, clock).execute('01JDA1B2C3D4E5F6G7H8J9K0M3', ctx);
    const produced = new Set<string>();
    for (const { correlationId, ...event } of repository.published) {
      const cloudEvent = toCloudEvent(event, correlationId);
      expect(() => assertCloudEvent(cloudEvent, FULFILMENT_EVENT_VALIDATORS)).not.toThrow();
      produced.add(event.type);
    }
    expect([...produced].sort()).toEqual([...PRODUCED].sort());
  });
});
