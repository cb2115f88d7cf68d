import type { IdempotencyStore } from '@tbs/contracts/runtime';

/**
 * Which emails were sent, by email key (`emailKeyOf`): `begin` claims a key (`new`: send it; `in_progress`: another
 * invocation is sending it; `done`: already sent), `complete` records the send, `release` gives a failed claim
 * back so a retry can send. The shared idempotency store's contract, keyed by email instead of event.
 */
export type SentEmails = IdempotencyStore;
