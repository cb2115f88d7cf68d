/** A clock for use cases under test: it stands still until the test moves it (`advance`, or set `current`). */
export class FixedClock {
  current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const ULID_LENGTH = 26;

/** Predictable ULID-shaped ids for tests: the prefix, then 1, 2, 3, ... zero-padded to 26 characters. */
export class SequentialIds {
  private n = 0;

  constructor(private readonly prefix: string) {
    if (prefix.length >= ULID_LENGTH - 1) throw new Error(`the id prefix leaves no room for a counter: ${prefix}`);
  }

  next(): string {
    this.n += 1;
    return `${this.prefix}${String(this.n).padStart(ULID_LENGTH - this.prefix.length, '0')}`;
  }
}
