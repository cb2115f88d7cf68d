import { seededRandom } from './seeded-random';

/**
 * Test-only delivery faults for the SQS event sources: what SQS and Lambda may do to a consumer in AWS, made
 * frequent and reproducible. Off unless a test (or `startLocalCloud({ deliveryFaults })`) asks for it.
 *
 * - duplicates: every received message is handed to the function 2 or 3 times, the copies shuffled across the
 *   invocations of the batch (SQS is at-least-once: a message can be received again while a first copy is still
 *   being handled, and SNS may deliver twice).
 * - failureRate: that fraction of invocations fails, half of them before the handler runs (the runtime crashed)
 *   and half after it ran (its effects happened, but the delete never did). Which invocations fail is random, but
 *   never fewer than the rate allows so far (a short run of a few dozen invocations still sees the rate). Failed messages are not deleted, so
 *   they come back after their visibility timeout and reach the dead-letter queue after maxReceiveCount.
 */
export interface DeliveryFaultOptions {
  /** Seeds every random choice, so a run can be repeated; printed when faults are switched on. */
  seed: number;
  duplicates?: boolean;
  /** 0..1: the fraction of invocations that fail. */
  failureRate?: number;
}

/** What happens to one invocation: nothing, a failure before the handler, or a failure after it. */
export type InvocationFault = 'none' | 'before' | 'after';

export interface DeliveryFaultStats {
  /** Messages received by event sources while faults were on. */
  messages: number;
  /** Deliveries beyond the first (copies). */
  extraDeliveries: number;
  invocations: number;
  failedBefore: number;
  failedAfter: number;
}

export class InjectedFaultError extends Error {
  constructor(readonly when: 'before' | 'after') {
    super(`injected delivery fault (${when} the handler ran)`);
    this.name = 'InjectedFaultError';
  }
}

const emptyStats = (): DeliveryFaultStats => ({
  messages: 0,
  extraDeliveries: 0,
  invocations: 0,
  failedBefore: 0,
  failedAfter: 0,
});

/** One per local cloud, shared by every SQS event source; can be switched on and off while the cloud runs. */
export class DeliveryFaults {
  private options: DeliveryFaultOptions | undefined;
  private random: () => number = Math.random;
  private counters = emptyStats();

  constructor(options?: DeliveryFaultOptions) {
    if (options) this.configure(options);
  }

  get active(): boolean {
    return this.options !== undefined;
  }

  get seed(): number | undefined {
    return this.options?.seed;
  }

  get stats(): DeliveryFaultStats {
    return { ...this.counters };
  }

  configure(options: DeliveryFaultOptions): void {
    const rate = options.failureRate ?? 0;
    if (!Number.isInteger(options.seed)) throw new RangeError('deliveryFaults.seed must be an integer');
    if (!(rate >= 0 && rate < 1)) throw new RangeError('deliveryFaults.failureRate must be in [0, 1)');
    this.options = { ...options, failureRate: rate };
    this.random = seededRandom(options.seed);
    this.counters = emptyStats();
  }

  disable(): void {
    this.options = undefined;
  }

  describe(): string {
    const o = this.options;
    if (!o) return 'delivery faults off';
    return `delivery faults on: seed ${o.seed}, ${o.duplicates ? 'each message 2-3 times' : 'no duplicates'}, failure rate ${o.failureRate}`;
  }

  /**
   * The invocations for one received batch: with duplicates each item appears 2 or 3 times, shuffled, and no
   * invocation holds the same item twice (a batch's item ids must stay unique for partial batch failures).
   */
  plan<T>(batch: readonly T[]): T[][] {
    this.counters.messages += batch.length;
    if (!this.options?.duplicates) return batch.length > 0 ? [[...batch]] : [];
    const copies: Array<{ item: T; index: number }> = [];
    batch.forEach((item, index) => {
      const n = 2 + (this.random() < 0.5 ? 1 : 0);
      this.counters.extraDeliveries += n - 1;
      for (let i = 0; i < n; i++) copies.push({ item, index });
    });
    for (let i = copies.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copies[i], copies[j]] = [copies[j]!, copies[i]!];
    }
    const rounds: Array<{ items: T[]; held: Set<number> }> = [];
    for (const copy of copies) {
      let round = rounds.find((r) => !r.held.has(copy.index) && r.items.length < batch.length);
      if (!round) {
        round = { items: [], held: new Set() };
        rounds.push(round);
      }
      round.items.push(copy.item);
      round.held.add(copy.index);
    }
    return rounds.map((r) => r.items);
  }

  /** Decides the fate of one invocation. */
  next(): InvocationFault {
    if (!this.options) return 'none';
    this.counters.invocations++;
    const rate = this.options.failureRate ?? 0;
    const failed = this.counters.failedBefore + this.counters.failedAfter;
    const due = failed < Math.floor(rate * this.counters.invocations);
    if (rate === 0 || (!due && this.random() >= rate)) return 'none';
    const when = this.random() < 0.5 ? 'before' : 'after';
    if (when === 'before') this.counters.failedBefore++;
    else this.counters.failedAfter++;
    return when;
  }
}
