import { inject, injectable } from 'tsyringe';
import type {
  MonthlySalesRow,
  SalesReports,
  TopProductRow,
  TopProductsRanking,
} from '../application/ports/sales-reports';
import type { DateRange } from '../domain/report-period';
import type { DataApi } from './data-api';
import { INFRASTRUCTURE_TOKENS } from './tokens';

// Months are local calendar months of :timeZone: `timestamptz AT TIME ZONE tz` gives the local wall-clock time,
// and `local timestamp AT TIME ZONE tz` turns a local month start back into an instant, so the bounds follow
// daylight saving. generate_series lists every month, so months without sales come out as zeros.
const MONTHLY_SALES = `
WITH months AS (
  SELECT month_start
  FROM generate_series(CAST(:firstMonth || '-01' AS timestamp), CAST(:lastMonth || '-01' AS timestamp),
                       interval '1 month') AS month_start
),
bounds AS (
  SELECT min(month_start) AT TIME ZONE :timeZone AS starts,
         (max(month_start) + interval '1 month') AT TIME ZONE :timeZone AS ends
  FROM months
),
sales AS (
  SELECT date_trunc('month', o.paid_at AT TIME ZONE :timeZone) AS month_start,
         count(*) AS orders, sum(o.net_cents) AS net, sum(o.tax_cents) AS tax, sum(o.gross_cents) AS gross
  FROM sales_order o, bounds b
  WHERE o.paid_at >= b.starts AND o.paid_at < b.ends AND o.currency = :currency
  GROUP BY 1
),
refunds AS (
  SELECT date_trunc('month', r.refunded_at AT TIME ZONE :timeZone) AS month_start, sum(r.amount_cents) AS refunded
  FROM sales_refund r, bounds b
  WHERE r.refunded_at >= b.starts AND r.refunded_at < b.ends AND r.currency = :currency
  GROUP BY 1
)
SELECT to_char(m.month_start, 'YYYY-MM') AS month,
       CAST(coalesce(s.orders, 0) AS bigint) AS orders,
       CAST(coalesce(s.net, 0) AS bigint) AS net,
       CAST(coalesce(s.tax, 0) AS bigint) AS tax,
       CAST(coalesce(s.gross, 0) AS bigint) AS gross,
       CAST(coalesce(r.refunded, 0) AS bigint) AS refunded
FROM months m
LEFT JOIN sales s ON s.month_start = m.month_start
LEFT JOIN refunds r ON r.month_start = m.month_start
ORDER BY m.month_start`;

// Lines of orders paid within the local days [from, to] and still standing (not refunded or cancelled since).
// The name shown is the one of the most recent sale, as products get renamed.
const TOP_PRODUCTS = `
SELECT l.product_id AS "productId",
       (array_agg(l.name ORDER BY o.paid_at DESC, l.order_id DESC))[1] AS name,
       CAST(sum(l.quantity) AS bigint) AS units,
       CAST(sum(l.line_total_cents) AS bigint) AS net
FROM sales_order_line l
JOIN sales_order o ON o.order_id = l.order_id
WHERE o.paid_at >= CAST(:from AS timestamp) AT TIME ZONE :timeZone
  AND o.paid_at < (CAST(:to AS timestamp) + interval '1 day') AT TIME ZONE :timeZone
  AND o.currency = :currency
  AND o.status = 'PAID'
GROUP BY l.product_id
ORDER BY `;

// ORDER BY cannot take a bound parameter: the ranking picks one of these fixed clauses, never caller text.
const RANKINGS: Record<TopProductsRanking, string> = {
  units: 'units DESC, net DESC, l.product_id ASC',
  net: 'net DESC, units DESC, l.product_id ASC',
};

/** The reports' SQL over the sales ledger; every value is a bound parameter. */
@injectable()
export class DataApiSalesReports implements SalesReports {
  constructor(@inject(INFRASTRUCTURE_TOKENS.DataApi) private readonly db: DataApi) {}

  monthlySales(query: {
    firstMonth: string;
    lastMonth: string;
    timeZone: string;
    currency: string;
  }): Promise<MonthlySalesRow[]> {
    return this.db.query<MonthlySalesRow>(MONTHLY_SALES, { ...query });
  }

  topProducts(
    query: DateRange & { limit: number; rankBy: TopProductsRanking; timeZone: string; currency: string },
  ): Promise<TopProductRow[]> {
    const { rankBy, ...params } = query;
    const order = RANKINGS[rankBy];
    if (!order) throw new Error(`Unknown ranking ${String(rankBy)}`);
    return this.db.query<TopProductRow>(`${TOP_PRODUCTS}${order}\nLIMIT :limit`, params);
  }
}
