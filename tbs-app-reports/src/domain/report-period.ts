import { MonthsOutOfRangeError, RangeInvalidError, RangeTooLongError } from './report-errors';

/** The monthly report covers at most two years: older months belong in an export, not an admin screen. */
export const MAX_MONTHS = 24;
export const DEFAULT_MONTHS = 12;
/** A top-products range is at most a (leap) year. */
export const MAX_RANGE_DAYS = 366;
/** Without `from`, the range is the 30 days up to and including `to`. */
export const DEFAULT_RANGE_DAYS = 30;

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkMonths(months: number): number {
  if (!Number.isSafeInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new MonthsOutOfRangeError(months, MAX_MONTHS);
  }
  return months;
}

/** The calendar date (YYYY-MM-DD) of an instant in the store's time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The month (YYYY-MM) `offset` months after `month`. */
export function addMonths(month: string, offset: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * The days a top-products report covers, both included, as calendar dates of the store's time zone.
 * `to` defaults to today, `from` to 30 days before `to`.
 */
export function dateRange(input: { from?: string; to?: string }, today: string): DateRange {
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -DEFAULT_RANGE_DAYS);
  for (const value of [from, to]) {
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw new RangeInvalidError(from, to);
    }
  }
  if (from > to) throw new RangeInvalidError(from, to);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) throw new RangeTooLongError(days, MAX_RANGE_DAYS);
  return { from, to };
}
