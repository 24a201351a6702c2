/** Checks on card data that every way in applies the same (payments, tokens, hosted checkout, Client API). */
import { validExpiry } from './dates.js';
import { invalidCardNumber, invalidExpiryDate } from './errors.js';
import { luhnValid } from './scenarios.js';

/** 400 `21000120` unless `expiry` is MMYY and not past at `now` (the platform refuses expired cards everywhere). */
export function checkExpiry(expiry: string, now: number, propertyName: string): void {
  if (!validExpiry(expiry, now)) throw invalidExpiryDate(propertyName);
}

/** 400 `21000020` unless `pan` passes the Luhn check. */
export function checkCardNumber(pan: string, propertyName: string): void {
  if (!luhnValid(pan)) throw invalidCardNumber(propertyName);
}
