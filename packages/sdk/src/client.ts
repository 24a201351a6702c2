/** The Connect client: configuration, per-merchant scopes, the raw request escape hatch, close(). */
import { APIPromise } from './core/api-promise.js';
import { type ConnectConfig, resolveConfig } from './core/config.js';
import { ClientCore, type RawRequestInit } from './core/request.js';
import { encodeMerchantId } from './core/url.js';
import { MerchantClient } from './generated/resources.js';

/**
 * A client for the Connect Server API v1. One instance per API key; it owns a keep-alive connection pool, so
 * create it once and `close()` it on shutdown.
 *
 * ```ts
 * const connect = new Connect({ host, apiKeyId, secretApiKey, integrator });
 * const { payment } = await connect.merchant('1234').payments.create(body, { idempotenceKey: 'order-42' });
 * ```
 */
export class Connect {
  readonly #core: ClientCore;
  readonly #merchants = new Map<string, MerchantClient>();

  constructor(config: ConnectConfig) {
    this.#core = new ClientCore(resolveConfig(config));
  }

  /** All operations of one merchant: `connect.merchant(id).payments.create(...)`. Cached per id. */
  merchant(merchantId: string): MerchantClient {
    let m = this.#merchants.get(merchantId);
    if (m === undefined) {
      encodeMerchantId(merchantId);
      m = new MerchantClient(this.#core, merchantId);
      this.#merchants.set(merchantId, m);
    }
    return m;
  }

  /**
   * A signed request to any path (the escape hatch for calls the typed API does not cover). Same signing,
   * retries, logging and error classes as the typed methods.
   */
  request<T = unknown>(init: RawRequestInit): APIPromise<T> {
    const core = this.#core;
    return new APIPromise<T>(() => core.callPath<T>(init));
  }

  /** Releases pooled connections (waits for in-flight calls). Calls made afterwards fail with CommunicationError. */
  close(): Promise<void> {
    return this.#core.close();
  }

  /**
   * @internal The request core, for the classic (compat) API built on this client: `core.exchange(...)`.
   * Not part of the supported API.
   */
  get core(): ClientCore {
    return this.#core;
  }
}
