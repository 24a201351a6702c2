/**
 * The retry policy, as small pure functions. A retry may never double a side effect, so only these are retried:
 * GET/DELETE calls and calls carrying an idempotence key, after a connection failure before any response,
 * a 502/503, or a 409 with code 1409 (the first request with this key is still in flight).
 */

export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** May this call be retried at all? */
export function isRetryable(method: string, idempotenceKey: string | undefined, bodyReplayable: boolean): boolean {
  if (!bodyReplayable) return false;
  return method === 'GET' || method === 'DELETE' || idempotenceKey !== undefined;
}

/** Does this response ask for a retry? `errorCodes` are the `errors[].code` values of the body. */
export function isRetryableStatus(status: number, body: unknown): boolean {
  if (status === 502 || status === 503) return true;
  if (status === 409 && body !== null && typeof body === 'object') {
    const errors = (body as { errors?: unknown }).errors;
    return Array.isArray(errors) && errors.length === 1 && (errors[0] as { code?: unknown } | null)?.code === '1409';
  }
  return false;
}

/** Connection failures where the request certainly got no response (safe to retry for eligible calls). */
export function isRetryableTransportError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED' ||
    code === 'EPIPE' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_CLOSED'
  );
}

/** Parses Retry-After (delta seconds or an HTTP date) to ms, or undefined when absent/invalid. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/**
 * Delay before retry number `retry` (1-based): initial × 2^(retry-1), capped, minus up to 25 % jitter.
 * A Retry-After from the server replaces the computed delay (capped to maxDelayMs).
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  initialDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxDelayMs);
  const base = Math.min(initialDelayMs * 2 ** (retry - 1), maxDelayMs);
  return Math.round(base * (1 - 0.25 * random()));
}
