import { addMonths, checkMonths, DEFAULT_MONTHS, localDate } from '../domain/report-period';
import type { MonthlySalesRow, SalesReports } from './ports/sales-reports';
import type { Clock, StoreSettings } from './ports/tokens';

export interface MonthlySalesReport {
  currency: string;
  months: MonthlySalesRow[];
}

/**
 * Sales per month for administrators, the current month (in the store's time zone) last.
 * 1. Work out the months: the current one and the `months - 1` before it.
 * 2. Ask the read model for them; months without sales come back as zeros.
 */
export class GetMonthlySales {
  constructor(
    private readonly reports: SalesReports,
    private readonly store: StoreSettings,
    private readonly clock: Clock,
  ) {}

  async execute(months: number = DEFAULT_MONTHS): Promise<MonthlySalesReport> {
    const count = checkMonths(months);
    const lastMonth = localDate(this.clock(), this.store.timeZone).slice(0, 7);
    const rows = await this.reports.monthlySales({
      firstMonth: addMonths(lastMonth, 1 - count),
      lastMonth,
      timeZone: this.store.timeZone,
      currency: this.store.currency,
    });
    return { currency: this.store.currency, months: rows };
  }
}
