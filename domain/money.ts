/** Money is an integer count of the currency's minor unit (cents for USD) plus its ISO-4217 code. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amountMinor must be a safe integer, got ${amountMinor}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO-4217 code, got ${currency}`);
  return { amountMinor, currency };
}
