import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAdmin } from './admin.js';
import { type ApiKeyConfig, type AuthOptions, verifyRequest } from './auth.js';
import { handleCatalogueOperation } from './catalogue/index.js';
import { Clock } from './clock.js';
import { createDashboard, type Dashboard, sourceFromState } from './dashboard/index.js';
import { PaymentIndex } from './domain/payment-index.js';
import { badRequest, duplicateInProgress, internalError, SandboxError } from './errors.js';
import { Faults } from './faults.js';
import type { OperationDef } from './generated/operations.js';
import { handlePages } from './pages.js';
import type { RequestRecord } from './request-log.js';
import { Router } from './router.js';
import { Platform, type PlatformOptions } from './state/platform.js';
import type { OpRequest, OpResult } from './types.js';
import { validateBody, validators, warmUpValidators } from './validation.js';
import { WebhookDispatcher, type WebhookEndpoint } from './webhooks.js';

export interface SandboxOptions {
  /** TCP port; 0 (the default for `startSandbox`) picks a free one */
  port?: number;
  /** interface to listen on (default 127.0.0.1) */
  host?: string;
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
  /** reject signed requests whose Date is further than this from the sandbox clock (ms); default: no check */
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
  /** serve /_sandbox/ only to loopback clients (default true) */
  adminLoopbackOnly?: boolean;
  /** idempotence keys are remembered this long (default 24 h) */
  idempotenceTtlMs?: number;
  /**
   * compile all request schemas before resolving (about 0.5 s). By default they compile in the
   * background right after the server listens, each exactly once per process.
   */
  precompileSchemas?: boolean;
  /** webhook endpoints and delivery tuning */
  webhooks?: {
    endpoints?: WebhookEndpoint[];
    retryBaseMs?: number;
    maxAttempts?: number;
    timeoutMs?: number;
  };
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly apiKeyId: string;
  readonly secretApiKey: string;
  readonly merchantId: string;
  /** direct access for tests and embedding (same state the HTTP API sees) */
  readonly state: SandboxState;
  close(): Promise<void>;
}

interface IdemEntry {
  timestamp: number;
  done: boolean;
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Everything mutable of one sandbox instance. */
export class SandboxState {
  readonly clock = new Clock();
  readonly faults = new Faults();
  readonly webhooks: WebhookDispatcher;
  readonly platform: Platform;
  /** pages of payments by status / merchant without scanning the store (dashboard, GET /_sandbox/payments) */
  readonly paymentIndex: PaymentIndex;
  /** told about every answered request (the terminal log of `connect-sandbox start`) */
  readonly requestListeners = new Set<(r: RequestRecord) => void>();
  readonly keys = new Map<string, ApiKeyConfig>();
  readonly merchants = new Set<string>();
  readonly idempotence = new Map<string, IdemEntry>();
  readonly auth: AuthOptions;
  /** operation ids answered so far (with any status), for coverage checks */
  readonly operationsSeen = new Set<string>();
  /** operation ids answered with a 2xx status so far */
  readonly operationsSucceeded = new Set<string>();

  constructor(
    readonly opts: Required<Pick<SandboxOptions, 'maxBodyBytes' | 'adminLoopbackOnly' | 'idempotenceTtlMs'>>,
    platformOpts: PlatformOptions,
    webhookOpts: { retryBaseMs: number; maxAttempts: number; timeoutMs: number },
  ) {
    this.webhooks = new WebhookDispatcher(webhookOpts, () => this.clock.now());
    this.platform = new Platform(platformOpts, this.clock, this.webhooks);
    this.paymentIndex = new PaymentIndex(this.platform.payments);
    const payments = this.platform.payments;
    this.webhooks.listeners.add((n) => {
      if (n.kind !== 'event' || n.event.resourceKey !== 'payment') return;
      const id = (n.event.resource as { id?: unknown }).id;
      const p = typeof id === 'string' ? payments.get(id) : undefined;
      if (p) this.paymentIndex.touch(p);
    });
    // the Date window compares with real time: clients sign with their own clocks, whatever the sandbox clock says
    this.auth = { keys: this.keys, merchants: this.merchants, dateSkewMs: undefined, now: Date.now };
  }

  /** Forgets all payments, refunds, events, idempotence keys, faults and the clock offset; keeps keys and webhooks. */
  reset(): void {
    this.platform.reset();
    this.paymentIndex.clear();
    this.idempotence.clear();
    this.faults.rules = [];
    this.webhooks.reset();
    this.clock.reset();
    this.operationsSeen.clear();
    this.operationsSucceeded.clear();
  }

  /** Settles everything pending now (800 -> PAID, refunds, payouts); returns how many objects moved. */
  settle(): number {
    return this.platform.settle(true);
  }

  /** Moves the clock forward and lets everything that became due happen (settlement, expiry). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.platform.settle();
  }
}

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;
const EMPTY_QUERY: URLSearchParams = new URLSearchParams();
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MUTATING = new Set(['POST', 'PUT']);

let catalogueHandler:
  | ((opId: string, req: CatalogueRequest) => { status: number; body: unknown } | undefined)
  | undefined = handleCatalogueOperation;

interface CatalogueRequest {
  merchantId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** Replaces the catalogue module (products, groups, services, ...); the built-in one is used by default. */
export function setCatalogueHandler(h: typeof catalogueHandler): void {
  catalogueHandler = h;
}

/** Starts a sandbox. Resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const apiKeyId = options.apiKeyId ?? 'sandbox-api-key-id';
  const secretApiKey = options.secretApiKey ?? 'sandbox-secret-api-key';
  const merchantId = options.merchantId ?? '1234';
  const host = options.host ?? '127.0.0.1';
  for (const [name, v] of [
    ['apiKeyId', apiKeyId],
    ['secretApiKey', secretApiKey],
    ['merchantId', merchantId],
  ] as const) {
    if (typeof v !== 'string' || v === '' || v.includes(':') || /\s/.test(v)) {
      throw new TypeError(`${name} must be a non-empty string without ':' or whitespace`);
    }
  }
  const state = new SandboxState(
    {
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      adminLoopbackOnly: options.adminLoopbackOnly ?? true,
      idempotenceTtlMs: options.idempotenceTtlMs ?? 24 * 3600_000,
    },
    {
      settleDelayMs: options.settleDelayMs ?? 3600_000,
      hostedCheckoutTtlMs: options.hostedCheckoutTtlMs ?? 2 * 3600_000,
      sessionTtlMs: options.sessionTtlMs ?? 2 * 3600_000,
      refundsRequireApproval: options.refundsRequireApproval ?? true,
      payoutsRequireApproval: options.payoutsRequireApproval ?? true,
    },
    {
      retryBaseMs: options.webhooks?.retryBaseMs ?? 1000,
      maxAttempts: options.webhooks?.maxAttempts ?? 5,
      timeoutMs: options.webhooks?.timeoutMs ?? 5000,
    },
  );
  state.auth.dateSkewMs = options.dateSkewMs;
  state.merchants.add(merchantId);
  for (const m of options.merchants ?? []) state.merchants.add(m);
  state.keys.set(apiKeyId, { apiKeyId, secretApiKey, merchantIds: [merchantId] });
  for (const k of options.keys ?? []) {
    state.keys.set(k.apiKeyId, k);
    if (k.merchantIds !== '*') for (const m of k.merchantIds) state.merchants.add(m);
  }
  for (const ep of options.webhooks?.endpoints ?? []) state.webhooks.addEndpoint({ ...ep });
  if (options.precompileSchemas) validators();

  const router = new Router();
  const sockets = new Set<Socket>();
  // insecureHTTPParser: accept obs-folded header values (clients that put a line break in an X-GCS
  // value send them; the v1HMAC canonicalisation exists for exactly that) instead of a bare 400
  const dashboard = createDashboard(
    sourceFromState(state, () => url),
    { loopbackOnly: state.opts.adminLoopbackOnly },
  );
  const server: Server = createServer({ keepAliveTimeout: 65_000, insecureHTTPParser: true }, (req, res) => {
    handleRequest(state, router, dashboard, req, res, baseUrlOf(req, url)).catch(() => {
      safeEnd(res, 500, internalError().toBody());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  warmUpValidators();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const ticker = setInterval(() => {
    const due = state.platform.nextDue();
    if (due !== undefined && due <= state.clock.now()) state.platform.settle();
  }, 1000);
  ticker.unref();

  return {
    url,
    host,
    port,
    apiKeyId,
    secretApiKey,
    merchantId,
    state,
    async close() {
      clearInterval(ticker);
      dashboard.close();
      await state.webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

let lastHost: string | undefined;
let lastBase = '';

function baseUrlOf(req: IncomingMessage, fallback: string): string {
  const h = req.headers.host;
  if (h !== undefined && h === lastHost) return lastBase;
  if (h === undefined || !/^[A-Za-z0-9.\-[\]:]+$/.test(h)) return fallback;
  lastHost = h;
  lastBase = `http://${h}`;
  return lastBase;
}

function safeEnd(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      resolve(over ? 'too-large' : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function sendResult(res: ServerResponse, r: OpResult, extraHeaders?: Record<string, string>): string {
  if (r.raw) {
    const headers: Record<string, string | number> = {
      'Content-Type': r.raw.contentType,
      'Content-Length': r.raw.data.length,
      ...extraHeaders,
    };
    if (r.raw.filename !== undefined) headers['Content-Disposition'] = contentDisposition(r.raw.filename);
    res.writeHead(r.status, headers);
    res.end(r.raw.data);
    return '';
  }
  if (r.body === undefined || r.status === 204) {
    res.writeHead(r.status, { ...r.headers, ...extraHeaders });
    res.end();
    return '';
  }
  const text = JSON.stringify(r.body);
  // a flat [name, value, ...] list is the cheapest form for node:http on the hot path
  const h: (string | number)[] = ['Content-Type', 'application/json', 'Content-Length', Buffer.byteLength(text)];
  if (r.headers) for (const k in r.headers) h.push(k, r.headers[k] as string);
  if (extraHeaders) for (const k in extraHeaders) h.push(k, extraHeaders[k] as string);
  res.writeHead(r.status, h);
  res.end(text);
  return text;
}

/** `attachment; filename="ascii"; filename*=UTF-8''encoded` (RFC 6266), safe for any file name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === name
    ? `attachment; filename="${name}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function errorResult(e: unknown): OpResult {
  const err = e instanceof SandboxError ? e : internalError();
  return err.headers
    ? { status: err.status, body: err.toBody(), headers: err.headers }
    : { status: err.status, body: err.toBody() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handleRequest(
  state: SandboxState,
  router: Router,
  dashboard: Dashboard,
  req: IncomingMessage,
  res: ServerResponse,
  baseUrl: string,
): Promise<void> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : undefined;
  const method = (req.method ?? 'GET').toUpperCase();
  // the record is built only when someone listens (the throughput path stays as it was)
  const rec: RequestRecord | undefined =
    state.requestListeners.size > 0
      ? {
          at: Date.now(),
          method,
          path: rawPath,
          operation: undefined,
          merchantId: undefined,
          status: 0,
          durationMs: 0,
          replay: false,
          fault: undefined,
        }
      : undefined;
  if (rec) {
    const started = performance.now();
    const done = () => {
      rec.status = res.headersSent ? res.statusCode : 0;
      rec.durationMs = Math.round((performance.now() - started) * 10) / 10;
      for (const l of state.requestListeners) l(rec);
    };
    res.once('close', done);
  }

  if (rawPath.startsWith('/_sandbox')) {
    if (rec) rec.operation = 'admin';
    if (state.opts.adminLoopbackOnly && !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      sendResult(
        res,
        errorResult(
          new SandboxError(403, [
            { code: '9007', id: 'ADMIN_LOOPBACK_ONLY', message: 'the admin API only answers loopback clients' },
          ]),
        ),
      );
      return;
    }
    const body = await readBody(req, state.opts.maxBodyBytes);
    sendResult(
      res,
      await handleAdmin(state, method, rawPath, rawQuery, body === 'too-large' ? Buffer.alloc(0) : body, baseUrl),
    );
    return;
  }
  if (!rawPath.startsWith('/v1/') && !rawPath.startsWith('/files/v1/')) {
    if (rec) rec.operation = 'dashboard';
    if (await dashboard.handle(req, res, rawPath, rawQuery)) return;
    if (rec) rec.operation = undefined;
    const body = await readBody(req, state.opts.maxBodyBytes);
    const page = handlePages(state, method, rawPath, rawQuery, body === 'too-large' ? Buffer.alloc(0) : body, baseUrl);
    if (page) {
      if (rec) rec.operation = 'page';
      res.writeHead(page.status, page.headers);
      res.end(page.body);
      return;
    }
  }

  let op: OperationDef;
  let pathParams: Record<string, string>;
  try {
    // HEAD is answered as the GET (node:http leaves the body out); the signature still covers "HEAD"
    const m = router.match(method === 'HEAD' ? 'GET' : method, rawPath);
    op = m.op;
    pathParams = m.pathParams;
  } catch (e) {
    req.resume();
    sendResult(res, errorResult(e));
    return;
  }
  state.operationsSeen.add(op.id);
  if (rec) {
    rec.operation = op.id;
    rec.merchantId = pathParams['merchantId'];
  }

  const fault = state.faults.take(op.id, method, rawPath);
  if (rec && fault) rec.fault = fault.id;
  if (fault?.reset) {
    req.socket.destroy();
    return;
  }
  if (fault?.status !== undefined) {
    if (fault.delayMs) await sleep(fault.delayMs);
    req.resume();
    const err = new SandboxError(fault.status, [
      {
        code: fault.status === 503 ? '9998' : '9999',
        id: fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'UNKNOWN_SERVER_ERROR',
        category: 'CONNECT_PLATFORM_ERROR',
        message: `injected fault (HTTP ${fault.status})`,
      },
    ]);
    sendResult(
      res,
      { status: err.status, body: err.toBody() },
      fault.retryAfter === undefined ? undefined : { 'Retry-After': String(fault.retryAfter) },
    );
    return;
  }

  const limit =
    op.requestContentType === 'multipart/form-data'
      ? Math.max(state.opts.maxBodyBytes, 10 * 1024 * 1024)
      : state.opts.maxBodyBytes;
  const raw = await readBody(req, limit);
  const merchantId = pathParams['merchantId'] ?? '';
  let idemKey: string | undefined;
  let entry: IdemEntry | undefined;
  try {
    if (raw === 'too-large') {
      throw new SandboxError(413, [
        {
          code: '21000060',
          id: 'REQUEST_TOO_LARGE',
          category: 'CONNECT_PLATFORM_ERROR',
          message: `request body larger than ${limit} bytes`,
        },
      ]);
    }
    verifyRequest(state.auth, method, req.headers, req.rawHeaders, rawPath, rawQuery, merchantId);

    // idempotence: replay or 409 while the first is in flight
    const keyHeader = req.headers['x-gcs-idempotence-key'];
    if (keyHeader !== undefined && MUTATING.has(method)) {
      const key = Array.isArray(keyHeader) ? (keyHeader[0] ?? '') : keyHeader;
      if (key.length === 0 || key.length > 40 || !/^[\x20-\x7e]+$/.test(key)) {
        throw badRequest('X-GCS-Idempotence-Key must be 1-40 printable ASCII characters', 'X-GCS-Idempotence-Key');
      }
      idemKey = `${merchantId}\n${key}`;
      const prev = state.idempotence.get(idemKey);
      const now = state.clock.now();
      if (prev && now - prev.timestamp < state.opts.idempotenceTtlMs) {
        const tsHeader = { 'X-GCS-Idempotence-Request-Timestamp': String(prev.timestamp) };
        if (!prev.done) {
          const err = duplicateInProgress();
          sendResult(res, { status: 409, body: err.toBody() }, tsHeader);
          return;
        }
        if (rec) rec.replay = true;
        res.writeHead(prev.status, { ...prev.headers, ...tsHeader });
        res.end(prev.body);
        return;
      }
      entry = { timestamp: now, done: false, status: 0, body: '', headers: {} };
      state.idempotence.set(idemKey, entry);
      if (state.idempotence.size > 100_000) sweepIdempotence(state, now);
    }
    if (fault?.delayMs) await sleep(fault.delayMs);

    // body
    let body: unknown;
    const contentType = req.headers['content-type'];
    if (op.requestContentType === 'application/json') {
      if (raw.length > 0) {
        if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType)) {
          throw new SandboxError(415, [
            {
              code: '21000070',
              id: 'UNSUPPORTED_MEDIA_TYPE',
              category: 'CONNECT_PLATFORM_ERROR',
              message: `Content-Type ${contentType} is not supported; send application/json`,
            },
          ]);
        }
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw badRequest('the request body is not valid JSON', undefined, '21000040', 'INVALID_JSON');
        }
        validateBody(op.requestBody as string, body);
      } else {
        body = {};
      }
    } else if (op.requestContentType === null && raw.length > 0 && contentType?.includes('json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest('the request body is not valid JSON', undefined, '21000040', 'INVALID_JSON');
      }
    }

    const due = state.platform.nextDue();
    if (due !== undefined && due <= state.clock.now()) state.platform.settle();

    const opReq: OpRequest = {
      opId: op.id,
      merchantId,
      pathParams,
      query: rawQuery === undefined || rawQuery === '' ? EMPTY_QUERY : new URLSearchParams(rawQuery),
      body,
      rawBody: raw,
      contentType,
      baseUrl,
    };
    let result = state.platform.handle(opReq);
    if (result === undefined) {
      const creq = { merchantId, pathParams, query: opReq.query, body };
      // a replaced catalogue that does not answer an operation falls back to the built-in one
      const r =
        catalogueHandler?.(op.id, creq) ??
        (catalogueHandler === handleCatalogueOperation ? undefined : handleCatalogueOperation(op.id, creq));
      if (r) result = { status: r.status, body: r.body };
    }
    if (result === undefined) throw internalError();
    if (result.status < 300) state.operationsSucceeded.add(op.id);
    finish(res, result, entry);
  } catch (e) {
    finish(res, errorResult(e), entry);
  }
}

function finish(res: ServerResponse, r: OpResult, entry: IdemEntry | undefined): void {
  const text = sendResult(res, r);
  if (entry) {
    entry.done = true;
    entry.status = r.status;
    entry.body = r.raw ? '' : text;
    entry.headers = text === '' ? { ...r.headers } : { ...JSON_HEADERS, ...r.headers };
  }
}

function sweepIdempotence(state: SandboxState, now: number): void {
  for (const [k, v] of state.idempotence) {
    if (now - v.timestamp >= state.opts.idempotenceTtlMs) state.idempotence.delete(k);
  }
}
