import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { Clock, IdGenerator } from '../application/ports/clock';
import type { Fingerprint } from '../application/ports/fingerprint';

export const systemClock: Clock = { now: () => new Date() };
export const ulidGenerator: IdGenerator = { next: () => ulid() };

export const sha256Fingerprint: Fingerprint = (canonical) => createHash('sha256').update(canonical).digest('base64url');
