/** The platform's date formats, and the card expiry rule. */

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

/** Whether `mmyy` is a well-formed card expiry (MMYY) that has not passed at `now`. */
export function validExpiry(mmyy: string, now: number): boolean {
  if (!/^(0[1-9]|1[0-2])\d{2}$/.test(mmyy)) return false;
  const month = Number(mmyy.slice(0, 2));
  const year = 2000 + Number(mmyy.slice(2));
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return year > y || (year === y && month >= m);
}
