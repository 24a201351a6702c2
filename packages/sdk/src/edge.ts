/**
 * connect-server-sdk for the fetch runtimes: Cloudflare Workers (workerd), Deno and Bun, selected by the
 * package's `exports` conditions. The same client as on Node (src/index.ts) over the fetch transport, with
 * v1HMAC and webhook signatures through WebCrypto; built without undici or any node: module (tsup.config.ts
 * swaps core/platform.ts for core/platform.web.ts). Left out: the classic compat API and the node:http webhook
 * listener (use createFetchWebhooksHandler), and the synchronous computeWebhookSignature/signWebhook (use the
 * Async versions).
 */

export * from './common.js';
export * from './webhooks/portable.js';
