import { beforeEach, describe, expect, it } from 'vitest';
import { CancelShipment, CloseOrder, OrderNotYetFulfilledError } from '../../src/application/cancel-shipment';
import { DeliverShipment } from '../../src/application/deliver-shipment';
import { DispatchShipment } from '../../src/application/dispatch-shipment';
import { FulfilPaidOrder } from '../../src/application/fulfil-paid-order';
import { GetInventory } from '../../src/application/get-inventory';
import { SetStockOnHand } from '../../src/application/set-stock-on-hand';
import { FixedClock, RecordingDownloadLinks, SequentialIds } from '../fixtures/fakes';
import { InMemoryFulfilmentRepository } from '../fixtures/in-memory-fulfilment-repository';
import { EBOOK, ebookLine, MUG, mugLine, paidOrder, TEA, teaLine } from '../fixtures/paid-orders';

const ctx = { correlationId: 'corr-1' };
const ORDER = '01JDA1B2C3D4E5F6G7H8J9K0MN';

let repository: InMemoryFulfilmentRepository;
let clock: FixedClock;
let links: RecordingDownloadLinks;
let fulfil: FulfilPaidOrder;
let setStock: SetStockOnHand;

beforeEach(async () => {
  repository = new InMemoryFulfilmentRepository();
  clock = new FixedClock();
  links = new RecordingDownloadLinks();
  fulfil = new FulfilPaidOrder(repository, links, clock, new SequentialIds());
  setStock = new SetStockOnHand(repository, clock);
  await setStock.execute(TEA, 10, undefined, ctx);
  await setStock.execute(MUG, 1, undefined, ctx);
  repository.published.length = 0;
});

const stockOf = (id: string) => repository.inventories.get(id);

describe('SetStockOnHand / GetInventory', () => {
  it('creates a record without If-Match, then requires the version read (428 absent, 412 stale)', async () => {
    const created = await setStock.execute('NEW', 4, 99, ctx);
    expect([created.onHand, created.version]).toEqual([4, 1]);
    await expect(setStock.execute('NEW', 5, undefined, ctx)).rejects.toMatchObject({ kind: 'precondition_required' });
    await expect(setStock.execute('NEW', 5, 7, ctx)).rejects.toMatchObject({ kind: 'precondition_failed' });
    const updated = await setStock.execute('NEW', 5, 1, ctx);
    expect([updated.onHand, updated.available, updated.version]).toEqual([5, 5, 2]);
    expect(repository.published.map((e) => [e.type, 'reason' in e && e.reason])).toEqual([
      ['StockLevelChanged', 'ADJUSTED'],
      ['StockLevelChanged', 'ADJUSTED'],
    ]);
    await expect(new GetInventory(repository).execute('NONE')).rejects.toMatchObject({ code: 'INVENTORY_NOT_FOUND' });
  });
});

describe('FulfilPaidOrder', () => {
  it('reserves every physical line, creates a READY shipment and announces both', async () => {
    expect(await fulfil.execute(paidOrder(ORDER, [teaLine(2), mugLine(1)]), ctx)).toBe('SHIPMENT_CREATED');
    expect([stockOf(TEA)?.reserved, stockOf(MUG)?.reserved]).toEqual([2, 1]);
    expect(repository.shipments.get(ORDER)).toMatchObject({ status: 'READY', version: 1 });
    expect(repository.eventTypes().sort()).toEqual(['ShipmentCreated', 'StockLevelChanged', 'StockLevelChanged']);
    expect(repository.published.every((e) => e.correlationId === 'corr-1')).toBe(true);
  });

  it('reserves nothing and fails the order listing the short lines when one line is short', async () => {
    expect(await fulfil.execute(paidOrder(ORDER, [teaLine(2), mugLine(2), ebookLine()]), ctx)).toBe('FAILED');
    expect([stockOf(TEA)?.reserved, stockOf(MUG)?.reserved]).toEqual([0, 0]);
    expect(repository.shipments.size).toBe(0);
    expect(repository.published).toEqual([
      expect.objectContaining({
        type: 'FulfilmentFailed',
        reason: 'OUT_OF_STOCK',
        unavailableLines: [{ productId: MUG, requested: 2, available: 1 }],
      }),
    ]);
    expect(links.signed).toEqual([]);
  });

  it('delivers digital lines with a signed link per product, with or without physical lines', async () => {
    expect(await fulfil.execute(paidOrder(ORDER, [ebookLine()]), ctx)).toBe('DIGITAL_DELIVERED');
    expect(repository.published).toEqual([
      expect.objectContaining({
        type: 'DigitalGoodsReady',
        downloads: [expect.objectContaining({ productId: EBOOK, url: expect.stringContaining(ORDER) })],
      }),
    ]);
    const mixed = '01JDA1B2C3D4E5F6G7H8J9K0MP';
    expect(await fulfil.execute(paidOrder(mixed, [teaLine(1), ebookLine()]), ctx)).toBe('SHIPMENT_CREATED');
    expect(repository.eventTypes()).toContain('DigitalGoodsReady');
    expect(repository.shipments.get(mixed)?.lines.map((line) => line.productId)).toEqual([TEA]);
  });

  it('handles a repeated OrderPaid once', async () => {
    await fulfil.execute(paidOrder(ORDER), ctx);
    const count = repository.published.length;
    expect(await fulfil.execute(paidOrder(ORDER), ctx)).toBe('ALREADY_HANDLED');
    expect(repository.published.length).toBe(count);
    expect(stockOf(TEA)?.reserved).toBe(2);
  });

  it('never promises more units than are on hand, whatever the interleaving', async () => {
    const orders = Array.from({ length: 15 }, (_, i) => paidOrder(`ORDER-${i}`, [teaLine(1)]));
    const results = await Promise.all(orders.map((order) => fulfil.execute(order, ctx)));
    expect(results.filter((r) => r === 'SHIPMENT_CREATED')).toHaveLength(10);
    expect(results.filter((r) => r === 'FAILED')).toHaveLength(5);
    expect(stockOf(TEA)).toMatchObject({ onHand: 10, reserved: 10 });
  });
});

describe('cancellation and settlement', () => {
  it('cancels a pending shipment on request, releasing its stock exactly once', async () => {
    await fulfil.execute(paidOrder(ORDER), ctx);
    const cancel = new CancelShipment(repository, clock);
    expect(await cancel.execute(ORDER, ctx)).toBe('cancelled');
    expect(await cancel.execute(ORDER, ctx)).toBe('already_cancelled');
    expect(await new CloseOrder(repository, clock).execute(ORDER, ctx)).toBe('already_cancelled');
    expect(stockOf(TEA)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(repository.eventTypes().filter((t) => t === 'ShipmentCancelled')).toHaveLength(1);
  });

  it('rejects the cancellation of a dispatched shipment and keeps it shipping', async () => {
    await fulfil.execute(paidOrder(ORDER), ctx);
    await new DispatchShipment(repository, clock).execute(ORDER, 'NZ Post', 'NZ123', ctx);
    expect(await new CancelShipment(repository, clock).execute(ORDER, ctx)).toBe('rejected');
    expect(repository.shipments.get(ORDER)?.status).toBe('DISPATCHED');
    expect(repository.eventTypes()).toContain('ShipmentCancellationRejected');
  });

  it('retries a cancellation that overtook its OrderPaid, and has nothing to cancel for a failed order', async () => {
    const cancel = new CancelShipment(repository, clock);
    await expect(cancel.execute(ORDER, ctx)).rejects.toBeInstanceOf(OrderNotYetFulfilledError);
    await fulfil.execute(paidOrder(ORDER, [mugLine(5)]), ctx);
    expect(await cancel.execute(ORDER, ctx)).toBe('NOTHING_TO_CANCEL');
  });

  it('a refund that overtook its OrderPaid closes the order, so the late payment reserves nothing', async () => {
    expect(await new CloseOrder(repository, clock).execute(ORDER, ctx)).toBe('CLOSED');
    expect(await fulfil.execute(paidOrder(ORDER), ctx)).toBe('ALREADY_HANDLED');
    expect(stockOf(TEA)?.reserved).toBe(0);
  });

  it('a refund of a dispatched order changes nothing', async () => {
    await fulfil.execute(paidOrder(ORDER), ctx);
    await new DispatchShipment(repository, clock).execute(ORDER, 'NZ Post', 'NZ123', ctx);
    const before = repository.published.length;
    expect(await new CloseOrder(repository, clock).execute(ORDER, ctx)).toBe('rejected');
    expect(repository.published.length).toBe(before);
  });
});

describe('DispatchShipment / DeliverShipment', () => {
  it('moves the units out of onHand and reserved, then delivers; repeats are answered unchanged', async () => {
    await fulfil.execute(paidOrder(ORDER, [teaLine(3)]), ctx);
    const dispatch = new DispatchShipment(repository, clock);
    const shipment = await dispatch.execute(ORDER, 'NZ Post', 'NZ123', ctx);
    expect([shipment.status, shipment.version]).toEqual(['DISPATCHED', 2]);
    expect(stockOf(TEA)).toMatchObject({ onHand: 7, reserved: 0 });
    expect((await dispatch.execute(ORDER, 'NZ Post', 'NZ123', ctx)).version).toBe(2);
    await expect(dispatch.execute(ORDER, 'DHL', 'X1', ctx)).rejects.toMatchObject({
      code: 'SHIPMENT_NOT_DISPATCHABLE',
    });
    expect(stockOf(TEA)).toMatchObject({ onHand: 7, reserved: 0 });
    const deliver = new DeliverShipment(repository, clock);
    expect((await deliver.execute(ORDER, ctx)).status).toBe('DELIVERED');
    expect((await deliver.execute(ORDER, ctx)).version).toBe(3);
    expect(repository.eventTypes().filter((t) => t.startsWith('Shipment'))).toEqual([
      'ShipmentCreated',
      'ShipmentDispatched',
      'ShipmentDelivered',
    ]);
  });

  it('refuses to deliver what was not dispatched and answers 404 for unknown orders', async () => {
    await fulfil.execute(paidOrder(ORDER), ctx);
    await expect(new DeliverShipment(repository, clock).execute(ORDER, ctx)).rejects.toMatchObject({
      code: 'SHIPMENT_NOT_DELIVERABLE',
    });
    await expect(new DeliverShipment(repository, clock).execute('NOPE', ctx)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
