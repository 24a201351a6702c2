/**
 * platform.ts for the fetch runtimes (Bun, Deno, Cloudflare Workers without compatibility flags): WebCrypto,
 * globalThis.crypto and fetch only, no node: module and no Buffer. The `workerd`/`deno`/`bun` build swaps
 * platform.ts for this file (tsup.config.ts); it exports the same names with the same types.
 */
export const BUILD = 'web' as const;

const encoder = new TextEncoder();

export function randomUUID(): string {
  return crypto.randomUUID();
}

export function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

interface RuntimeGlobals {
  Deno?: { version?: { deno?: string }; build?: { os?: string } };
  Bun?: { version?: string };
  navigator?: { userAgent?: string };
}

export function platformIdentifier(): string {
  const g = globalThis as RuntimeGlobals;
  if (g.Deno?.version?.deno) return `${g.Deno.build?.os ?? 'unknown'} Deno/${g.Deno.version.deno}`;
  if (g.Bun?.version) return `Bun/${g.Bun.version}`;
  return g.navigator?.userAgent ?? 'fetch runtime';
}

/** Standard base64 of bytes, without Buffer. */
export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64Utf8(text: string): string {
  return base64(encoder.encode(text));
}

export function hmacSha256Base64(secret: string): (data: string | Uint8Array) => string | Promise<string> {
  // imported once per signer, on first use (importKey is async); the key is not extractable
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  return async (data) => {
    key ??= crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    return base64(new Uint8Array(await crypto.subtle.sign('HMAC', await key, bytes as Uint8Array<ArrayBuffer>)));
  };
}

export function hmacSha256Base64Sync(_secret: string, _data: Uint8Array): string {
  throw new Error(
    'computeWebhookSignature/signWebhook are synchronous and need node:crypto: on this runtime use computeWebhookSignatureAsync/signWebhookAsync',
  );
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Constant time in the longer length: every position of both is visited whatever the content. */
export function constantTimeStringEquals(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/**
 * node:diagnostics_channel without importing it (an import would need Workers' nodejs_compat flag): Bun and Deno
 * expose it through `process.getBuiltinModule`; workerd without flags has no `process`, so no channel there
 * (the `hooks` option works everywhere).
 */
export function diagnosticsChannel(name: string): Channel | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const dc = proc?.getBuiltinModule?.('node:diagnostics_channel') as { channel(name: string): Channel } | undefined;
  return dc?.channel(name);
}
