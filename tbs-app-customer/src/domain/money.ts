/**
 * Money as the shop's events carry it: integer minor units (cents) of an ISO 4217 currency. Formatting divides by
 * the currency's own number of minor units (2 for NZD, 0 for JPY), so no amount is ever shown a hundred times off.
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}
