import { inject, injectable } from 'tsyringe';
import type { SalesLedger } from '../application/ports/sales-ledger';
import type { ClosureEntry, SaleEntry, SalesEntry } from '../domain/sales-entry';
import type { DataApi } from './data-api';
import { INFRASTRUCTURE_TOKENS } from './tokens';

const CLAIM_EVENT = `
INSERT INTO processed_event (event_id, event_type) VALUES (:eventId, :eventType)
ON CONFLICT (event_id) DO NOTHING`;

// The paid snapshot is a fact that never changes, so it is always written; the status only moves forward.
const UPSERT_SALE = `
INSERT INTO sales_order AS o (order_id, currency, net_cents, shipping_cents, tax_cents, gross_cents, paid_at,
                              status, version, status_changed_at)
VALUES (:orderId, :currency, :net, :shipping, :tax, :gross, CAST(:paidAt AS timestamptz),
        'PAID', :version, CAST(:paidAt AS timestamptz))
ON CONFLICT (order_id) DO UPDATE SET
  currency = EXCLUDED.currency,
  net_cents = EXCLUDED.net_cents,
  shipping_cents = EXCLUDED.shipping_cents,
  tax_cents = EXCLUDED.tax_cents,
  gross_cents = EXCLUDED.gross_cents,
  paid_at = EXCLUDED.paid_at,
  status = CASE WHEN EXCLUDED.version > o.version THEN EXCLUDED.status ELSE o.status END,
  status_changed_at = CASE WHEN EXCLUDED.version > o.version THEN EXCLUDED.status_changed_at ELSE o.status_changed_at END,
  version = GREATEST(o.version, EXCLUDED.version)`;

const INSERT_LINE = `
INSERT INTO sales_order_line (order_id, line_no, product_id, sku, name, kind, quantity, unit_price_cents,
                              line_total_cents)
VALUES (:orderId, :lineNo, :productId, :sku, :name, :kind, :quantity, :unitPrice, :lineTotal)
ON CONFLICT (order_id, line_no) DO NOTHING`;

// A closure that overtakes its OrderPaid creates the order without the paid snapshot, which arrives later.
const UPSERT_CLOSURE = `
INSERT INTO sales_order AS o (order_id, status, version, status_changed_at)
VALUES (:orderId, :status, :version, CAST(:occurredAt AS timestamptz))
ON CONFLICT (order_id) DO UPDATE SET
  status = EXCLUDED.status,
  version = EXCLUDED.version,
  status_changed_at = EXCLUDED.status_changed_at
WHERE EXCLUDED.version > o.version`;

const INSERT_REFUND = `
INSERT INTO sales_refund (refund_id, order_id, amount_cents, currency, refunded_at, reason)
VALUES (:refundId, :orderId, :amount, :currency, CAST(:refundedAt AS timestamptz), :reason)
ON CONFLICT (refund_id) DO NOTHING`;

/** The sales ledger in Aurora PostgreSQL through the Data API: one transaction per call of `record`. */
@injectable()
export class DataApiSalesLedger implements SalesLedger {
  constructor(@inject(INFRASTRUCTURE_TOKENS.DataApi) private readonly db: DataApi) {}

  async record(entries: readonly SalesEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const entry of entries) {
        // Claiming the event id in the same transaction makes redelivery, even within one batch, a no-op.
        const claimed = await this.db.execute(CLAIM_EVENT, { eventId: entry.eventId, eventType: entry.eventType }, tx);
        if (claimed === 0) continue;
        if (entry.type === 'sale') await this.recordSale(entry, tx);
        else await this.recordClosure(entry, tx);
      }
    });
  }

  private async recordSale(sale: SaleEntry, tx: string): Promise<void> {
    await this.db.execute(
      UPSERT_SALE,
      {
        orderId: sale.orderId,
        currency: sale.currency,
        net: sale.net,
        shipping: sale.shipping,
        tax: sale.tax,
        gross: sale.gross,
        paidAt: sale.paidAt,
        version: sale.version,
      },
      tx,
    );
    await this.db.executeBatch(
      INSERT_LINE,
      sale.lines.map((line, index) => ({
        orderId: sale.orderId,
        lineNo: index + 1,
        productId: line.productId,
        sku: line.sku,
        name: line.name,
        kind: line.kind,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineTotal: line.lineTotal,
      })),
      tx,
    );
  }

  private async recordClosure(closure: ClosureEntry, tx: string): Promise<void> {
    await this.db.execute(
      UPSERT_CLOSURE,
      { orderId: closure.orderId, status: closure.status, version: closure.version, occurredAt: closure.occurredAt },
      tx,
    );
    if (closure.refund === null) return;
    await this.db.execute(
      INSERT_REFUND,
      {
        refundId: closure.refund.refundId,
        orderId: closure.orderId,
        amount: closure.refund.amount,
        currency: closure.refund.currency,
        refundedAt: closure.refund.refundedAt,
        reason: closure.refund.reason,
      },
      tx,
    );
  }
}
