/**
 * The terminal log of `connect-sandbox start`: one line per request (time, method, path, operation,
 * merchant, status, duration, idempotent replay or fault applied) and one per webhook delivery attempt
 * (event, endpoint, status, attempt, next retry). Coloured on a TTY; `--log-format json` prints one
 * JSON object per line instead. Nothing secret is in either: no headers, no bodies.
 */
import type { Delivery, RequestRecord } from '../index.js';
import { clockTime, painter } from './output.js';

export type LogFormat = 'pretty' | 'json';

export interface TerminalLog {
  request(r: RequestRecord): void;
  delivery(d: Delivery): void;
}

export function terminalLog(format: LogFormat, write: (line: string) => void, colour: boolean): TerminalLog {
  if (format === 'json') {
    return {
      request: (r) => {
        if (r.operation === 'dashboard') return;
        write(`${JSON.stringify({ kind: 'request', time: new Date(r.at).toISOString(), ...withoutAt(r) })}\n`);
      },
      delivery: (d) => write(`${JSON.stringify({ kind: 'delivery', ...d })}\n`),
    };
  }
  const paint = painter(colour);
  const statusColour = (s: number | null) =>
    s === null || s >= 500 || s === 0 ? 'red' : s >= 400 ? 'yellow' : s >= 300 ? 'cyan' : 'green';
  return {
    request(r) {
      // the dashboard's own page views and live feed would drown what the integration does
      if (r.operation === 'dashboard') return;
      const notes: string[] = [];
      if (r.replay) notes.push(paint('magenta', 'idempotent replay'));
      if (r.fault !== undefined) notes.push(paint('red', `fault ${r.fault}`));
      const parts = [
        paint('dim', clockTime(r.at)),
        paint('bold', r.method.padEnd(6)),
        r.path,
        paint('cyan', r.operation ?? '-'),
        r.merchantId !== undefined ? `merchant ${r.merchantId}` : '',
        paint(statusColour(r.status), r.status === 0 ? 'dropped' : String(r.status)),
        paint('dim', `${r.durationMs} ms`),
        ...notes,
      ].filter((x) => x !== '');
      write(`${parts.join('  ')}\n`);
    },
    delivery(d) {
      const outcome = d.status === null ? `no answer (${d.error ?? 'error'})` : String(d.status);
      const parts = [
        paint('dim', clockTime(d.at)),
        paint('bold', 'webhook'),
        d.eventType,
        `→ ${d.url}`,
        paint(statusColour(d.status), outcome),
        `attempt ${d.attempt}${d.resend ? ' (resend)' : ''}`,
        paint('dim', `${d.latencyMs} ms`),
        d.nextRetryAt ? paint('yellow', `next retry ${clockTime(d.nextRetryAt)}`) : '',
      ].filter((x) => x !== '');
      write(`${parts.join('  ')}\n`);
    },
  };
}

function withoutAt(r: RequestRecord): Omit<RequestRecord, 'at'> {
  const { at: _at, ...rest } = r;
  return rest;
}
