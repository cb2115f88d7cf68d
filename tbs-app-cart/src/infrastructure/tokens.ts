/** Tokens for infrastructure-only dependencies; ports have theirs in application/ports/tokens. */
export const INFRASTRUCTURE_TOKENS = {
  DocumentClient: Symbol.for('tbs.cart.DynamoDBDocumentClient'),
  IdempotencyStore: Symbol.for('tbs.cart.IdempotencyStore'),
  CartTableName: Symbol.for('tbs.cart.CartTableName'),
} as const;
