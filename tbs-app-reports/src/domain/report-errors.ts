import { DomainError } from './domain-error';

/** `from` is after `to`. */
export class RangeInvalidError extends DomainError {
  readonly code = 'RANGE_INVALID';
  readonly kind = 'validation';

  constructor(from: string, to: string) {
    super(`from (${from}) must not be after to (${to})`);
  }
}

/** The date range is longer than a report may cover. */
export class RangeTooLongError extends DomainError {
  readonly code = 'RANGE_TOO_LONG';
  readonly kind = 'validation';

  constructor(days: number, maxDays: number) {
    super(`The range covers ${days} days; at most ${maxDays} are allowed`);
  }
}

/** The monthly report was asked for more (or fewer) months than it serves. */
export class MonthsOutOfRangeError extends DomainError {
  readonly code = 'MONTHS_OUT_OF_RANGE';
  readonly kind = 'validation';

  constructor(months: number, max: number) {
    super(`months must be a whole number from 1 to ${max}, got ${months}`);
  }
}
