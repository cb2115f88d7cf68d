export const TOKENS = {
  OrderRepository: Symbol.for('tbs.order.OrderRepository'),
  Catalogue: Symbol.for('tbs.order.Catalogue'),
  PaymentGateway: Symbol.for('tbs.order.PaymentGateway'),
  Clock: Symbol.for('tbs.order.Clock'),
  IdGenerator: Symbol.for('tbs.order.IdGenerator'),
} as const;
