/**
 * The sandbox's fixed exchange-rate table (documented, never changes at run time) and currency decimals.
 * `perEur` is how many units of the currency one euro buys. Amounts on the wire are in minor units
 * (cents), except for zero-decimal currencies such as JPY.
 */
import { invalid } from './input.js';

export interface CurrencyInfo {
  readonly decimals: number;
  readonly perEur: number;
}

export const currencies: Readonly<Record<string, CurrencyInfo>> = {
  EUR: { decimals: 2, perEur: 1 },
  USD: { decimals: 2, perEur: 1.1 },
  GBP: { decimals: 2, perEur: 0.85 },
  JPY: { decimals: 0, perEur: 160 },
  CHF: { decimals: 2, perEur: 0.95 },
  CAD: { decimals: 2, perEur: 1.5 },
  AUD: { decimals: 2, perEur: 1.65 },
  BRL: { decimals: 2, perEur: 6 },
  ARS: { decimals: 2, perEur: 1000 },
  MXN: { decimals: 2, perEur: 20 },
  SEK: { decimals: 2, perEur: 11.5 },
  NOK: { decimals: 2, perEur: 11.75 },
  DKK: { decimals: 2, perEur: 7.45 },
  PLN: { decimals: 2, perEur: 4.3 },
  CZK: { decimals: 2, perEur: 25 },
  HUF: { decimals: 2, perEur: 400 },
  CNY: { decimals: 2, perEur: 7.8 },
  HKD: { decimals: 2, perEur: 8.5 },
  INR: { decimals: 2, perEur: 90 },
  THB: { decimals: 2, perEur: 38 },
  KRW: { decimals: 0, perEur: 1500 },
  KWD: { decimals: 3, perEur: 0.335 },
};

function currency(code: string, name: string): CurrencyInfo {
  const info = currencies[code];
  if (!info) throw invalid(name, `${name} ${code} is not a supported currency`);
  return info;
}

/** Converts `amount` (minor units of `source`) to minor units of `target`, rounded half away from zero. */
export function convertAmount(amount: number, source: string, target: string): number {
  const s = currency(source, 'source');
  const t = currency(target, 'target');
  if (source === target) return amount;
  const major = amount / 10 ** s.decimals;
  return Math.round((major / s.perEur) * t.perEur * 10 ** t.decimals);
}
