/**
 * Fault injection (`/_sandbox/faults`): the platform failing on purpose — an error status, a delay
 * or a reset connection for the next matching Server API requests.
 */
import { badRequest } from './errors.js';
import { isRecord } from './json.js';

/** A fault to inject into the next `count` matching Server API requests. */
export interface FaultRule {
  id: string;
  /** operation id such as `payments.create`; or */
  operation?: string | undefined;
  /** HTTP method to match */
  method?: string | undefined;
  /** substring of the request path to match */
  path?: string | undefined;
  /** how many matching requests get the fault (default 1) */
  count: number;
  /** answer with this status (500, 502, 503, ...) and a platform-shaped error instead of processing */
  status?: number | undefined;
  /** Retry-After header value (seconds) on the faulted response */
  retryAfter?: number | undefined;
  /** delay processing by this many ms (the request is then processed normally unless status/reset is set) */
  delayMs?: number | undefined;
  /** destroy the connection without answering */
  reset?: boolean | undefined;
}

/** Checks a fault rule sent to the admin API; `id` names it. */
export function parseFault(body: unknown, id: string): FaultRule {
  if (!isRecord(body)) throw badRequest('fault must be a JSON object');
  const f: FaultRule = { id, count: 1 };
  const s = (k: string) => {
    const v = body[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw badRequest(`${k} must be a string`, k);
    return v;
  };
  const n = (k: string, min: number, max: number) => {
    const v = body[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw badRequest(`${k} must be an integer from ${min} to ${max}`, k);
    }
    return v;
  };
  f.operation = s('operation');
  f.method = s('method')?.toUpperCase();
  f.path = s('path');
  f.count = n('count', 1, 1_000_000) ?? 1;
  f.status = n('status', 400, 599);
  f.retryAfter = n('retryAfter', 0, 86_400);
  f.delayMs = n('delayMs', 0, 120_000);
  if (body['reset'] !== undefined) {
    if (typeof body['reset'] !== 'boolean') throw badRequest('reset must be a boolean', 'reset');
    f.reset = body['reset'];
  }
  if (f.status === undefined && f.delayMs === undefined && f.reset !== true) {
    throw badRequest('a fault needs status, delayMs or reset', 'status');
  }
  return f;
}

export class Faults {
  rules: FaultRule[] = [];
  private counter = 0;

  /** Adds a rule from an admin request body (400 when it is not a valid rule). */
  add(body: unknown): FaultRule {
    const f = parseFault(body, `fault-${this.counter + 1}`);
    this.counter += 1;
    this.rules.push(f);
    return f;
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes (and counts down) the first rule matching the request. */
  take(opId: string, method: string, path: string): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i] as FaultRule;
      if (r.operation !== undefined && r.operation !== opId) continue;
      if (r.method !== undefined && r.method !== method) continue;
      if (r.path !== undefined && !path.includes(r.path)) continue;
      r.count -= 1;
      if (r.count <= 0) this.rules.splice(i, 1);
      return r;
    }
    return undefined;
  }
}
