/** Client configuration: the one place where defaults live, validated at construction. */
import type { ShoppingCartExtension } from './headers.js';
import type { Logger } from './logging.js';
import type { ObfuscationRule } from './obfuscation.js';
import type { Transport } from './transport.js';

/** Defaults. The README quotes these values; change them here only. */
export const DEFAULTS = {
  scheme: 'https',
  /** Whole-attempt deadline: connect, send, and read the complete response. */
  timeoutMs: 60_000,
  /** Retries after the first attempt, only where a retry cannot double a side effect. */
  maxRetries: 2,
  /** First backoff delay; doubles per retry. */
  retryInitialDelayMs: 500,
  /** Backoff cap (also the largest Retry-After that is honoured; a longer one is capped to it). */
  retryMaxDelayMs: 8_000,
  /** Keep-alive connections per client. */
  maxConnections: 64,
  /**
   * Largest response body read into memory (10 MiB); a larger one fails with a CommunicationError. File
   * downloads (files.getFile) are streamed to the caller and not counted.
   */
  maxResponseBytes: 10_485_760,
  /** Idle keep-alive sockets are closed after this long. */
  keepAliveTimeoutMs: 30_000,
} as const;

/** The largest delay a Node timer can hold (2^31-1 ms, ~24.8 days); a larger one would fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A value that must never be shown: util.inspect, JSON.stringify and string conversion print a mask; only
 * `reveal()` gives the value (to the signer and the transport). The resolved configuration holds the API secret
 * and proxy credentials this way, so `connect.core.config` can be logged safely.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '********';
  }
  toJSON(): string {
    return '********';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(********)';
  }
}

export interface ProxyConfig {
  /** `http://proxy.example:3128` (credentials may also be given in the URL). */
  url: string;
  username?: string;
  password?: string;
}

export interface ConnectConfig {
  /** API host name only, e.g. `api.preprod.connect.worldline-solutions.com` (no scheme, no path). */
  host: string;
  /**
   * `https` (default) or `http` (a local connect-sandbox). Typed as any string so that a configuration object kept in
   * a variable needs no `as const`; any other value is refused when the client is built.
   */
  scheme?: 'https' | 'http' | (string & {});
  /** Default 443 for https, 80 for http. */
  port?: number;
  /**
   * The API key id of the Configuration Center. `undefined` (e.g. an unset environment variable) compiles, so that
   * `process.env.CONNECT_API_KEY_ID` needs no `!`, and is refused when the client is built, naming the option.
   */
  apiKeyId: string | undefined;
  /** The secret API key that goes with `apiKeyId`; `undefined` is refused when the client is built, like `apiKeyId`. */
  secretApiKey: string | undefined;
  /** Your company name, sent to the platform in X-GCS-ServerMetaInfo. */
  integrator: string;
  shoppingCartExtension?: ShoppingCartExtension;
  /** Per-attempt deadline in ms (default 60 000). */
  timeoutMs?: number;
  /** Retries of safe calls (default 2; 0 disables retries and generated idempotence keys). */
  maxRetries?: number;
  /** Backoff tuning: first delay (default 500 ms) and cap (default 8 000 ms). */
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Logger (console, pino, ...). Giving one turns logging on unless enableLogging is false. */
  logger?: Logger;
  /** Log requests and responses (obfuscated). Default: true when a logger is given, else false. */
  enableLogging?: boolean;
  /** Extra or replaced obfuscation rules by property / header name: `{ email: obfuscate.all() }`. */
  obfuscationRules?: Record<string, ObfuscationRule>;
  /** HTTP(S) proxy: a URL string or `{ url, username, password }`. */
  proxy?: string | ProxyConfig;
  /** Keep-alive connections per client (default 64). */
  maxConnections?: number;
  /** Largest response body read into memory, in bytes (default 10 MiB); file downloads are not counted. */
  maxResponseBytes?: number;
  /** TLS options for the platform connection, e.g. a private CA in tests. */
  tls?: { ca?: string | Buffer | readonly (string | Buffer)[]; rejectUnauthorized?: boolean };
  /**
   * Advanced: the HTTP transport that moves each signed request (default: an undici keep-alive pool). For tests
   * and other runtimes; the interface is documented in docs/transport.md and may still change in a minor
   * release. Cannot be combined with `proxy`, `tls` or `maxConnections`, which configure the default transport.
   */
  transport?: Transport;
}

export interface ResolvedConfig {
  readonly origin: string;
  readonly apiKeyId: string;
  readonly secretApiKey: Secret;
  readonly integrator: string;
  readonly shoppingCartExtension: ShoppingCartExtension | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly logger: Logger | undefined;
  readonly obfuscationRules: Record<string, ObfuscationRule> | undefined;
  /** The proxy's origin (credentials removed) and its Proxy-Authorization value. */
  readonly proxy: { readonly uri: string; readonly token: Secret | undefined } | undefined;
  readonly maxConnections: number;
  readonly maxResponseBytes: number;
  readonly tls: ConnectConfig['tls'];
  /** An injected transport, or undefined for the default. */
  readonly transport: Transport | undefined;
}

function fail(message: string): never {
  throw new TypeError(`Invalid Connect configuration: ${message}`);
}

function requiredString(config: Record<string, unknown>, name: string): string {
  const v = config[name];
  if (typeof v !== 'string' || v.trim() === '') fail(`${name} is required (a non-empty string)`);
  return v;
}

function positive(
  config: Record<string, unknown>,
  name: string,
  fallback: number,
  integer = false,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = config[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    fail(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  }
  if (v > max) fail(`${name} must be at most ${max} ms, got ${String(v)}`);
  return v;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]+\]$/;

/** Validates a user configuration and fills in defaults. Error messages never echo the secret. */
export function resolveConfig(input: ConnectConfig): ResolvedConfig {
  if (input === null || typeof input !== 'object') fail('expected an object');
  const c = input as unknown as Record<string, unknown>;
  const host = requiredString(c, 'host');
  if (!HOST.test(host)) {
    fail(
      `host must be a host name without scheme, port or path (e.g. 'api.preprod.connect.worldline-solutions.com'), got ${JSON.stringify(host)}`,
    );
  }
  const scheme = c['scheme'] ?? DEFAULTS.scheme;
  if (scheme !== 'https' && scheme !== 'http') fail(`scheme must be 'https' or 'http', got ${JSON.stringify(scheme)}`);
  let port = scheme === 'https' ? 443 : 80;
  if (c['port'] !== undefined) {
    const p = c['port'];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) {
      fail(`port must be an integer between 1 and 65535, got ${String(p)}`);
    }
    port = p;
  }
  const apiKeyId = requiredString(c, 'apiKeyId');
  if (apiKeyId.includes(':') || /\s/.test(apiKeyId)) fail('apiKeyId must not contain ":" or whitespace');
  const secretApiKey = c['secretApiKey'];
  if (typeof secretApiKey !== 'string' || secretApiKey === '') fail('secretApiKey is required (a non-empty string)');
  const integrator = requiredString(c, 'integrator');

  let shoppingCartExtension: ShoppingCartExtension | undefined;
  const sce = c['shoppingCartExtension'];
  if (sce !== undefined) {
    if (sce === null || typeof sce !== 'object') fail('shoppingCartExtension must be an object');
    const s = sce as Record<string, unknown>;
    for (const f of ['creator', 'name', 'version'] as const) {
      if (typeof s[f] !== 'string' || (s[f] as string).trim() === '') {
        fail(`shoppingCartExtension.${f} is required (a non-empty string)`);
      }
    }
    if (s['extensionId'] !== undefined && typeof s['extensionId'] !== 'string') {
      fail('shoppingCartExtension.extensionId must be a string');
    }
    shoppingCartExtension = {
      creator: s['creator'] as string,
      name: s['name'] as string,
      version: s['version'] as string,
      ...(s['extensionId'] !== undefined ? { extensionId: s['extensionId'] as string } : {}),
    };
  }

  const timeoutMs = positive(c, 'timeoutMs', DEFAULTS.timeoutMs, false, MAX_TIMER_MS);
  let maxRetries: number = DEFAULTS.maxRetries;
  if (c['maxRetries'] !== undefined) {
    const r = c['maxRetries'];
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r > 10) {
      fail(`maxRetries must be an integer from 0 to 10, got ${String(r)}`);
    }
    maxRetries = r;
  }
  const retryInitialDelayMs = positive(c, 'retryInitialDelayMs', DEFAULTS.retryInitialDelayMs, false, MAX_TIMER_MS);
  const retryMaxDelayMs = positive(c, 'retryMaxDelayMs', DEFAULTS.retryMaxDelayMs, false, MAX_TIMER_MS);
  const maxConnections = positive(c, 'maxConnections', DEFAULTS.maxConnections, true);
  const maxResponseBytes = positive(c, 'maxResponseBytes', DEFAULTS.maxResponseBytes, true);

  const logger = c['logger'];
  if (logger !== undefined) {
    const l = logger as Record<string, unknown>;
    if (
      logger === null ||
      typeof logger !== 'object' ||
      typeof l['info'] !== 'function' ||
      typeof l['error'] !== 'function'
    ) {
      fail('logger must be an object with info() and error() methods (console, pino, ...)');
    }
  }
  const enable = c['enableLogging'];
  if (enable !== undefined && typeof enable !== 'boolean') fail('enableLogging must be a boolean');
  const effectiveLogger =
    enable === false ? undefined : ((logger as Logger | undefined) ?? (enable ? console : undefined));

  const rules = c['obfuscationRules'];
  if (rules !== undefined) {
    if (rules === null || typeof rules !== 'object') fail('obfuscationRules must be an object of functions');
    for (const [name, rule] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof rule !== 'function') fail(`obfuscationRules.${name} must be a function (value: string) => string`);
    }
  }

  let proxy: ResolvedConfig['proxy'];
  const p = c['proxy'];
  if (p !== undefined) {
    const pc: Record<string, unknown> = typeof p === 'string' ? { url: p } : (p as Record<string, unknown>);
    if (pc === null || typeof pc !== 'object' || typeof pc['url'] !== 'string') {
      fail('proxy must be a URL string or { url, username?, password? }');
    }
    let url: URL;
    try {
      url = new URL(pc['url'] as string);
    } catch {
      fail('proxy.url is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('proxy.url must be an http: or https: URL');
    let username = pc['username'] as string | undefined;
    let password = pc['password'] as string | undefined;
    if (username === undefined && url.username !== '') username = decodeURIComponent(url.username);
    if (password === undefined && url.password !== '') password = decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
    if (username !== undefined && typeof username !== 'string') fail('proxy.username must be a string');
    if (password !== undefined && typeof password !== 'string') fail('proxy.password must be a string');
    proxy = {
      uri: url.origin,
      token:
        username === undefined
          ? undefined
          : new Secret(`Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`),
    };
  }

  const transport = c['transport'];
  if (transport !== undefined) {
    const t = transport as Record<string, unknown> | null;
    if (t === null || typeof t !== 'object' || typeof t['send'] !== 'function' || typeof t['close'] !== 'function') {
      fail('transport must be an object with send(request, signal) and close() methods (see docs/transport.md)');
    }
    for (const name of ['proxy', 'tls', 'maxConnections'] as const) {
      if (c[name] !== undefined) fail(`${name} configures the default transport: set it on your own transport instead`);
    }
  }

  const defaultPort = (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80);
  return {
    origin: `${scheme}://${host}${defaultPort ? '' : `:${port}`}`,
    apiKeyId,
    secretApiKey: new Secret(secretApiKey),
    integrator,
    shoppingCartExtension,
    timeoutMs,
    maxRetries,
    retryInitialDelayMs,
    retryMaxDelayMs,
    logger: effectiveLogger,
    obfuscationRules: rules as Record<string, ObfuscationRule> | undefined,
    proxy,
    maxConnections,
    maxResponseBytes,
    tls: c['tls'] as ConnectConfig['tls'],
    transport: transport as Transport | undefined,
  };
}
