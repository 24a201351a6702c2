/** default-transport.ts for Bun, Deno and Cloudflare Workers: always fetch (the configured one, or the global). */
import type { ResolvedConfig } from './config.js';
import { type FetchFunction, FetchTransport } from './fetch-transport.js';
import type { Transport } from './transport.js';

export function defaultTransport(config: ResolvedConfig): Transport {
  // undici options: silently ignoring them would send traffic around a required proxy or trust the wrong CA
  if (config.proxy !== undefined || config.tls !== undefined) {
    throw new TypeError(
      'Invalid Connect configuration: proxy and tls configure the Node transport (undici); on Bun, Deno and Cloudflare Workers requests go through fetch: configure the proxy or CA in the runtime, or pass your own fetch',
    );
  }
  // looked up per call, so that a fetch patched later (a test double, a tracing wrapper) is the one used
  const f: FetchFunction = config.fetch ?? ((url, init) => (globalThis.fetch as unknown as FetchFunction)(url, init));
  return new FetchTransport({ fetch: f });
}
