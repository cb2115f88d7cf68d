/** Feature files speak dollars and cents ("18.50 NZD"); the shop speaks integer cents. */
export const cents = (amount: number): number => Math.round(amount * 100);
