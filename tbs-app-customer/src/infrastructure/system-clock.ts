import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../application/ports/clock';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** Monotonic, so events recorded in the same millisecond still sort in the order they happened. */
export class UlidGenerator implements IdGenerator {
  private readonly factory = monotonicFactory();

  next(): string {
    return this.factory();
  }
}
