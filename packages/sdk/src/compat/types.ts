/**
 * The types of the classic (compat) API, in one file that imports no compat module: the public shapes (init
 * context, callbacks, responses, the SDK object) and the contract with the transport underneath (CompatTransport).
 */
import type { Readable } from 'node:stream';
import type { ObfuscationRule } from '../core/obfuscation.js';
import type { legacyOperationNames, OperationDef } from '../generated/operations.js';
import type { CompatWebhooks } from './webhooks.js';

/** What `connectSdk.init(...)` takes (the connect-sdk-nodejs 4.x context). */
export interface CompatInitContext {
  /** Host name of the API, e.g. `api.preprod.connect.worldline-solutions.com` (required). */
  host: string;
  /** `https` (default) or `http`. */
  scheme?: 'https' | 'http' | (string & {});
  /** Defaults to 443 for https and 80 for http; a string of digits (e.g. from an environment variable) works too. */
  port?: number | string;
  /** Log requests and responses (obfuscated) through `logger`; default false. */
  enableLogging?: boolean;
  /** An object with `info`, `warn` and `error` methods; console when undefined. */
  logger?: CompatLogger;
  /** `undefined` (an unset environment variable) compiles and is refused by `init`, naming the option. */
  apiKeyId: string | undefined;
  secretApiKey: string | undefined;
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

/** The operations of each classic group, by their 4.x names (the groups: the generated `legacyOperationNames`). */
export type CompatGroups = {
  readonly [G in keyof typeof legacyOperationNames]: {
    readonly [N in (typeof legacyOperationNames)[G][number]]: CompatOperation;
  };
};

/** The name of a classic group (`payments`, `hostedcheckouts`, ...). */
export type CompatGroupName = keyof CompatGroups;

/** `connectSdk.context`: the idempotence timestamp of the last response that carried one. */
export interface CompatContext {
  /** `X-GCS-Idempotence-Request-Timestamp` of the latest response (undefined when it had none). */
  getIdempotenceRequestTimestamp(): string | undefined;
  setIdempotenceRequestTimestamp(timestamp: string | undefined): void;
  isLoggingEnabled(): boolean;
}

/** The classic SDK object: `init`, `context`, `webhooks`, `obfuscate`, `close`, and one member per group. */
export interface ConnectSdk extends CompatGroups {
  init(context: CompatInitContext): ConnectSdk;
  readonly context: CompatContext;
  readonly webhooks: CompatWebhooks;
  readonly obfuscate: {
    all(): ObfuscationRule;
    allButLast(count: number): ObfuscationRule;
    allButFirst(count: number): ObfuscationRule;
    withFixedLength(count: number): ObfuscationRule;
  };
  /** Releases pooled connections (not in 4.x, which opened a connection per call). */
  close(): Promise<void>;
}

/** One HTTP exchange as the classic API needs it: any status is a response; only transport failures reject. */
export interface CompatRawResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, null for an empty body, or a readable stream for binary responses (files.getFile). */
  body: unknown;
  idempotenceRequestTimestamp: number | string | undefined;
  file?: { contentType: string | undefined; contentLength: number | undefined; filename: string | undefined };
}

export interface CompatSendOptions {
  idempotenceKey?: string;
  /** Extra X-GCS-* headers from paymentContext.extraHeaders. */
  headers?: Record<string, string>;
}

export interface CompatTransport {
  send(
    op: OperationDef,
    pathValues: readonly string[],
    merchantId: string,
    query: object | undefined,
    body: unknown,
    options: CompatSendOptions,
  ): Promise<CompatRawResponse>;
  close(): Promise<void>;
}

export type CompatTransportFactory = (context: CompatInitContext) => CompatTransport;

/**
 * What a classic call resolves to: `body` is the typed result when `isSuccess` (2xx), else the platform's error
 * body (a decline included, e.g. a `PaymentErrorResponse` with its `paymentResult`). Narrow on `isSuccess`.
 */
export type CompatResponse<T, E> =
  | (Omit<SdkResponse<T>, 'isSuccess'> & { isSuccess: true })
  | (Omit<SdkResponse<E>, 'isSuccess'> & { isSuccess: false });

/** `cb(error, sdkResponse)`: `error` only when there was no usable response (connection, timeout, non-JSON body). */
export type CompatCallback<T, E> = (error: Error | null, sdkResponse: CompatResponse<T, E> | null) => void;

/** `paymentContext` of an operation: idempotence, extra headers, and the operation's typed query parameters. */
export type CompatPaymentContext<Q extends object = Record<never, never>> = PaymentContext & Partial<Q>;

/** The 4.x upload body of `disputes.uploadFile`. */
export interface CompatUploadFileBody {
  file: {
    fileName: string;
    contentType: string;
    /** The file: a Buffer, a string (UTF-8) or a readable stream. */
    content: Buffer | Uint8Array | string | Readable;
    contentLength?: number;
  };
}
