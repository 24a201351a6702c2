import { randomBytes, randomUUID } from 'node:crypto';

/** `YYYYMMDDHHmmss` in UTC, the platform's `statusCodeChangeDateTime` format. */
export function compactDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** `yyyy-MM-ddTHH:mm:ss.SSS+0000`, the webhook event `created` format. */
export function eventDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

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

/** `************7977`: only the last four digits of a card number survive. */
export function maskPan(pan: string): string {
  return pan.length <= 4 ? pan : '*'.repeat(pan.length - 4) + pan.slice(-4);
}

export function maskIban(iban: string): string {
  return iban.length <= 4 ? iban : '*'.repeat(iban.length - 4) + iban.slice(-4);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `a.b.c` from an unknown JSON value. */
export function pick(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const k of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * Marks an object whose undefined-valued keys are meant to be absent. JSON.stringify drops them
 * anyway, so nothing is deleted here (deleting keys would push V8 objects into slow dictionary mode
 * on the hot path).
 */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return o;
}
