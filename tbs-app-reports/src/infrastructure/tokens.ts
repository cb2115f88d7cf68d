/** Tokens for infrastructure-only dependencies; ports have theirs in application/ports/tokens. */
export const INFRASTRUCTURE_TOKENS = {
  DataApi: Symbol.for('tbs.reports.DataApi'),
  Migrations: Symbol.for('tbs.reports.Migrations'),
} as const;
