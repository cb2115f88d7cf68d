/** Tokens for infrastructure-only dependencies; ports have theirs in application/ports/tokens. */
export const INFRASTRUCTURE_TOKENS = {
  DocumentClient: Symbol.for('tbs.customer.DynamoDBDocumentClient'),
  CustomerTableName: Symbol.for('tbs.customer.CustomerTableName'),
  OutboxRelay: Symbol.for('tbs.customer.OutboxRelay'),
  Logger: Symbol.for('tbs.customer.Logger'),
} as const;
