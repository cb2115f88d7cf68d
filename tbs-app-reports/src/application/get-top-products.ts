import { dateRange, localDate } from '../domain/report-period';
import type { SalesReports, TopProductRow, TopProductsRanking } from './ports/sales-reports';
import type { Clock, StoreSettings } from './ports/tokens';

export const DEFAULT_TOP_PRODUCTS_LIMIT = 10;

export interface TopProductsReport {
  from: string;
  to: string;
  currency: string;
  items: TopProductRow[];
}

/**
 * Best-selling products of a date range (days of the store's time zone, both included): units sold and net
 * sales of orders paid in the range that were not refunded or cancelled since, ranked by units (ties: net, then
 * product id) or by net sales (ties: units, then product id).
 */
export class GetTopProducts {
  constructor(
    private readonly reports: SalesReports,
    private readonly store: StoreSettings,
    private readonly clock: Clock,
  ) {}

  async execute(input: {
    from?: string;
    to?: string;
    limit?: number;
    rankBy?: TopProductsRanking;
  }): Promise<TopProductsReport> {
    const range = dateRange(input, localDate(this.clock(), this.store.timeZone));
    const items = await this.reports.topProducts({
      ...range,
      limit: input.limit ?? DEFAULT_TOP_PRODUCTS_LIMIT,
      rankBy: input.rankBy ?? 'units',
      timeZone: this.store.timeZone,
      currency: this.store.currency,
    });
    return { ...range, currency: this.store.currency, items };
  }
}
