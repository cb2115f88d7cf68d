/**
 * Injection tokens for the ports. Symbols rather than classes because ports are interfaces (erased at run
 * time) and because esbuild emits no decorator metadata, so every dependency is named explicitly.
 */
export const TOKENS = {
  ProductRepository: Symbol.for('tbs.product.ProductRepository'),
  Clock: Symbol.for('tbs.product.Clock'),
  IdGenerator: Symbol.for('tbs.product.IdGenerator'),
} as const;
