import type { MonthlySales } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { customer, Step } from '../support/scenario';
import { assertThat, expectStatus, type ShopWorld, storeMonth } from '../support/world';
import { cents } from './money';

type MonthRow = MonthlySales['months'][number];

export function reportsSteps(world: ShopWorld): void {
  const thisMonth = (report: MonthlySales): MonthRow | undefined =>
    report.months.find((m) => m.month === storeMonth(new Date()));

  Step("the monthly sales report shows this month's totals", async (state) => {
    const row = thisMonth(await world.monthlySales());
    assertThat(row !== undefined, `a row for ${storeMonth(new Date())}`, row);
    state.notes.set('before', row);
  });

  Step('the administrator opens the monthly sales report', async (state) => {
    state.notes.set('report', await world.monthlySales());
  });

  Step('it lists 12 consecutive months ending with this month', (state) => {
    const report = state.notes.get('report') as MonthlySales;
    const now = new Date();
    const expected = Array.from({ length: 12 }, (_, i) => {
      const [year, month] = storeMonth(now).split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(year, month - 1 - i, 1));
      return d.toISOString().slice(0, 7);
    });
    const months = report.months.map((m) => m.month);
    assertThat(
      months.length === 12 && [...months].sort().join() === [...expected].sort().join(),
      `the months ${expected.at(-1)} to ${expected[0]}`,
      months,
    );
  });

  Step(
    "this month's net total has grown by {number} NZD and its order count by {int}",
    async (state, net: number, orders: number) => {
      const before = state.notes.get('before') as MonthRow;
      // Reports learns of the sale from OrderPaid, after the order reads PAID: wait for it.
      const after = await eventually(
        `this month's net to grow by ${net} and its orders by ${orders}`,
        () => world.monthlySales(),
        (report) => {
          const row = thisMonth(report);
          return row && row.orders === before.orders + orders ? row : undefined;
        },
      );
      assertThat(after.net - before.net === cents(net), `net +${cents(net)} cents`, { before, after });
    },
  );

  Step('the customer opens the monthly sales report', async (state) => {
    state.response = await world.api('/reports/v1/reports/monthly-sales?months=12', { as: customer(state).email });
  });

  Step('access is forbidden', (state) => {
    expectStatus(state.response!, 403, 'a customer reading the reports');
  });
}
