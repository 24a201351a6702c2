/** default-transport.ts for Bun, Deno and Cloudflare Workers: always fetch (the configured one, or the global). */
import type { ResolvedConfig } from './config.js';
import { type FetchFunction, FetchTransport } from './fetch-transport.js';
import type { Transport } from './transport.js';

export function defaultTransport(config: ResolvedConfig): Transport {
  // looked up per call, so that a fetch patched later (a test double, a tracing wrapper) is the one used
  const f: FetchFunction = config.fetch ?? ((url, init) => (globalThis.fetch as unknown as FetchFunction)(url, init));
  return new FetchTransport({ fetch: f });
}
