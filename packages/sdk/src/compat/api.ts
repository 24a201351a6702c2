import { type ObfuscationRule, obfuscate as obfuscateRules } from '../core/obfuscation.js';
import { legacyOperationNames, type OperationDef, operations } from '../generated/operations.js';
import type { CompatRawResponse, CompatTransport, CompatTransportFactory } from './transport.js';
import { type CompatWebhooks, createCompatWebhooks } from './webhooks.js';

/** What `connectSdk.init(...)` takes (the connect-sdk-nodejs 4.x context). */
export interface CompatInitContext {
  /** Host name of the API, e.g. `api.preprod.connect.worldline-solutions.com` (required). */
  host: string;
  /** `https` (default) or `http`. */
  scheme?: 'https' | 'http';
  /** Defaults to 443 for https and 80 for http; a string of digits (e.g. from an environment variable) works too. */
  port?: number | string;
  /** Log requests and responses (obfuscated) through `logger`; default false. */
  enableLogging?: boolean;
  /** An object with `info`, `warn` and `error` methods; console when undefined. */
  logger?: CompatLogger;
  apiKeyId: string;
  secretApiKey: string;
  /** Your company name (required, sent in X-GCS-ServerMetaInfo). */
  integrator: string;
  shoppingCartExtension?: { creator: string; name: string; version: string; extensionId?: string };
  /** Custom obfuscation rules by property/header name, e.g. `{ email: connectSdk.obfuscate.all() }`. */
  obfuscationRules?: Record<string, ObfuscationRule>;
  /** Extensions beyond 4.x: request timeout (ms) and retries (default 0, as 4.x never retries). */
  timeoutMs?: number;
  maxRetries?: number;
}

export interface CompatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The response handed to callbacks: `isSuccess` is true for 2xx. Declines and API errors are responses, not errors. */
export interface SdkResponse<T = unknown> {
  status: number;
  body: T;
  isSuccess: boolean;
  /** For files.getFile: the file's metadata (body is then a readable stream). */
  file?: { contentType: string | undefined; contentLength: number | undefined; filename: string | undefined };
}

export type SdkCallback<T = unknown> = (error: Error | null, sdkResponse: SdkResponse<T> | null) => void;

/**
 * `paymentContext` of the classic API: `idemPotence` (or `idempotence`) `{ key }` sends
 * `X-GCS-Idempotence-Key`; `extraHeaders` adds X-GCS-* headers; every other property is a query parameter
 * (arrays repeat the parameter), e.g. `{ countryCode: 'NL', currencyCode: 'EUR' }` for products.find.
 */
export interface PaymentContext {
  idemPotence?: { key: string; requestTimestamp?: string };
  idempotence?: { key: string; requestTimestamp?: string };
  extraHeaders?: { key: string; value: string }[];
  [queryParameter: string]: unknown;
}

/**
 * A classic operation: `(merchantId, ...ids, body?, paymentContext?, cb?)`. With a callback as the last
 * argument it returns nothing; without one it returns a Promise of the response.
 */
export interface CompatOperation {
  // biome-ignore lint/suspicious/noExplicitAny: the classic API is positional and untyped by design (as 4.x)
  (...args: [...any[], SdkCallback]): void;
  // biome-ignore lint/suspicious/noExplicitAny: the classic API is positional and untyped by design (as 4.x)
  (...args: any[]): Promise<SdkResponse>;
}

export type CompatGroup = Readonly<Record<string, CompatOperation>>;

/** The classic group and operation names (connect-sdk-nodejs 4.x), from the generated operation table. */
export const COMPAT_OPERATION_NAMES = legacyOperationNames;

/** The operations of each classic group, by their 4.x names. */
export type CompatGroups = {
  readonly [G in keyof typeof COMPAT_OPERATION_NAMES]: {
    readonly [N in (typeof COMPAT_OPERATION_NAMES)[G][number]]: CompatOperation;
  };
};

/** `connectSdk.context`: the idempotence timestamp of the last response that carried one. */
export interface CompatContext {
  /** `X-GCS-Idempotence-Request-Timestamp` of the latest response (undefined when it had none). */
  getIdempotenceRequestTimestamp(): string | undefined;
  setIdempotenceRequestTimestamp(timestamp: string | undefined): void;
  isLoggingEnabled(): boolean;
}

export interface ConnectSdk {
  init(context: CompatInitContext): ConnectSdk;
  readonly context: CompatContext;
  readonly webhooks: CompatWebhooks;
  readonly obfuscate: {
    all(): ObfuscationRule;
    allButLast(count: number): ObfuscationRule;
    allButFirst(count: number): ObfuscationRule;
    withFixedLength(count: number): ObfuscationRule;
  };
  readonly hostedcheckouts: Readonly<CompatGroups['hostedcheckouts']>;
  readonly hostedmandatemanagements: Readonly<CompatGroups['hostedmandatemanagements']>;
  readonly payments: Readonly<CompatGroups['payments']>;
  readonly captures: Readonly<CompatGroups['captures']>;
  readonly refunds: Readonly<CompatGroups['refunds']>;
  readonly disputes: Readonly<CompatGroups['disputes']>;
  readonly payouts: Readonly<CompatGroups['payouts']>;
  readonly productgroups: Readonly<CompatGroups['productgroups']>;
  readonly products: Readonly<CompatGroups['products']>;
  readonly riskassessments: Readonly<CompatGroups['riskassessments']>;
  readonly services: Readonly<CompatGroups['services']>;
  readonly tokens: Readonly<CompatGroups['tokens']>;
  readonly mandates: Readonly<CompatGroups['mandates']>;
  readonly sessions: Readonly<CompatGroups['sessions']>;
  readonly installments: Readonly<CompatGroups['installments']>;
  readonly files: Readonly<CompatGroups['files']>;
  /** Releases pooled connections (not in 4.x, which opened a connection per call). */
  close(): Promise<void>;
}

const RESERVED_CONTEXT_KEYS = new Set(['idemPotence', 'idempotence', 'extraHeaders']);

function describeValue(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function isNonEmptyId(v: unknown): v is string | number {
  return (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));
}

type QueryValue = string | number | boolean | (string | number | boolean)[];

function splitPaymentContext(
  op: OperationDef,
  paymentContext: unknown,
): {
  query: Record<string, QueryValue> | undefined;
  idempotence: { key: string; requestTimestamp?: string } | undefined;
  headers: Record<string, string> | undefined;
} {
  if (paymentContext === undefined || paymentContext === null) {
    return { query: undefined, idempotence: undefined, headers: undefined };
  }
  if (typeof paymentContext !== 'object' || Array.isArray(paymentContext)) {
    throw new TypeError(
      `${op.legacyGroup}.${op.legacyName}: paymentContext must be an object (or null), got ${describeValue(paymentContext)}`,
    );
  }
  const ctx = paymentContext as PaymentContext;
  const idempotence = ctx.idemPotence ?? ctx.idempotence;
  if (idempotence !== undefined && idempotence !== null) {
    if (typeof idempotence !== 'object' || typeof idempotence.key !== 'string' || idempotence.key.trim() === '') {
      throw new TypeError(
        `${op.legacyGroup}.${op.legacyName}: paymentContext.idemPotence must be { key: '<non-empty string>' }`,
      );
    }
  }
  let headers: Record<string, string> | undefined;
  if (ctx.extraHeaders !== undefined && ctx.extraHeaders !== null) {
    if (!Array.isArray(ctx.extraHeaders)) {
      throw new TypeError(
        `${op.legacyGroup}.${op.legacyName}: paymentContext.extraHeaders must be an array of { key, value }`,
      );
    }
    headers = {};
    for (const h of ctx.extraHeaders) {
      if (!h || typeof h.key !== 'string' || typeof h.value !== 'string') {
        throw new TypeError(
          `${op.legacyGroup}.${op.legacyName}: every extraHeaders entry must be { key: string, value: string }`,
        );
      }
      headers[h.key] = h.value;
    }
  }
  let query: Record<string, QueryValue> | undefined;
  for (const [name, value] of Object.entries(ctx)) {
    if (RESERVED_CONTEXT_KEYS.has(name) || value === undefined || value === null) continue;
    const ok = (v: unknown): v is string | number | boolean =>
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (Array.isArray(value) ? !value.every(ok) : !ok(value)) {
      throw new TypeError(
        `${op.legacyGroup}.${op.legacyName}: query parameter '${name}' in paymentContext must be a string, number, boolean or an array of them`,
      );
    }
    query ??= {};
    query[name] = value as QueryValue;
  }
  return { query, idempotence: idempotence ?? undefined, headers };
}

function toSdkResponse(raw: CompatRawResponse): SdkResponse {
  const response: SdkResponse = {
    status: raw.status,
    body: raw.body,
    isSuccess: raw.status >= 200 && raw.status < 300,
  };
  if (raw.file !== undefined) response.file = raw.file;
  return response;
}

/** Converts the 4.x upload body `{ file: { fileName, contentType, content, contentLength? } }`. */
function convertUploadBody(op: OperationDef, body: unknown): unknown {
  if (op.requestContentType !== 'multipart/form-data') return body;
  const file = (body as { file?: unknown } | null)?.file;
  if (file === null || typeof file !== 'object') {
    throw new TypeError(
      `${op.legacyGroup}.${op.legacyName}: body must be { file: { fileName, contentType, content } } (content a Buffer or stream)`,
    );
  }
  const f = file as { fileName?: unknown; contentType?: unknown; content?: unknown };
  if (typeof f.fileName !== 'string' || f.fileName === '') throw new TypeError('file: fileName is required');
  if (typeof f.contentType !== 'string' || f.contentType === '') throw new TypeError('file: contentType is required');
  if (f.content === undefined || f.content === null) throw new TypeError('file: content is required');
  const content = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
  return { file: content, filename: f.fileName, contentType: f.contentType };
}

/**
 * Creates an independent classic SDK object (its own configuration, idempotence context and webhook keys).
 * `require('connect-server-sdk/compat')` is one such object; call this for more.
 */
export function createConnectSdk(transportFactory: CompatTransportFactory): ConnectSdk {
  let transport: CompatTransport | undefined;
  let loggingEnabled = false;
  let idempotenceRequestTimestamp: string | undefined;

  const context: CompatContext = {
    getIdempotenceRequestTimestamp: () => idempotenceRequestTimestamp,
    setIdempotenceRequestTimestamp: (ts) => {
      idempotenceRequestTimestamp = ts;
    },
    isLoggingEnabled: () => loggingEnabled,
  };

  function makeOperation(op: OperationDef): CompatOperation {
    const ids = op.pathParams.length; // includes merchantId
    const hasBody = op.requestBody !== null;
    const positional = ids + (hasBody ? 1 : 0);
    const signature = `${op.legacyGroup}.${op.legacyName}(${[
      ...op.pathParams.map((p) => p.name),
      ...(hasBody ? ['body'] : []),
      'paymentContext',
      'cb',
    ].join(', ')})`;

    const operation = (...args: unknown[]): Promise<SdkResponse> | undefined => {
      let cb: SdkCallback | undefined;
      if (args.length > 0 && typeof args[args.length - 1] === 'function') cb = args.pop() as SdkCallback;
      if (args.length > positional + 1) {
        throw new TypeError(`${signature}: too many arguments (${args.length + (cb ? 1 : 0)})`);
      }
      const pathValues: string[] = [];
      for (let i = 0; i < ids; i++) {
        const v = args[i];
        if (!isNonEmptyId(v)) {
          throw new TypeError(`${signature}: ${op.pathParams[i]!.name} is required (got ${describeValue(v)})`);
        }
        pathValues.push(String(v));
      }
      let body: unknown;
      if (hasBody) {
        body = args[ids];
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new TypeError(`${signature}: body must be a ${op.requestBody} object (got ${describeValue(body)})`);
        }
        body = convertUploadBody(op, body);
      }
      const paymentContext = args[positional];
      const { query, idempotence, headers } = splitPaymentContext(op, paymentContext);
      const current = transport;
      if (current === undefined) {
        throw new Error(`connectSdk.init({...}) must be called before ${op.legacyGroup}.${op.legacyName}`);
      }
      const sent = current.send(op, pathValues.slice(1), pathValues[0]!, query, body, {
        ...(idempotence ? { idempotenceKey: idempotence.key } : {}),
        ...(headers ? { headers } : {}),
      });
      const settle = (raw: CompatRawResponse): SdkResponse => {
        const ts = raw.idempotenceRequestTimestamp === undefined ? undefined : String(raw.idempotenceRequestTimestamp);
        idempotenceRequestTimestamp = ts;
        if (ts !== undefined && idempotence) idempotence.requestTimestamp = ts;
        return toSdkResponse(raw);
      };
      if (cb === undefined) return sent.then(settle);
      const callback = cb;
      // the callback runs in the same tick as the context update, so that
      // context.getIdempotenceRequestTimestamp() inside it belongs to this response
      sent.then(
        (raw) => callback(null, settle(raw)),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
      return undefined;
    };
    return operation as CompatOperation;
  }

  const groups: Record<string, Record<string, CompatOperation>> = {};
  for (const op of operations) {
    let group = groups[op.legacyGroup];
    if (group === undefined) {
      group = {};
      groups[op.legacyGroup] = group;
    }
    group[op.legacyName] = makeOperation(op);
  }
  for (const g of Object.values(groups)) Object.freeze(g);
  const group = <K extends keyof CompatGroups>(name: K): CompatGroups[K] =>
    (groups[name] ?? Object.freeze({})) as unknown as CompatGroups[K];

  const sdk: ConnectSdk = {
    init(ctx: CompatInitContext): ConnectSdk {
      if (ctx === null || typeof ctx !== 'object') {
        throw new TypeError(
          'connectSdk.init needs a context object: { host, scheme, port, apiKeyId, secretApiKey, integrator }',
        );
      }
      const next = transportFactory(ctx);
      const previous = transport;
      transport = next;
      loggingEnabled = ctx.enableLogging === true;
      idempotenceRequestTimestamp = undefined;
      if (previous) void previous.close().catch(() => {});
      return sdk;
    },
    context,
    webhooks: createCompatWebhooks(),
    obfuscate: {
      all: () => obfuscateRules.all(),
      allButLast: (count: number) => obfuscateRules.allButLast(count),
      allButFirst: (count: number) => obfuscateRules.allButFirst(count),
      withFixedLength: (count: number) => obfuscateRules.withFixedLength(count),
    },
    hostedcheckouts: group('hostedcheckouts'),
    hostedmandatemanagements: group('hostedmandatemanagements'),
    payments: group('payments'),
    captures: group('captures'),
    refunds: group('refunds'),
    disputes: group('disputes'),
    payouts: group('payouts'),
    productgroups: group('productgroups'),
    products: group('products'),
    riskassessments: group('riskassessments'),
    services: group('services'),
    tokens: group('tokens'),
    mandates: group('mandates'),
    sessions: group('sessions'),
    installments: group('installments'),
    files: group('files'),
    async close(): Promise<void> {
      const current = transport;
      transport = undefined;
      if (current) await current.close();
    },
  };
  return sdk;
}
