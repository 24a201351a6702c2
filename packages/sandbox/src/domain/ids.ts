/** Random and derived identifiers (payment ids keep the merchant's digits, as the platform's do). */
import { randomBytes, randomUUID } from 'node:crypto';

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function uuid(): string {
  return randomUUID();
}

/** Digits only, left-padded (or cut) to `width`: numeric merchant ids stay readable in payment ids. */
export function digits(value: string, width: number): string {
  let d = value.replace(/\D/g, '');
  if (d === '') {
    let h = 0;
    for (let i = 0; i < value.length; i++) h = (h * 31 + value.charCodeAt(i)) >>> 0;
    d = String(h);
  }
  return d.length >= width ? d.slice(-width) : d.padStart(width, '0');
}
