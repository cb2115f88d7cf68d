/**
 * Injection tokens for the ports. Symbols rather than classes because ports are interfaces (erased at run
 * time) and because esbuild emits no decorator metadata, so every dependency is named explicitly.
 */
export const TOKENS = {
  CustomerRepository: Symbol.for('tbs.customer.CustomerRepository'),
  Clock: Symbol.for('tbs.customer.Clock'),
  IdGenerator: Symbol.for('tbs.customer.IdGenerator'),
  Mailer: Symbol.for('tbs.customer.Mailer'),
  SentEmails: Symbol.for('tbs.customer.SentEmails'),
} as const;
