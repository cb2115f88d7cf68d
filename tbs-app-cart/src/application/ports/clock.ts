/** Time is an input, so use cases stay deterministic under test. */
export interface Clock {
  now(): Date;
}
