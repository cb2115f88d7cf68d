-- Sales as the order service reported them. Amounts are integer cents (BIGINT), never floating point.

-- One row per order the reports have heard of. The paid snapshot (currency and amounts, paid_at) arrives with
-- OrderPaid; a refund or cancellation can arrive first (SQS does not keep order), so those columns are nullable.
CREATE TABLE sales_order (
  order_id          TEXT PRIMARY KEY,
  currency          CHAR(3),
  net_cents         BIGINT CHECK (net_cents >= 0),
  shipping_cents    BIGINT CHECK (shipping_cents >= 0),
  tax_cents         BIGINT CHECK (tax_cents >= 0),
  gross_cents       BIGINT CHECK (gross_cents >= 0),
  paid_at           TIMESTAMPTZ,
  -- The latest status known (PAID, REFUNDED or CANCELLED) and the order version it came with: an older event
  -- never overwrites a newer one.
  status            TEXT NOT NULL CHECK (status IN ('PAID', 'REFUNDED', 'CANCELLED')),
  version           INTEGER NOT NULL CHECK (version >= 1),
  status_changed_at TIMESTAMPTZ NOT NULL,
  CHECK ((paid_at IS NULL) = (gross_cents IS NULL))
);
CREATE INDEX sales_order_paid_at_idx ON sales_order (paid_at) WHERE paid_at IS NOT NULL;

-- The lines of a paid order, as priced at checkout (excluding tax).
CREATE TABLE sales_order_line (
  order_id         TEXT NOT NULL REFERENCES sales_order (order_id),
  line_no          SMALLINT NOT NULL CHECK (line_no >= 1),
  product_id       TEXT NOT NULL,
  sku              TEXT NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('physical', 'digital')),
  quantity         INTEGER NOT NULL CHECK (quantity >= 1),
  unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
  line_total_cents BIGINT NOT NULL CHECK (line_total_cents >= 0),
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX sales_order_line_product_idx ON sales_order_line (product_id);

-- Money given back, one row per payment-provider refund, counted in the month it was made.
CREATE TABLE sales_refund (
  refund_id    TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL,
  amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
  currency     CHAR(3) NOT NULL,
  refunded_at  TIMESTAMPTZ NOT NULL,
  reason       TEXT NOT NULL
);
CREATE INDEX sales_refund_refunded_at_idx ON sales_refund (refunded_at);

-- Event ids already applied, so a redelivered event changes nothing.
CREATE TABLE processed_event (
  event_id     TEXT PRIMARY KEY,
  event_type   TEXT NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
