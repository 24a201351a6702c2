/**
 * Test behaviours of the sandbox (the test data of the platform's public API reference): which card numbers, amounts and
 * billing cities lead to approvals, declines, fraud checks, 3-D Secure redirects and completion.
 */

import { cardProductId } from '../catalogue/cards.js';

export function luhnValid(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  let sum = 0;
  let double = false;
  for (let i = pan.length - 1; i >= 0; i--) {
    let d = pan.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card payment product from the IIN: the catalogue's IIN table first, then a rough prefix rule. */
export function cardProductIdFromPan(pan: string): number {
  const fromCatalogue = cardProductId(pan);
  if (fromCatalogue !== undefined) return fromCatalogue;
  if (/^3[47]/.test(pan)) return 2;
  if (/^(30[0-5]|36|38)/.test(pan)) return 132;
  if (/^6011|^65|^64[4-9]/.test(pan)) return 128;
  if (/^589562/.test(pan)) return 136;
  if (/^487017/.test(pan)) return 145;
  if (/^(50|5[6-9]|6)/.test(pan)) return 117;
  if (/^542418/.test(pan)) return 119;
  if (/^(5[1-5]|2[2-7])/.test(pan)) return 3;
  if (/^4/.test(pan)) return 1;
  return 1;
}

export interface Decline {
  code: string;
  message: string;
}

const NOT_AUTHORISED = 'NOT AUTHORISED';

/** PANs that are declined whatever the amount. */
export const DECLINE_CARDS: Readonly<Record<string, Decline>> = {
  '4000000000000036': { code: '430330', message: NOT_AUTHORISED },
  '4000000000009995': { code: '430360', message: 'INSUFFICIENT FUNDS' },
  '4000000000009987': { code: '430421', message: 'SUSPECTED FRAUD' },
};

/** Documented amount-driven declines: `${pan}:${amount}` or `${pan}:${amount}:${currency}`. */
export const DECLINE_AMOUNTS: Readonly<Record<string, Decline>> = {
  '6011000991300009:1101:USD': { code: '430285', message: NOT_AUTHORISED },
  '6011000991300009:1102:CAD': { code: '430285', message: NOT_AUTHORISED },
  '6011000991300009:2100:USD': { code: '430409', message: NOT_AUTHORISED },
  '6011000991300009:3100:USD': { code: '430285', message: NOT_AUTHORISED },
  '5895620033330020:1051': { code: '430175', message: NOT_AUTHORISED },
  '5895620033330020:1039': { code: '430694', message: NOT_AUTHORISED },
  '5895620033330020:1005': { code: '430285', message: NOT_AUTHORISED },
  '5895620033330020:1017': { code: '430424', message: NOT_AUTHORISED },
  '5895620033330020:10022': { code: '485000', message: NOT_AUTHORISED },
  '4870179877664434:1005': { code: '430285', message: NOT_AUTHORISED },
};

// Maps: numeric-looking string keys make plain-object lookups slow in V8
const cardDeclines = new Map(Object.entries(DECLINE_CARDS));
const amountDeclines = new Map(Object.entries(DECLINE_AMOUNTS));
const amountDeclinePans: ReadonlySet<string> = new Set(
  [...amountDeclines.keys()].map((k) => k.split(':')[0] as string),
);

export function declineFor(pan: string, amount: number, currency: string): Decline | undefined {
  const card = cardDeclines.get(pan);
  if (card !== undefined || !amountDeclinePans.has(pan)) return card;
  return amountDeclines.get(`${pan}:${amount}:${currency}`) ?? amountDeclines.get(`${pan}:${amount}`);
}

/** 3-D Secure cards that send the customer through a (simulated) challenge: REDIRECTED on create. */
export const CHALLENGE_CARDS: ReadonlySet<string> = new Set([
  '4012007153923001', // 3DS v2 challenge -> approved after the challenge
  '4000000000000002', // 3DS v1 -> approved after the challenge
  '4000000000000010', // 3DS v1 -> rejected after the challenge
]);

/** Cards whose 3-D Secure challenge fails. */
export const CHALLENGE_FAILS: ReadonlySet<string> = new Set(['4000000000000010']);

/** Card that leaves the payment in PENDING_COMPLETION until `payments.complete` is called. */
export const COMPLETION_CARD = '4000000000000077';

/** Fraud screening outcome by billing city (unless `skipFraudService`). */
export function fraudByCity(city: string | undefined): 'accepted' | 'challenged' | 'denied' | 'no-advice' {
  switch ((city ?? '').trim().toLowerCase()) {
    case 'calais':
      return 'challenged';
    case 'denver':
      return 'denied';
    case 'amsterdam':
      return 'accepted';
    default:
      return 'no-advice';
  }
}

/** Redirect payment products (customer goes to a third-party page). */
export const REDIRECT_PRODUCT_NAMES: Readonly<Record<number, string>> = {
  809: 'iDEAL',
  840: 'PayPal',
  838: 'Klarna',
  861: 'Alipay',
  863: 'WeChat Pay',
  869: 'China UnionPay',
  882: 'Indian Net Banking',
  3012: 'Bancontact',
  4101: 'UPI',
  740: 'PromptPay',
};
