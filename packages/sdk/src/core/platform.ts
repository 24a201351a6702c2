/**
 * What differs between Node and the fetch runtimes (Bun, Deno, Cloudflare Workers), in one module: randomness,
 * HMAC-SHA256, timers, the X-GCS-ServerMetaInfo platform name and diagnostics_channel (the default transport is
 * default-transport.ts, swapped the same way).
 * This is the Node version (node:crypto). The `workerd`/`deno`/`bun` build (tsup.config.ts, entry
 * src/edge.ts) swaps it for platform.web.ts, which uses only WebCrypto and fetch; both export the same names with
 * the same types, which test/platform.test.ts checks.
 */
import {
  createHash,
  createHmac,
  createSecretKey,
  randomUUID as nodeRandomUUID,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import * as dc from 'node:diagnostics_channel';
import { release } from 'node:os';
import { setTimeout as sleepFor } from 'node:timers/promises';

/** The runtime this build is for (`node`, or `web` for the fetch runtimes). */
export const BUILD = 'node' as const;

export function randomUUID(): string {
  return nodeRandomUUID();
}

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** The runtime as X-GCS-ServerMetaInfo names it. */
export function platformIdentifier(): string {
  return `${process.platform}/${release()} Node.js/${process.versions.node}`;
}

/** base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * HMAC-SHA256 keyed with the UTF-8 bytes of `secret`, base64 output. On Node the result is a string (node:crypto,
 * synchronous: the fast path); WebCrypto (platform.web.ts) answers a Promise. Callers check `typeof`.
 */
export function hmacSha256Base64(secret: string): (data: string | Uint8Array) => string | Promise<string> {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (data) => createHmac('sha256', key).update(data).digest('base64');
}

/** Synchronous HMAC for the sync public helpers (computeWebhookSignature); Node only. */
export function hmacSha256Base64Sync(secret: string, data: Uint8Array): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(data).digest('base64');
}

/** Equal-length byte arrays compared in constant time. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Two strings compared in constant time, independent of their lengths (both are hashed first). */
export function constantTimeStringEquals(a: string, b: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(a, 'utf8').digest(),
    createHash('sha256').update(b, 'utf8').digest(),
  );
}

/** Waits `ms`; rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return sleepFor(ms, undefined, signal ? { signal } : undefined);
}

/** A publish-only view of a diagnostics channel. */
export interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** The named node:diagnostics_channel channel (undefined where the runtime has none). */
export function diagnosticsChannel(name: string): Channel | undefined {
  return dc.channel(name);
}
