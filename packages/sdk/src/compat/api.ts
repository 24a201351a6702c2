/** The classic SDK object, built from the generated operation table over any CompatTransport. */
import { obfuscate as obfuscateRules } from '../core/obfuscation.js';
import { legacyOperationNames, type OperationDef, operations } from '../generated/operations.js';
import type {
  CompatContext,
  CompatGroupName,
  CompatGroups,
  CompatInitContext,
  CompatOperation,
  CompatRawResponse,
  CompatTransport,
  CompatTransportFactory,
  ConnectSdk,
  PaymentContext,
  SdkCallback,
  SdkResponse,
} from './types.js';
import { createCompatWebhooks } from './webhooks.js';

/** The classic group and operation names (connect-sdk-nodejs 4.x), from the generated operation table. */
export const COMPAT_OPERATION_NAMES = legacyOperationNames;

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
  const byGroup: Record<string, CompatGroups[CompatGroupName]> = {};
  for (const name of Object.keys(legacyOperationNames)) {
    byGroup[name] = (groups[name] ?? Object.freeze({})) as unknown as CompatGroups[CompatGroupName];
  }

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
    ...(byGroup as CompatGroups),
    async close(): Promise<void> {
      const current = transport;
      transport = undefined;
      if (current) await current.close();
    },
  };
  return sdk;
}
