/**
 * Injection tokens for the ports. Symbols rather than classes because ports are interfaces (erased at run time)
 * and because esbuild emits no decorator metadata, so every dependency is named explicitly.
 */
export const TOKENS = {
  CartRepository: Symbol.for('tbs.cart.CartRepository'),
  CatalogueProjection: Symbol.for('tbs.cart.CatalogueProjection'),
  Clock: Symbol.for('tbs.cart.Clock'),
  PricingPolicy: Symbol.for('tbs.cart.PricingPolicy'),
} as const;
