import { ConcurrentUpdateError } from '../domain/fulfilment-errors';

/**
 * Runs a read-decide-write step again while its write loses a race (`ConcurrentUpdateError`): each attempt reads
 * fresh state, so the decision is always made on what is stored. Jittered backoff spreads contending writers.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 30, baseDelayMs = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= attempts) throw error;
      const delay = Math.random() * baseDelayMs * Math.min(2 ** attempt, 32);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
