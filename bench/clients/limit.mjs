// The LIMIT: a raw undici Pool doing only what any Connect client must do per call: a Date header,
// the X-GCS-ServerMetaInfo header (computed once), the v1HMAC signature, JSON.stringify of the body
// and JSON.parse of the response. Nothing else.
import { Pool } from 'undici';
import { fromStatusAndBody } from '../lib/outcome.mjs';
import { serverMetaInfo, signature, stringToSign } from '../lib/sign.mjs';

export const label = 'limit (raw undici)';

export async function create(o) {
  const pool = new Pool(`http://${o.host}:${o.port}`, { connections: o.concurrency, pipelining: 1 });
  const meta = serverMetaInfo(o.integrator, 'BenchLimit/1.0');
  const gcs = [['x-gcs-servermetainfo', meta]];
  const path = `/v1/${o.merchantId}/payments`;
  const authPrefix = `GCS v1HMAC:${o.apiKeyId}:`;
  return {
    async createPayment(body) {
      const date = new Date().toUTCString();
      const payload = JSON.stringify(body);
      const authorization =
        authPrefix + signature(o.secretApiKey, stringToSign('POST', 'application/json', date, gcs, path));
      const res = await pool.request({
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          date,
          'x-gcs-servermetainfo': meta,
          authorization,
        },
        body: payload,
      });
      const text = await res.body.text();
      return fromStatusAndBody(res.statusCode, text ? JSON.parse(text) : null);
    },
    close: () => pool.close(),
  };
}
