/**
 * The retry policy, as small pure functions; the core asks `decideRetry` after every attempt and does what it
 * says. A retry may never double a side effect, so only these are retried: GET/DELETE calls and calls carrying an
 * idempotence key, after a connection failure before any response, a 502/503, or a 409 with code 1409 (the first
 * request with this key is still in flight), as the API reference describes idempotent requests:
 * https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/nodejs/idempotent-requests.html
 * A timeout is never retried: the caller's deadline is the deadline, and the request may have been processed.
 */
import { AbortError, TimeoutError } from './errors.js';

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

/**
 * Parses Retry-After (delta seconds or an HTTP date) to ms, or undefined when absent/invalid. The result may be
 * zero or negative (`-5`, a date in the past): retryDelay() clamps it to the policy's floor.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^[-+]?\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return t - now;
}

/**
 * Delay before retry number `retry` (1-based): initial × 2^(retry-1), capped, minus up to 25 % jitter.
 * A Retry-After from the server replaces the computed delay, kept between the policy's floor (initialDelayMs)
 * and its cap (maxDelayMs): a server (or a proxy) cannot make the SDK retry in a tight loop.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  initialDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, initialDelayMs), maxDelayMs);
  const base = Math.min(initialDelayMs * 2 ** (retry - 1), maxDelayMs);
  return Math.round(base * (1 - 0.25 * random()));
}

/** The backoff settings of a client. */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** How an attempt ended: a response (status, Retry-After, body text) or a failure with no usable response. */
export type AttemptOutcome =
  | { readonly status: number; readonly retryAfter: string | undefined; readonly body: string | undefined }
  | { readonly error: Error & { readonly cause?: unknown } };

/** Retry after `delayMs`; `reason` is for the log line. */
export interface RetryDecision {
  readonly delayMs: number;
  readonly reason: string;
}

/**
 * The whole retry decision after attempt number `attempt` (0-based) of a call: null to stop (return the response
 * or throw the error), or the delay before the next attempt. `eligible` is isRetryable() of the call;
 * `clientClosed` stops retries of a client that is being closed.
 */
export function decideRetry(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  eligible: boolean,
  clientClosed: boolean,
  now: number = Date.now(),
  random: () => number = Math.random,
): RetryDecision | null {
  if (!eligible || attempt >= policy.maxRetries) return null;
  const retry = attempt + 1;
  if ('error' in outcome) {
    const e = outcome.error;
    if (e instanceof TimeoutError || e instanceof AbortError || clientClosed) return null;
    if (!isRetryableTransportError(e.cause)) return null;
    return {
      delayMs: retryDelay(retry, undefined, policy.initialDelayMs, policy.maxDelayMs, random),
      reason: String((e.cause as { code?: unknown }).code),
    };
  }
  const { status } = outcome;
  if (status !== 502 && status !== 503 && status !== 409) return null;
  let parsed: unknown = null;
  if (status === 409 && outcome.body) {
    try {
      parsed = JSON.parse(outcome.body);
    } catch {
      parsed = null;
    }
  }
  if (!isRetryableStatus(status, parsed)) return null;
  return {
    delayMs: retryDelay(
      retry,
      parseRetryAfter(outcome.retryAfter, now),
      policy.initialDelayMs,
      policy.maxDelayMs,
      random,
    ),
    reason: `HTTP ${status}`,
  };
}
