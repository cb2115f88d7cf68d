/**
 * Injection tokens for the ports. Symbols rather than classes because ports are interfaces (erased at run time)
 * and because esbuild emits no decorator metadata, so every dependency is named explicitly.
 */
export const TOKENS = {
  FulfilmentRepository: Symbol.for('tbs.fulfilment.FulfilmentRepository'),
  DownloadLinks: Symbol.for('tbs.fulfilment.DownloadLinks'),
  Clock: Symbol.for('tbs.fulfilment.Clock'),
  IdGenerator: Symbol.for('tbs.fulfilment.IdGenerator'),
} as const;
