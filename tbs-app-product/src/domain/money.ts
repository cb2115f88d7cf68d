import { InvalidProductError } from './product-errors';

const CURRENCY = /^[A-Z]{3}$/;
/** The shop's home currency, used when a price is given without one. */
export const DEFAULT_CURRENCY = 'NZD';
/** Guards against a typo turning a price into something no checkout could charge (Stripe's own ceiling). */
export const MAX_AMOUNT = 99_999_999;

/** An amount of money in the currency's minor unit (cents), never a float. Prices exclude tax. */
export class Money {
  private constructor(
    readonly amount: number,
    readonly currency: string,
  ) {
    Object.freeze(this);
  }

  static of(amount: number, currency: string = DEFAULT_CURRENCY): Money {
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
      throw new InvalidProductError('price.amount', `must be a whole number of cents between 0 and ${MAX_AMOUNT}`);
    }
    if (!CURRENCY.test(currency)) {
      throw new InvalidProductError('price.currency', 'must be an ISO 4217 code such as NZD');
    }
    return new Money(amount, currency);
  }

  equals(other: Money): boolean {
    return this.amount === other.amount && this.currency === other.currency;
  }

  toJSON(): { amount: number; currency: string } {
    return { amount: this.amount, currency: this.currency };
  }
}
