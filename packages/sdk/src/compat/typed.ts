/**
 * Types of the classic API (`connect-server-sdk/compat`): the same request and response types as the modern API,
 * for the callback form and the promise form of every operation. Types only, over the unchanged runtime of api.ts.
 */
import type { Readable } from 'node:stream';
import type { CompatTypedGroups } from '../generated/compat-types.js';
import type { ConnectSdk, PaymentContext, SdkResponse } from './types.js';

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

/** The classic SDK object with typed operations (what `require('connect-server-sdk/compat')` gives). */
export type TypedConnectSdk = Omit<ConnectSdk, keyof CompatTypedGroups | 'init'> &
  CompatTypedGroups & {
    init(context: Parameters<ConnectSdk['init']>[0]): TypedConnectSdk;
  };

/** The same object, seen through its typed declarations (no runtime change). */
export function typedConnectSdk(sdk: ConnectSdk): TypedConnectSdk {
  return sdk as unknown as TypedConnectSdk;
}
