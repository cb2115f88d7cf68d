import { describe, expect, it } from 'vitest';
import { addDays, addMonths, checkMonths, dateRange, localDate } from '../../src/domain/report-period';

describe('report periods', () => {
  it('counts days in the store time zone, not UTC', () => {
    // 11:30 UTC on 31 March is already 1 April in Auckland (NZDT, UTC+13).
    expect(localDate(new Date('2026-03-31T11:30:00Z'), 'Pacific/Auckland')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T11:30:00Z'), 'UTC')).toBe('2026-03-31');
  });

  it('steps months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -23)).toBe('2024-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('accepts 1 to 24 months', () => {
    expect(checkMonths(1)).toBe(1);
    expect(checkMonths(24)).toBe(24);
    for (const months of [0, 25, 2.5]) {
      expect(() => checkMonths(months)).toThrow(
        expect.objectContaining({ code: 'MONTHS_OUT_OF_RANGE', kind: 'validation' }),
      );
    }
  });

  it('defaults the range to the 30 days before today, and to = today', () => {
    expect(dateRange({}, '2026-11-15')).toEqual({ from: '2026-10-16', to: '2026-11-15' });
    expect(dateRange({ to: '2026-03-31' }, '2026-11-15')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(dateRange({ from: '2026-11-01' }, '2026-11-15')).toEqual({ from: '2026-11-01', to: '2026-11-15' });
  });

  it('refuses a reversed range and one longer than 366 days', () => {
    expect(() => dateRange({ from: '2026-03-02', to: '2026-03-01' }, '2026-11-15')).toThrow(
      expect.objectContaining({ code: 'RANGE_INVALID' }),
    );
    expect(dateRange({ from: '2024-01-01', to: '2024-12-31' }, '2026-11-15')).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
    });
    expect(() => dateRange({ from: '2025-01-01', to: '2026-01-02' }, '2026-11-15')).toThrow(
      expect.objectContaining({ code: 'RANGE_TOO_LONG' }),
    );
  });
});
