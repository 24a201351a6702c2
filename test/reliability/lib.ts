/**
 * What every part of the reliability suite shares: the run's mode and budgets, the secrets it plants
 * (and later searches for), a capturing logger, the record of everything shown to a user (log lines,
 * error messages, util.inspect output), and small bounded helpers.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { CreatePaymentRequest } from '../../packages/sdk/src/index.js';

export type Mode = 'quick' | 'full';

/** One section's contribution to the table. Every "bad" count must be 0. */
export interface SectionResult {
  name: string;
  /** what was tried, in a few words */
  attacks: string;
  attacksTried: number;
  requestsSent: number;
  crashes: number;
  hangs: number;
  doubleCharges: number;
  lostPayments: number;
  /** other broken invariants (over-capture, malformed answers, untyped errors, memory past its bound) */
  otherBad: number;
  notes: string[];
  ms: number;
}

export function emptyResult(name: string, attacks: string): SectionResult {
  return {
    name,
    attacks,
    attacksTried: 0,
    requestsSent: 0,
    crashes: 0,
    hangs: 0,
    doubleCharges: 0,
    lostPayments: 0,
    otherBad: 0,
    notes: [],
    ms: 0,
  };
}

// ---------------------------------------------------------------- planted secrets

const tag = randomBytes(6).toString('hex');
/** The API secret of every sandbox and client of the run. */
export const SECRET = `rel-secret-${tag}`;
export const API_KEY_ID = 'rel-key-id';
/** Proxy credentials given to clients that go through a (hostile) proxy. */
export const PROXY_USER = 'rel-proxy-user';
export const PROXY_PASSWORD = `rel-proxy-pass-${tag}`;
/** Luhn-valid Visa numbers the sandbox authorises. */
export const CARDS = ['4567350000427977', '4263982640269299'] as const;
/** Visa CVVs unlikely to occur by chance next to the word "cvv". */
export const CVV = '917';
export const IBAN = 'DE89370400440532013000';

/** A card payment request carrying the planted card data. */
export function cardPayment(amount: number, reference: string, extra: Partial<CreatePaymentRequest> = {}) {
  const cardNumber = CARDS[amount % 2] as string;
  return {
    order: {
      amountOfMoney: { amount, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL', city: 'Amsterdam' }, merchantCustomerId: 'rel' },
      references: { merchantReference: reference },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      card: { cardNumber, expiryDate: '1230', cvv: CVV, cardholderName: 'Wile E. Coyote' },
    },
    ...extra,
  } satisfies CreatePaymentRequest;
}

// ---------------------------------------------------------------- everything shown, searched at the end

/** Every log line, error message and util.inspect output of the run (capped in size, counted in full). */
class Shown {
  readonly texts: string[] = [];
  count = 0;
  private chars = 0;
  add(text: string): void {
    this.count += 1;
    // a bounded sample is enough once the run has produced this much: findings are counted as they come
    if (this.chars > 64 * 1024 * 1024) {
      scanOne(text);
      return;
    }
    this.chars += text.length;
    this.texts.push(text);
  }
}
export const shown = new Shown();

/** A logger for SDK clients that records every line. */
export const capturingLogger = {
  info: (m: string) => shown.add(m),
  warn: (m: string) => shown.add(m),
  error: (m: string) => shown.add(m),
};

/** Records an error as a user would see it: its message, its util.inspect, its JSON. */
export function recordError(e: unknown): void {
  if (e instanceof Error) shown.add(e.message);
  shown.add(inspect(e, { depth: 6 }));
  try {
    shown.add(JSON.stringify(e) ?? '');
  } catch {
    // a circular error is fine: inspect covered it
  }
}

export interface SecretFinding {
  what: string;
  excerpt: string;
}
const findings: SecretFinding[] = [];

const PATTERNS: { what: string; re: RegExp }[] = [
  { what: 'API secret', re: new RegExp(SECRET) },
  { what: 'proxy password', re: new RegExp(PROXY_PASSWORD) },
  {
    what: 'proxy credentials (base64)',
    re: new RegExp(Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')),
  },
  ...CARDS.map((c) => ({ what: 'card number', re: new RegExp(c.split('').join('[ -]?')) })),
  { what: 'CVV', re: new RegExp(`cvv[^,}\\n]{0,12}\\b${CVV}\\b`, 'i') },
  { what: 'IBAN', re: new RegExp(IBAN.split('').join(' ?')) },
];

function scanOne(text: string): void {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) findings.push({ what: p.what, excerpt: text.slice(Math.max(0, m.index - 60), m.index + 60) });
  }
}

/** The patterns that fail to find their own secret in a canary text (must be none: a scan that cannot fail is no scan). */
export function blindPatterns(): string[] {
  const canary = [
    SECRET,
    PROXY_PASSWORD,
    Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64'),
    ...CARDS,
    `"cvv":"${CVV}"`,
    IBAN,
  ];
  return PATTERNS.filter((p) => !canary.some((c) => p.re.test(c))).map((p) => p.what);
}

/** Searches everything recorded; returns the findings (each: what, and where in a short excerpt). */
export function scanSecrets(): { scanned: number; findings: SecretFinding[] } {
  for (const t of shown.texts) scanOne(t);
  return { scanned: shown.count, findings };
}

// ---------------------------------------------------------------- bounded helpers

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves with the promise's outcome, or 'hang' when it has not settled within `ms`. */
export async function within<T>(
  p: Promise<T>,
  ms: number,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'hang'>((r) => {
    timer = setTimeout(() => r('hang'), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `worker` over `items` with at most `width` at a time. */
export async function pool<T>(items: readonly T[], width: number, worker: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await worker(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
}

/** A POST/GET/DELETE to a sandbox's admin API (`/_sandbox/...`), JSON both ways. */
export async function admin(baseUrl: string, path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}/_sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`admin ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

export const fmt = (n: number) => n.toLocaleString('en-US');
