import { Readable } from 'node:stream';
import { type ConnectConfig, resolveConfig } from '../core/config.js';
import { CommunicationError } from '../core/errors.js';
import { ClientCore, type RequestOptions } from '../core/request.js';
import { filenameFromDisposition, parseJson, type RawResponse } from '../core/response.js';
import type { CompatInitContext, CompatRawResponse, CompatTransport, CompatTransportFactory } from './types.js';

/** Maps the 4.x init context onto the core configuration (validated there, with clear errors). */
export function compatConfig(context: CompatInitContext): ConnectConfig {
  const c = context as unknown as Record<string, unknown>;
  const enableLogging = c['enableLogging'] === true;
  const config: Record<string, unknown> = {
    host: c['host'],
    apiKeyId: c['apiKeyId'],
    secretApiKey: c['secretApiKey'],
    integrator: c['integrator'],
    // 4.x never retried; keep it that way unless asked (retries also generate idempotence keys for POSTs)
    maxRetries: c['maxRetries'] ?? 0,
    // 4.x logs only with enableLogging: true, then to `logger` or console
    enableLogging,
  };
  for (const name of ['scheme', 'port', 'shoppingCartExtension', 'obfuscationRules', 'timeoutMs', 'proxy'] as const) {
    if (c[name] !== undefined && c[name] !== null) config[name] = c[name];
  }
  // 4.x handed the port to node's http.request, which also takes a string: `port: process.env.CONNECT_PORT`
  if (typeof c['port'] === 'string' && /^\s*\d+\s*$/.test(c['port'])) config['port'] = Number(c['port']);
  if (enableLogging) config['logger'] = c['logger'] ?? console;
  return config as unknown as ConnectConfig;
}

/** The compat transport: the SDK's own ClientCore (signing, pool, logging), through its any-status `exchange`. */
export const coreTransportFactory: CompatTransportFactory = (context: CompatInitContext): CompatTransport => {
  if (context === null || typeof context !== 'object') {
    throw new TypeError(
      'connectSdk.init needs a context object: { host, scheme, port, apiKeyId, secretApiKey, integrator }',
    );
  }
  const core = new ClientCore(resolveConfig(compatConfig(context)));
  return {
    async send(op, pathValues, merchantId, query, body, options): Promise<CompatRawResponse> {
      const requestOptions: RequestOptions = {};
      if (options.idempotenceKey !== undefined) requestOptions.idempotenceKey = options.idempotenceKey;
      if (options.headers !== undefined) requestOptions.headers = options.headers;
      let raw: RawResponse;
      try {
        raw = await core.exchange(op, [merchantId, ...pathValues], query, body, requestOptions);
      } catch (error) {
        // 4.x put the status and the unparsable body on the error (the guide's render() reads them)
        if (error instanceof CommunicationError && error.statusCode !== undefined) {
          Object.assign(error, { status: error.statusCode, body: error.responseBody });
        }
        throw error;
      }
      let responseBody = raw.body;
      if (typeof raw.body === 'string') {
        const text = raw.body;
        // the core keeps a body with a non-JSON content type as text; 4.x parsed every non-binary body as
        // JSON and reported one that does not parse (a proxy's HTML error page, say) as an error carrying
        // status and body (the guide's render() reads them)
        const parsed = parseJson(
          text,
          { status: raw.status, headers: raw.headers, idempotenceKey: undefined, mask: core.maskBody },
          'response body',
          true,
        );
        if (!parsed.ok) throw Object.assign(parsed.error, { status: raw.status, body: parsed.error.responseBody });
        responseBody = parsed.value;
      }
      const response: CompatRawResponse = {
        status: raw.status,
        headers: raw.headers,
        body: responseBody,
        idempotenceRequestTimestamp: raw.idempotenceRequestTimestamp,
      };
      if (raw.body instanceof Readable) {
        const length = raw.headers['content-length'];
        response.file = {
          contentType: raw.headers['content-type'],
          contentLength: length === undefined || !/^\d+$/.test(length) ? undefined : Number(length),
          filename: filenameFromDisposition(raw.headers['content-disposition']),
        };
      }
      return response;
    },
    close: () => core.close(),
  };
};
