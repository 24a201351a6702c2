/**
 * The default transport on Node: an undici keep-alive Pool to the platform's origin, or a ProxyAgent when a proxy
 * is configured; TLS options (a private CA in tests) apply to the platform connection either way.
 *
 * Why undici (packages/sdk/bench/transport.mjs, local keep-alive server in a child process, concurrency 16,
 * GET with Date + ServerMetaInfo + HMAC + JSON, best of 3, client CPU per call, 2-core machine under load ~9):
 *   undici Pool 66 µs/call; node:http + keep-alive Agent 72 µs/call (0.92x of undici); this SDK 60-76 µs/call
 *   (1.09x best, ~0.85x typical: within the noise of the raw floor).
 */
import { Readable } from 'node:stream';
import { type buildConnector, type Dispatcher, Pool, ProxyAgent } from 'undici';
import { DEFAULTS, type ResolvedConfig } from './config.js';
import type { Transport, TransportRequest, TransportResponse, TransportSignal } from './transport.js';

/** What the undici transport needs from the configuration. */
export type UndiciTransportOptions = Pick<ResolvedConfig, 'origin' | 'proxy' | 'tls' | 'maxConnections' | 'timeoutMs'>;

/**
 * undici retries a connect that fails with a socket error (UND_ERR_SOCKET) as long as a request is queued, even
 * one whose signal has fired: a proxy that closes every connection after CONNECT is redialled in a tight loop,
 * forever. Reported as a plain connection reset instead, the failure ends the queued requests (and the SDK's
 * retry policy decides, with backoff).
 */
function failOnProxyClose(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) =>
    connect(options, (err, socket) => {
      if (err !== null && (err as { code?: unknown }).code === 'UND_ERR_SOCKET') {
        const reset = Object.assign(new Error(`the proxy closed the connection during CONNECT (${err.message})`), {
          code: 'ECONNRESET',
          cause: err,
        });
        callback(reset, null);
      } else {
        callback(err, socket as never);
      }
    });
}

export class UndiciTransport implements Transport {
  readonly #dispatcher: Dispatcher;

  constructor(config: UndiciTransportOptions) {
    const tls = config.tls
      ? {
          ...(config.tls.ca !== undefined ? { ca: config.tls.ca as string | Buffer | (string | Buffer)[] } : {}),
          ...(config.tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: config.tls.rejectUnauthorized } : {}),
        }
      : undefined;
    this.#dispatcher = config.proxy
      ? new ProxyAgent({
          uri: config.proxy.uri,
          ...(config.proxy.token !== undefined ? { token: config.proxy.token.reveal() } : {}),
          ...(tls ? { requestTls: tls } : {}),
          connections: config.maxConnections,
          keepAliveTimeout: DEFAULTS.keepAliveTimeoutMs,
          // a proxy that never answers CONNECT: give up after the client's timeout, not undici's 300 s default
          clientFactory: (url, options) =>
            new Pool(url, { ...options, headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs }),
          factory: (origin, options) => {
            const o = options as Pool.Options & { connect: buildConnector.connector };
            return new Pool(origin, { ...o, connect: failOnProxyClose(o.connect) });
          },
        })
      : new Pool(config.origin, {
          connections: config.maxConnections,
          keepAliveTimeout: DEFAULTS.keepAliveTimeoutMs,
          ...(tls ? { connect: tls } : {}),
        });
  }

  async send(request: TransportRequest, signal: TransportSignal): Promise<TransportResponse> {
    const b = request.body;
    const res = await this.#dispatcher.request({
      origin: request.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers as Record<string, string>,
      body: b === undefined ? null : typeof b === 'string' || b instanceof Uint8Array ? b : Readable.from(b),
      signal,
      // undici's own timers as a second line: the core's deadline (AttemptDeadline) is the one that counts
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
    });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
