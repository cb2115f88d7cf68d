/**
 * Eventual effects (events crossing services) are awaited by polling with a deadline, never by sleeping: the step
 * continues as soon as the effect is seen, and fails with what it expected and what it last saw.
 */
export class NotYetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotYetError';
  }
}

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Reads until `check` accepts the value (returns a result instead of undefined). `describe` says what was
 * expected; the last value read is shown when the deadline passes.
 */
export async function eventually<T, R>(
  expected: string,
  read: () => Promise<T>,
  check: (value: T) => R | undefined,
  { timeoutMs = 25_000, intervalMs = 200 }: EventuallyOptions = {},
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    const result = check(value);
    if (result !== undefined) return result;
    if (Date.now() > deadline) {
      throw new NotYetError(`expected ${expected} within ${timeoutMs / 1000} s, last saw: ${show(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A compact rendering of what a step saw, for failure messages. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 600 ? `${text.slice(0, 600)}...` : text;
}
