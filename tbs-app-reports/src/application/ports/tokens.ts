/**
 * Injection tokens for the ports. Symbols rather than classes because ports are interfaces (erased at run time)
 * and because esbuild emits no decorator metadata, so every dependency is named explicitly.
 */
export const TOKENS = {
  SalesLedger: Symbol.for('tbs.reports.SalesLedger'),
  SalesEventDecoder: Symbol.for('tbs.reports.SalesEventDecoder'),
  SalesReports: Symbol.for('tbs.reports.SalesReports'),
  SchemaMigrator: Symbol.for('tbs.reports.SchemaMigrator'),
  Clock: Symbol.for('tbs.reports.Clock'),
  StoreSettings: Symbol.for('tbs.reports.StoreSettings'),
  Logger: Symbol.for('tbs.reports.Logger'),
} as const;

/** The store's reporting settings (stack parameters). */
export interface StoreSettings {
  /** IANA time zone in which days and months are counted, e.g. Pacific/Auckland. */
  timeZone: string;
  /** ISO 4217 currency the store sells in; reports add up amounts in this currency only. */
  currency: string;
}

export type Clock = () => Date;

/** Structured logs at the points an operator needs (a Powertools Logger fits). */
export interface ReportsLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}
