/**
 * The sandbox's options: what `startSandbox` accepts, every default in one place (`DEFAULTS`,
 * quoted by the README), checked once when the sandbox starts (`resolveOptions`).
 */
import type { CatalogueRequest, CatalogueResponse } from './catalogue/index.js';
import type { ApiKeyConfig } from './domain/access.js';
import type { WebhookEndpoint } from './events/webhooks.js';

/** Answers a catalogue operation (products, groups, services, ...), or undefined to use the built-in one. */
export type CatalogueHandler = (opId: string, req: CatalogueRequest) => CatalogueResponse | undefined;

export interface SandboxOptions {
  /** TCP port; 0 (the default for `startSandbox`) picks a free one */
  port?: number;
  /** interface to listen on (default 127.0.0.1) */
  host?: string;
  /**
   * where customers and clients reach this sandbox (`https://sandbox.example.test`), for the links it
   * gives out (partialRedirectUrl, redirect URLs, Location): set it behind a proxy or a port mapping.
   * Default: `http://127.0.0.1:<port>` (the listen address; the Host header is never used).
   */
  publicUrl?: string;
  /** the default API key id (default `sandbox-api-key-id`) */
  apiKeyId?: string;
  /** the default secret API key (default `sandbox-secret-api-key`) */
  secretApiKey?: string;
  /** the default merchant id (default `1234`) */
  merchantId?: string;
  /** more API keys; each lists the merchants it may act for */
  keys?: ApiKeyConfig[];
  /** more merchant ids */
  merchants?: string[];
  /** reject signed requests whose Date is further than this from the real clock (ms); default: no check */
  dateSkewMs?: number;
  /** CAPTURE_REQUESTED (800) -> PAID (1000) after this long on the sandbox clock; refunds and payouts likewise (default 1 h) */
  settleDelayMs?: number;
  /** unfinished hosted checkouts expire after this long (default 2 h) */
  hostedCheckoutTtlMs?: number;
  /** client sessions expire after this long (default 2 h) */
  sessionTtlMs?: number;
  /** new refunds wait for approval (default true) */
  refundsRequireApproval?: boolean;
  /** new payouts wait for approval (default true) */
  payoutsRequireApproval?: boolean;
  /** largest accepted request body in bytes (default 1 MiB; multipart uploads 10 MiB) */
  maxBodyBytes?: number;
  /** a client must send its whole header block within this (default 10 s) */
  headersTimeoutMs?: number;
  /** a client must send its whole request within this (default 60 s) */
  requestTimeoutMs?: number;
  /** open connections at most; more are closed on arrival (default 1,000) */
  maxConnections?: number;
  /** serve /_sandbox/ only to loopback clients (default true) */
  adminLoopbackOnly?: boolean;
  /** idempotence keys are remembered this long (default 24 h) */
  idempotenceTtlMs?: number;
  /** keys whose request was rejected (4xx other than a decline, 5xx) are remembered this long (default 5 min) */
  idempotenceRejectedTtlMs?: number;
  /** at most this many idempotence keys; past it the oldest are dropped and counted (default 100,000) */
  idempotenceMaxEntries?: number;
  /**
   * compile all request schemas before resolving (about 0.5 s). By default they compile in the
   * background right after the server listens, each exactly once per process.
   */
  precompileSchemas?: boolean;
  /** replaces the built-in catalogue for the operations it answers (per sandbox) */
  catalogue?: CatalogueHandler;
  /** webhook endpoints and delivery tuning */
  webhooks?: {
    endpoints?: WebhookEndpoint[];
    retryBaseMs?: number;
    maxAttempts?: number;
    timeoutMs?: number;
  };
}

/** Every default, once. */
export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  apiKeyId: 'sandbox-api-key-id',
  secretApiKey: 'sandbox-secret-api-key',
  merchantId: '1234',
  settleDelayMs: 3600_000,
  hostedCheckoutTtlMs: 2 * 3600_000,
  sessionTtlMs: 2 * 3600_000,
  refundsRequireApproval: true,
  payoutsRequireApproval: true,
  maxBodyBytes: 1024 * 1024,
  /** multipart uploads (disputes.uploadFile) accept at least this much */
  maxUploadBytes: 10 * 1024 * 1024,
  adminLoopbackOnly: true,
  idempotenceTtlMs: 24 * 3600_000,
  idempotenceRejectedTtlMs: 5 * 60_000,
  idempotenceMaxEntries: 100_000,
  precompileSchemas: false,
  keepAliveTimeoutMs: 65_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxConnections: 1000,
  /** how often the background ticker settles what became due */
  settleTickMs: 1000,
  webhooks: { retryBaseMs: 1000, maxAttempts: 5, timeoutMs: 5000 },
} as const;

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  /** without a trailing slash; undefined: the listen URL */
  readonly publicUrl: string | undefined;
  readonly apiKeyId: string;
  readonly secretApiKey: string;
  readonly merchantId: string;
  readonly keys: readonly ApiKeyConfig[];
  readonly merchants: readonly string[];
  readonly dateSkewMs: number | undefined;
  readonly settleDelayMs: number;
  readonly hostedCheckoutTtlMs: number;
  readonly sessionTtlMs: number;
  readonly refundsRequireApproval: boolean;
  readonly payoutsRequireApproval: boolean;
  readonly maxBodyBytes: number;
  readonly maxUploadBytes: number;
  readonly adminLoopbackOnly: boolean;
  readonly idempotenceTtlMs: number;
  readonly idempotenceRejectedTtlMs: number;
  readonly idempotenceMaxEntries: number;
  readonly precompileSchemas: boolean;
  readonly keepAliveTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxConnections: number;
  readonly settleTickMs: number;
  readonly catalogue: CatalogueHandler | undefined;
  readonly webhooks: {
    readonly endpoints: readonly WebhookEndpoint[];
    readonly retryBaseMs: number;
    readonly maxAttempts: number;
    readonly timeoutMs: number;
  };
}

/** Applies the defaults and checks what must be checked; throws a TypeError naming the bad option. */
export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    port: o.port ?? DEFAULTS.port,
    host: o.host ?? DEFAULTS.host,
    publicUrl: o.publicUrl === undefined ? undefined : checkPublicUrl(o.publicUrl),
    apiKeyId: o.apiKeyId ?? DEFAULTS.apiKeyId,
    secretApiKey: o.secretApiKey ?? DEFAULTS.secretApiKey,
    merchantId: o.merchantId ?? DEFAULTS.merchantId,
    keys: o.keys ?? [],
    merchants: o.merchants ?? [],
    dateSkewMs: o.dateSkewMs,
    settleDelayMs: o.settleDelayMs ?? DEFAULTS.settleDelayMs,
    hostedCheckoutTtlMs: o.hostedCheckoutTtlMs ?? DEFAULTS.hostedCheckoutTtlMs,
    sessionTtlMs: o.sessionTtlMs ?? DEFAULTS.sessionTtlMs,
    refundsRequireApproval: o.refundsRequireApproval ?? DEFAULTS.refundsRequireApproval,
    payoutsRequireApproval: o.payoutsRequireApproval ?? DEFAULTS.payoutsRequireApproval,
    maxBodyBytes: o.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
    maxUploadBytes: Math.max(o.maxBodyBytes ?? DEFAULTS.maxBodyBytes, DEFAULTS.maxUploadBytes),
    adminLoopbackOnly: o.adminLoopbackOnly ?? DEFAULTS.adminLoopbackOnly,
    idempotenceTtlMs: o.idempotenceTtlMs ?? DEFAULTS.idempotenceTtlMs,
    idempotenceRejectedTtlMs: o.idempotenceRejectedTtlMs ?? DEFAULTS.idempotenceRejectedTtlMs,
    idempotenceMaxEntries: o.idempotenceMaxEntries ?? DEFAULTS.idempotenceMaxEntries,
    precompileSchemas: o.precompileSchemas ?? DEFAULTS.precompileSchemas,
    keepAliveTimeoutMs: DEFAULTS.keepAliveTimeoutMs,
    headersTimeoutMs: o.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    // Node requires requestTimeout >= headersTimeout
    requestTimeoutMs: Math.max(
      o.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
      o.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    ),
    maxConnections: o.maxConnections ?? DEFAULTS.maxConnections,
    settleTickMs: DEFAULTS.settleTickMs,
    catalogue: o.catalogue,
    webhooks: {
      endpoints: o.webhooks?.endpoints ?? [],
      retryBaseMs: o.webhooks?.retryBaseMs ?? DEFAULTS.webhooks.retryBaseMs,
      maxAttempts: o.webhooks?.maxAttempts ?? DEFAULTS.webhooks.maxAttempts,
      timeoutMs: o.webhooks?.timeoutMs ?? DEFAULTS.webhooks.timeoutMs,
    },
  };
  for (const name of [
    'idempotenceTtlMs',
    'idempotenceRejectedTtlMs',
    'idempotenceMaxEntries',
    'headersTimeoutMs',
    'requestTimeoutMs',
    'maxConnections',
  ] as const) {
    const v = r[name];
    if (!Number.isInteger(v) || v < 1) throw new TypeError(`${name} must be an integer >= 1, got ${v}`);
  }
  for (const name of ['apiKeyId', 'secretApiKey', 'merchantId'] as const) {
    const v = r[name];
    if (typeof v !== 'string' || v === '' || v.includes(':') || /\s/.test(v)) {
      throw new TypeError(`${name} must be a non-empty string without ':' or whitespace`);
    }
  }
  return r;
}

/** An http(s) URL without query or fragment, returned without its trailing slash. */
export function checkPublicUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`publicUrl must be an absolute http(s) URL, got "${url}"`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search !== '' || u.hash !== '' || u.username !== '') {
    throw new TypeError(`publicUrl must be an http(s) URL without credentials, query or fragment, got "${url}"`);
  }
  return u.href.replace(/\/+$/, '');
}
