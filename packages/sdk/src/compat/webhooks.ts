import { SecretKeyNotAvailableError } from '../webhooks/errors.js';
import type { TypedWebhooksEvent } from '../webhooks/events.js';
import { WebhooksHelper } from '../webhooks/helper.js';
import type { WebhookBody, WebhookHeaders } from '../webhooks/signature.js';

/** `getSecretKey(keyId, callback)` as in connect-sdk-nodejs: callback(error) or callback(null, secretKey). */
export type CompatGetSecretKey = (
  keyId: string,
  callback: (error: Error | null | undefined, secretKey?: string | null) => void,
  // biome-ignore lint/suspicious/noConfusingVoidType: 4.x key functions return nothing (callback style) or a Promise; `undefined` would refuse callbacks typed as returning void
) => void | Promise<string>;

export type CompatWebhooksCallback = (error: Error | null, event: TypedWebhooksEvent | null) => void;

/** The classic webhooks helper: `init({ getSecretKey })`, `unmarshal(body, headers, cb)`, `inMemorySecretKeyStore`. */
export interface CompatWebhooks {
  init(context: { getSecretKey: CompatGetSecretKey }): CompatWebhooks;
  /** Validates the signature only: cb(null) when authentic. Returns a Promise when cb is omitted. */
  validate(body: WebhookBody, requestHeaders: WebhookHeaders, cb: (error: Error | null) => void): void;
  validate(body: WebhookBody, requestHeaders: WebhookHeaders): Promise<void>;
  /** Validates and parses: cb(null, event). Returns a Promise of the event when cb is omitted. */
  unmarshal(body: WebhookBody, requestHeaders: WebhookHeaders, cb: CompatWebhooksCallback): void;
  unmarshal(body: WebhookBody, requestHeaders: WebhookHeaders): Promise<TypedWebhooksEvent>;
  readonly inMemorySecretKeyStore: {
    getSecretKey: CompatGetSecretKey;
    storeSecretKey(keyId: string, secretKey: string): void;
    removeSecretKey(keyId: string): void;
    clear(): void;
  };
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Builds one classic webhooks helper with its own in-memory key store (never shared between instances). */
export function createCompatWebhooks(): CompatWebhooks {
  const keys = new Map<string, string>();
  let getSecretKey: CompatGetSecretKey | undefined;

  const helper = new WebhooksHelper({
    secretKeyStore: {
      getSecretKey(keyId: string): Promise<string> {
        const lookup = getSecretKey;
        if (lookup === undefined) {
          return Promise.reject(
            new Error('webhooks.init({ getSecretKey }) has not been called: the webhooks helper has no secret keys'),
          );
        }
        return new Promise<string>((resolve, reject) => {
          let settled = false;
          const finish = (error: unknown, secretKey: unknown): void => {
            if (settled) return;
            settled = true;
            if (error) reject(toError(error));
            else if (typeof secretKey !== 'string' || secretKey === '') reject(new SecretKeyNotAvailableError(keyId));
            else resolve(secretKey);
          };
          try {
            const returned: unknown = lookup(keyId, (error, secretKey) => finish(error, secretKey));
            // also accept a Promise-returning getSecretKey(keyId), as connect-sdk-nodejs 5.x stores have
            if (returned !== null && typeof (returned as { then?: unknown })?.then === 'function') {
              (returned as Promise<unknown>).then(
                (secretKey) => finish(null, secretKey),
                (error: unknown) => finish(error ?? new SecretKeyNotAvailableError(keyId), undefined),
              );
            }
          } catch (e) {
            if (!settled) {
              settled = true;
              reject(toError(e));
            }
          }
        });
      },
    },
  });

  const inMemorySecretKeyStore = {
    getSecretKey(keyId: string, callback: (error: Error | null, secretKey?: string | null) => void): void {
      const secretKey = keys.get(keyId);
      if (secretKey === undefined) callback(new SecretKeyNotAvailableError(keyId), null);
      else callback(null, secretKey);
    },
    storeSecretKey(keyId: string, secretKey: string): void {
      if (typeof keyId !== 'string' || keyId.trim() === '') throw new Error('keyId is required');
      if (typeof secretKey !== 'string' || secretKey.trim() === '') throw new Error('secretKey is required');
      keys.set(keyId, secretKey);
    },
    removeSecretKey(keyId: string): void {
      keys.delete(keyId);
    },
    clear(): void {
      keys.clear();
    },
  };

  const webhooks: CompatWebhooks = {
    init(context: { getSecretKey: CompatGetSecretKey }): CompatWebhooks {
      if (!context || typeof context.getSecretKey !== 'function') {
        throw new Error('no valid secret key store given: webhooks.init({ getSecretKey: function (keyId, callback) })');
      }
      getSecretKey = context.getSecretKey;
      return webhooks;
    },
    validate(
      body: WebhookBody,
      requestHeaders: WebhookHeaders,
      cb?: (error: Error | null) => void,
    ): Promise<void> | undefined {
      const promise = helper.validate(body, requestHeaders);
      if (cb === undefined) return promise;
      promise.then(
        () => cb(null),
        (e: unknown) => cb(toError(e)),
      );
      return undefined;
    },
    unmarshal(
      body: WebhookBody,
      requestHeaders: WebhookHeaders,
      cb?: CompatWebhooksCallback,
    ): Promise<TypedWebhooksEvent> | undefined {
      // validation errors of the arguments themselves (e.g. a parsed object instead of the raw body) also go to cb
      const promise = Promise.resolve().then(() => helper.unmarshal(body, requestHeaders));
      if (cb === undefined) return promise;
      promise.then(
        (event) => cb(null, event),
        (e: unknown) => cb(toError(e), null),
      );
      return undefined;
    },
    inMemorySecretKeyStore,
  } as CompatWebhooks;
  return webhooks;
}
