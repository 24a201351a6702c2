/**
 * The transport when none is injected, on Node: undici's keep-alive pool (the fast path), or the fetch transport
 * when `fetch` is configured. The workerd/deno/bun build swaps this file for default-transport.web.ts
 * (tsup.config.ts), so that undici never reaches it.
 */
import type { ResolvedConfig } from './config.js';
import { FetchTransport } from './fetch-transport.js';
import type { Transport } from './transport.js';
import { UndiciTransport } from './undici-transport.js';

export function defaultTransport(config: ResolvedConfig): Transport {
  return config.fetch ? new FetchTransport({ fetch: config.fetch }) : new UndiciTransport(config);
}
