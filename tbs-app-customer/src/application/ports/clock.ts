/** The clock and id generator are inputs, so use cases and tests agree on time and ids. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new ULID (event ids). */
  next(): string;
}
