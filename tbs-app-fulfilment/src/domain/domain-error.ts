/** How a failure should be treated by callers, independent of any transport (HTTP, SQS, ...). */
export type DomainErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'precondition_failed'
  | 'precondition_required';

/**
 * Base of every error the fulfilment domain raises on purpose. Adapters map errors by `kind` (duck-typed), so the
 * domain never learns about HTTP; `code` is the stable identifier clients may branch on.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
