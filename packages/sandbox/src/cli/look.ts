/**
 * Quick looks from the terminal: `connect-sandbox events [--follow]` and `connect-sandbox payments
 * [--status ..]`, plain lines or `--json` (one JSON document; with --follow one JSON object per line).
 */
import { AdminClient } from './admin-client.js';
import { CliError, clockTime, colourFor, EXIT, painter } from './output.js';

export interface EventsOptions {
  follow?: boolean;
  type?: string;
  merchant?: string;
  limit: string;
  sandbox: string;
  json?: boolean;
}

interface WireEvent {
  id: string;
  created: string;
  merchantId: string;
  type: string;
  [k: string]: unknown;
}

function limitOf(v: string, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new CliError(`--limit must be an integer from 1 to ${max}`, EXIT.usage);
  return n;
}

function resourceOf(e: WireEvent): { id: string; status: string } {
  for (const [k, v] of Object.entries(e)) {
    if (['apiVersion', 'id', 'created', 'merchantId', 'type'].includes(k)) continue;
    if (v && typeof v === 'object') {
      const r = v as { id?: unknown; status?: unknown };
      return { id: typeof r.id === 'string' ? r.id : '', status: typeof r.status === 'string' ? r.status : '' };
    }
  }
  return { id: '', status: '' };
}

export async function events(o: EventsOptions): Promise<void> {
  const client = new AdminClient(o.sandbox);
  const limit = limitOf(o.limit, 2000);
  const paint = painter(!o.json && colourFor(process.stdout));
  const out = (s: string) => process.stdout.write(s);
  const q = (after: number) => {
    const p = new URLSearchParams({ after: String(after) });
    if (o.type) p.set('type', o.type);
    if (o.merchant) p.set('merchantId', o.merchant);
    return `events?${p}`;
  };
  const print = (e: WireEvent) => {
    const r = resourceOf(e);
    out(
      `${paint('dim', clockTime(e.created.replace('+0000', 'Z')))}  ${paint('bold', e.type.padEnd(32))}${r.id}  ${paint('cyan', r.status)}  merchant ${e.merchantId}  ${paint('dim', e.id)}\n`,
    );
  };
  const first = await client.call<{ events: WireEvent[]; cursor: number }>('GET', q(0));
  const shown = first.events.slice(-limit);
  if (o.json && !o.follow) {
    out(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  for (const e of shown) o.json ? out(`${JSON.stringify(e)}\n`) : print(e);
  if (!o.follow) return;
  let cursor = first.cursor;
  process.on('SIGINT', () => process.exit(EXIT.ok));
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    try {
      const page = await client.call<{ events: WireEvent[]; cursor: number }>('GET', q(cursor));
      for (const e of page.events) o.json ? out(`${JSON.stringify(e)}\n`) : print(e);
      cursor = page.cursor;
    } catch (e) {
      process.stderr.write(`connect-sandbox: ${e instanceof Error ? e.message : String(e)}; retrying\n`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export interface PaymentsOptions {
  status?: string;
  merchant?: string;
  limit: string;
  sandbox: string;
  json?: boolean;
}

interface WirePayment {
  id: string;
  status: string;
  paymentOutput?: {
    amountOfMoney?: { amount?: number; currencyCode?: string };
    references?: { merchantReference?: string };
  };
  statusOutput?: { statusCodeChangeDateTime?: string };
}

export async function payments(o: PaymentsOptions): Promise<void> {
  const client = new AdminClient(o.sandbox);
  const p = new URLSearchParams({ limit: String(limitOf(o.limit, 500)) });
  if (o.status) p.set('status', o.status.toUpperCase());
  if (o.merchant) p.set('merchantId', o.merchant);
  const page = await client.call<{ payments: WirePayment[]; total: number | null }>('GET', `payments?${p}`);
  if (o.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return;
  }
  const paint = painter(colourFor(process.stdout));
  if (page.payments.length === 0) {
    process.stdout.write('No payments.\n');
    return;
  }
  for (const x of page.payments) {
    const m = x.paymentOutput?.amountOfMoney;
    const amount = m?.amount === undefined ? '' : `${m.amount} ${m.currencyCode ?? ''}`;
    process.stdout.write(
      `${x.id}  ${paint('cyan', x.status.padEnd(24))}${amount.padStart(14)}  ${x.paymentOutput?.references?.merchantReference ?? ''}\n`,
    );
  }
  if (page.total !== null && page.total > page.payments.length) {
    process.stdout.write(
      paint('dim', `(${page.payments.length} of ${page.total}, newest first; --limit shows more)\n`),
    );
  }
}
