/**
 * Types of the classic API (`connect-server-sdk/compat`): the same request and response types as the modern API,
 * for the callback form and the promise form of every operation. Types only, over the unchanged runtime of api.ts.
 */
import type { CompatTypedGroups } from '../generated/compat-types.js';
import type { ConnectSdk } from './types.js';

export type { CompatCallback, CompatPaymentContext, CompatResponse, CompatUploadFileBody } from './types.js';

/** The classic SDK object with typed operations (what `require('connect-server-sdk/compat')` gives). */
export type TypedConnectSdk = Omit<ConnectSdk, keyof CompatTypedGroups | 'init'> &
  CompatTypedGroups & {
    init(context: Parameters<ConnectSdk['init']>[0]): TypedConnectSdk;
  };

/** The same object, seen through its typed declarations (no runtime change). */
export function typedConnectSdk(sdk: ConnectSdk): TypedConnectSdk {
  return sdk as unknown as TypedConnectSdk;
}
