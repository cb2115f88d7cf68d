import { validateGetMonthlySalesResponse200, validateGetTopProductsResponse200 } from '@tbs/contracts/validators';
import { describe, expect, it } from 'vitest';
import { GetMonthlySales } from '../../src/application/get-monthly-sales';
import { GetTopProducts } from '../../src/application/get-top-products';
import { InMemorySalesReports } from '../fixtures/in-memory-sales-reports';

const store = { timeZone: 'Pacific/Auckland', currency: 'NZD' };
const clock = () => new Date('2026-02-20T00:00:00Z');

function expectValid(validate: { (data: unknown): boolean; errors?: unknown }, body: unknown): void {
  const valid = validate(JSON.parse(JSON.stringify(body)));
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(valid).toBe(true);
}

describe('report responses against the compiled response validators', () => {
  it('monthly sales is valid, with empty months and with sales', async () => {
    const reports = new InMemorySalesReports();
    reports.months.set('2026-02', { orders: 3, net: 14700, tax: 2325, gross: 17825, refunded: 5175 });
    const report = await new GetMonthlySales(reports, store, clock).execute(2);
    expect(report.months.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
    expectValid(validateGetMonthlySalesResponse200, report);
  });

  it('top products is valid, empty or not', async () => {
    const reports = new InMemorySalesReports();
    const getTopProducts = new GetTopProducts(reports, store, clock);
    expectValid(validateGetTopProductsResponse200, await getTopProducts.execute({}));
    reports.top = [{ productId: '01JD8X3QK7M2V4R6T8W0Y2A4C6', name: 'Green Sencha 100 g', units: 6, net: 11100 }];
    expectValid(
      validateGetTopProductsResponse200,
      await getTopProducts.execute({ from: '2026-02-01', to: '2026-02-28' }),
    );
  });

  it('would catch a report that drifts from the spec', () => {
    expect(validateGetMonthlySalesResponse200({ currency: 'NZD', months: [{ month: '2026-2', orders: 0 }] })).toBe(
      false,
    );
  });
});
