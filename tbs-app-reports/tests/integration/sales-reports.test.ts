import 'reflect-metadata';
import { type RunningDataApi, startDataApi } from '@tbs/devops-local';
import type { DependencyContainer } from 'tsyringe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetMonthlySales } from '../../src/application/get-monthly-sales';
import { GetTopProducts } from '../../src/application/get-top-products';
import { MigrateDatabase } from '../../src/application/migrate-database';
import { type QueuedMessage, RecordSalesEvents } from '../../src/application/record-sales-events';
import { createContainer, createRecordingContainer } from '../../src/infrastructure/container';
import type { DataApi } from '../../src/infrastructure/data-api';
import { INFRASTRUCTURE_TOKENS } from '../../src/infrastructure/tokens';
import { CREDENTIALS, fileMigrations, recordingLogger, reportsEnv } from '../fixtures/reports-env';
import {
  buildFixture,
  expectedMonthlySales,
  expectedTopProducts,
  type FixtureOrder,
  idOf,
  monthList,
  NOW,
  type OrderEvent,
  shuffledEvents,
} from '../fixtures/sales-fixture';

function messages(events: readonly OrderEvent[], prefix: string): QueuedMessage[] {
  return events.map((event, i) => ({ id: `${prefix}-${i}`, body: JSON.stringify(event) }));
}

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe('reports on the Data API stand-in (PGlite)', () => {
  let dataApi: RunningDataApi;
  let container: DependencyContainer;
  let record: RecordSalesEvents;
  let db: DataApi;
  const sleeps: number[] = [];
  const logger = recordingLogger();
  const orders: FixtureOrder[] = buildFixture(240);
  const events = shuffledEvents(orders);
  const batches = batchesOf(events, 100);

  beforeAll(async () => {
    dataApi = await startDataApi({ port: 0 });
    container = createRecordingContainer(reportsEnv(dataApi.endpoint), {
      migrations: fileMigrations,
      clock: () => NOW,
      logger,
      credentials: CREDENTIALS,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    record = container.resolve(RecordSalesEvents);
    db = container.resolve<DataApi>(INFRASTRUCTURE_TOKENS.DataApi);
  });

  afterAll(async () => {
    await dataApi?.stop();
  });

  describe('migrations', () => {
    it('create the schema once; running them again changes nothing', async () => {
      const migrate = container.resolve(MigrateDatabase);
      expect(await migrate.execute()).toEqual(['0001']);
      expect(await migrate.execute()).toEqual([]);
      const history = await db.query<{ version: string; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      expect(history).toEqual([{ version: '0001', name: 'create_sales_tables' }]);
    });

    it('refuse to continue when an applied migration was edited afterwards', async () => {
      const edited = createContainer(reportsEnv(dataApi.endpoint), {
        credentials: CREDENTIALS,
        logger: recordingLogger(),
        migrations: async () =>
          (await fileMigrations()).map((m) => ({ ...m, sql: `${m.sql}\n-- edited after release` })),
      });
      await expect(edited.resolve(MigrateDatabase).execute()).rejects.toThrow(/0001_create_sales_tables changed/);
    });
  });

  describe('a 13-month history delivered out of order in batches of 100', () => {
    it('is a fixture of 200+ orders with refunds, paid cancellations and unpaid cancellations', () => {
      expect(orders.length).toBeGreaterThanOrEqual(200);
      const closures = orders.map((o) => o.closure?.type);
      expect(closures.filter((t) => t === 'tbs.order.OrderRefunded.v1').length).toBeGreaterThan(10);
      expect(orders.filter((o) => o.paid && o.closure?.type === 'tbs.order.OrderCancelled.v1').length).toBeGreaterThan(
        10,
      );
      expect(orders.filter((o) => !o.paid).length).toBeGreaterThan(3);
      // Out-of-order delivery really happens: some closures are delivered before the payment they follow.
      const position = new Map(events.map((e, i) => [e.id, i]));
      const overtaken = orders.filter(
        (o) => o.paid && o.closure && (position.get(o.closure.id) ?? 0) < (position.get(o.paid.id) ?? 0),
      );
      expect(overtaken.length).toBeGreaterThan(3);
    });

    it('records every batch without a failure', async () => {
      for (const [i, batch] of batches.entries()) {
        expect(await record.execute(messages(batch, `first-${i}`))).toEqual({ failedMessageIds: [] });
      }
    });

    it('gives the monthly report computed independently from the fixture (Auckland months, empty months as zeros)', async () => {
      const report = await container.resolve(GetMonthlySales).execute(13);
      expect(report.currency).toBe('NZD');
      expect(report.months.map((m) => m.month)).toEqual(monthList('2025-11', 13));
      expect(report.months).toEqual(expectedMonthlySales(orders, monthList('2025-11', 13)));
      expect(report.months.reduce((sum, m) => sum + m.refunded, 0)).toBeGreaterThan(0);

      // The window moves with the clock: 24 months reach back into months with no sales at all.
      const longer = await container.resolve(GetMonthlySales).execute(24);
      expect(longer.months).toEqual(expectedMonthlySales(orders, monthList('2024-12', 24)));
      expect(longer.months[0]).toEqual({ month: '2024-12', orders: 0, net: 0, tax: 0, gross: 0, refunded: 0 });
    });

    it('gives the top products computed independently, ranked by units then net sales', async () => {
      const getTopProducts = container.resolve(GetTopProducts);
      const year = await getTopProducts.execute({ from: '2025-11-15', to: '2026-11-14', limit: 100 });
      expect(year).toMatchObject({ from: '2025-11-15', to: '2026-11-14', currency: 'NZD' });
      expect(year.items).toEqual(expectedTopProducts(orders, '2025-11-15', '2026-11-14', 100));
      expect(year.items.length).toBeGreaterThan(3);

      const march = await getTopProducts.execute({ from: '2026-03-01', to: '2026-03-31', limit: 3 });
      expect(march.items).toEqual(expectedTopProducts(orders, '2026-03-01', '2026-03-31', 3));

      // By revenue: a different order than by units (expensive gear sells fewer units).
      const byNet = await getTopProducts.execute({ from: '2025-11-15', to: '2026-11-14', limit: 100, rankBy: 'net' });
      expect(byNet.items).toEqual(expectedTopProducts(orders, '2025-11-15', '2026-11-14', 100, 'net'));
      expect(byNet.items.map((i) => i.productId)).not.toEqual(year.items.map((i) => i.productId));

      // Defaults: the 30 days up to today (Auckland).
      const recent = await getTopProducts.execute({});
      expect(recent).toMatchObject({ from: '2026-10-16', to: '2026-11-15' });
      expect(recent.items).toEqual(expectedTopProducts(orders, '2026-10-16', '2026-11-15', 10));
    });

    it('gives the same numbers when every batch is delivered again', async () => {
      const getMonthlySales = container.resolve(GetMonthlySales);
      const before = await getMonthlySales.execute(13);
      const topBefore = await container.resolve(GetTopProducts).execute({ from: '2025-11-15', to: '2026-11-14' });
      for (const [i, batch] of batches.entries()) {
        expect(await record.execute(messages(batch, `again-${i}`))).toEqual({ failedMessageIds: [] });
      }
      // A batch that repeats events within itself is harmless too.
      const doubled = batches[0]?.slice(0, 20) ?? [];
      expect(await record.execute(messages([...doubled, ...doubled], 'doubled'))).toEqual({ failedMessageIds: [] });
      expect(await getMonthlySales.execute(13)).toEqual(before);
      expect(await container.resolve(GetTopProducts).execute({ from: '2025-11-15', to: '2026-11-14' })).toEqual(
        topBefore,
      );
    });
  });

  describe('failures', () => {
    function newSale(n: number, overrides: { name?: string } = {}): OrderEvent {
      const template = buildFixture(40).find((o) => o.paid && !o.closure)?.paid;
      if (!template) throw new Error('fixture has no plain sale');
      const orderId = idOf(4, n);
      const lines = template.data.lines.map((line, i) =>
        i === 0 && overrides.name ? { ...line, name: overrides.name } : line,
      );
      return {
        ...template,
        id: idOf(5, n),
        subject: orderId,
        time: '2026-11-10T01:00:00Z',
        data: { ...template.data, orderId, lines, paidAt: '2026-11-10T01:00:00Z' },
      };
    }

    async function ordersIn(ids: string[]): Promise<string[]> {
      const rows = await db.query<{ order_id: string }>('SELECT order_id FROM sales_order ORDER BY order_id');
      return rows.map((r) => r.order_id).filter((id) => ids.includes(id));
    }

    it('fails a poisoned record alone: the rest of its batch is recorded', async () => {
      // Valid against the schema, but PostgreSQL cannot store a NUL character: the batch transaction fails.
      const poisoned = newSale(2, { name: 'Broken\u0000name' });
      const good = [newSale(1), newSale(3), newSale(4)];
      const batch = messages([good[0], poisoned, good[1], good[2]] as OrderEvent[], 'poison');
      batch.push({ id: 'not-json', body: '{"specversion": "1.0", ' });
      const result = await record.execute(batch);
      expect(result.failedMessageIds).toEqual(['poison-1', 'not-json']);
      expect(await ordersIn([idOf(4, 1), idOf(4, 2), idOf(4, 3), idOf(4, 4)])).toEqual([
        idOf(4, 1),
        idOf(4, 3),
        idOf(4, 4),
      ]);
      expect(logger.lines.some((l) => l.level === 'error' && l.attributes?.messageId === 'poison-1')).toBe(true);
    });

    it('retries with backoff while the database resumes, then records the batch', async () => {
      sleeps.length = 0;
      dataApi.simulateResuming(3);
      expect(await record.execute(messages([newSale(5)], 'resume'))).toEqual({ failedMessageIds: [] });
      expect(sleeps).toEqual([250, 500, 1000]);
      expect(await ordersIn([idOf(4, 5)])).toEqual([idOf(4, 5)]);
    });

    it('hands the whole batch back to the queue when the database stays unavailable, without blaming a record', async () => {
      sleeps.length = 0;
      const logged = logger.lines.length;
      dataApi.simulateResuming(1_000);
      try {
        const result = await record.execute(messages([newSale(6), newSale(7)], 'asleep'));
        expect(result.failedMessageIds).toEqual(['asleep-0', 'asleep-1']);
      } finally {
        dataApi.simulateResuming(0);
      }
      expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(40_000);
      expect(await ordersIn([idOf(4, 6), idOf(4, 7)])).toEqual([]);
      // Nothing was tried one by one: that would have taken many more calls.
      const newLines = logger.lines.slice(logged);
      expect(newLines.some((l) => l.message.startsWith('Batch could not be recorded'))).toBe(false);
      expect(newLines.some((l) => l.level === 'warn' && l.message.startsWith('Database unavailable'))).toBe(true);
    });
  });

  it('keeps the newer status when the payment is delivered after the refund or cancellation', async () => {
    const position = new Map(events.map((e, i) => [e.id, i]));
    const overtaken = orders.filter(
      (o) => o.paid && o.closure && (position.get(o.closure.id) ?? 0) < (position.get(o.paid.id) ?? 0),
    );
    for (const order of overtaken) {
      const rows = await db.query<{ status: string; version: number; gross_cents: number }>(
        'SELECT status, version, gross_cents FROM sales_order WHERE order_id = :orderId',
        { orderId: order.paid?.data.orderId ?? '' },
      );
      const status = order.closure?.type === 'tbs.order.OrderRefunded.v1' ? 'REFUNDED' : 'CANCELLED';
      expect(rows).toEqual([
        { status, version: order.closure?.data.version, gross_cents: order.paid?.data.totals.gross },
      ]);
    }
  });
});
