import { ulid } from 'ulid';
import type { Clock, IdGenerator } from '../application/ports/clock';

export const systemClock: Clock = { now: () => new Date() };
export const ulidGenerator: IdGenerator = { next: () => ulid() };
