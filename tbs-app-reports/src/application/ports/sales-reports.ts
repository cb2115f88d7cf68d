import type { DateRange } from '../../domain/report-period';

export interface MonthlySalesRow {
  /** YYYY-MM in the store's time zone. */
  month: string;
  orders: number;
  net: number;
  tax: number;
  gross: number;
  refunded: number;
}

export interface TopProductRow {
  productId: string;
  name: string;
  units: number;
  net: number;
}

/** What "top" means: most units sold, or most net sales (revenue excluding tax). */
export type TopProductsRanking = 'units' | 'net';

/** Read side: the reports' SQL. All amounts in cents of `currency`; days and months in `timeZone`. */
export interface SalesReports {
  /** One row per month from `firstMonth` to `lastMonth` (YYYY-MM) inclusive, months without sales as zeros. */
  monthlySales(query: {
    firstMonth: string;
    lastMonth: string;
    timeZone: string;
    currency: string;
  }): Promise<MonthlySalesRow[]>;
  topProducts(
    query: DateRange & { limit: number; rankBy: TopProductsRanking; timeZone: string; currency: string },
  ): Promise<TopProductRow[]>;
}
