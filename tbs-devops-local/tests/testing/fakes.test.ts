import { describe, expect, it } from 'vitest';
import { FixedClock, SequentialIds } from '../../src/testing';

describe('FixedClock', () => {
  it('stands still until advanced or set, and hands out copies the caller cannot move it with', () => {
    const clock = new FixedClock('2026-02-10T20:00:00.000Z');
    const first = clock.now();
    first.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-02-10T20:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-02-10T20:01:30.000Z');
    clock.current = new Date('2026-03-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('SequentialIds', () => {
  it('counts up after the prefix, always 26 characters like a ULID', () => {
    const ids = new SequentialIds('01KEVENT');
    expect([ids.next(), ids.next()]).toEqual(['01KEVENT000000000000000001', '01KEVENT000000000000000002']);
    expect(new SequentialIds('01JDA1B2C3D4E5F6G7H8J9').next()).toBe('01JDA1B2C3D4E5F6G7H8J90001');
  });

  it('refuses a prefix that leaves no room for the counter', () => {
    expect(() => new SequentialIds('01JDA1B2C3D4E5F6G7H8J9K0M')).toThrow(/no room/);
  });
});
