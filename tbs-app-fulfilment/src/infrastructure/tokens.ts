/** Tokens for infrastructure-only dependencies; ports have theirs in application/ports/tokens. */
export const INFRASTRUCTURE_TOKENS = {
  DocumentClient: Symbol.for('tbs.fulfilment.DynamoDBDocumentClient'),
  TableName: Symbol.for('tbs.fulfilment.TableName'),
  EventRelay: Symbol.for('tbs.fulfilment.EventRelay'),
  IdempotencyStore: Symbol.for('tbs.fulfilment.IdempotencyStore'),
} as const;
