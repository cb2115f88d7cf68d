/** Tokens for infrastructure-only dependencies; ports have theirs in application/ports/tokens. */
export const INFRASTRUCTURE_TOKENS = {
  DocumentClient: Symbol.for('tbs.product.DynamoDBDocumentClient'),
  ProductTableName: Symbol.for('tbs.product.ProductTableName'),
  EventRelay: Symbol.for('tbs.product.EventRelay'),
} as const;
