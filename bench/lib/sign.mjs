// v1HMAC signing: only what every Connect client must do (spec/connect-v1.yaml, securitySchemes.v1HMAC).
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * String-to-sign for a request whose only x-gcs headers are given as [lowerName, value] pairs,
 * already sorted by name. `pathAndQuery` is the raw path (plus decoded query, none here).
 */
export function stringToSign(method, contentType, date, gcsHeaders, pathAndQuery) {
  let s = method + '\n' + contentType + '\n' + date + '\n';
  for (const [name, value] of gcsHeaders) s += name + ':' + value + '\n';
  return s + pathAndQuery + '\n';
}

export function signature(secret, toSign) {
  return createHmac('sha256', secret).update(toSign).digest('base64');
}

/** X-GCS-ServerMetaInfo value, computed once per client. */
export function serverMetaInfo(integrator, sdkIdentifier) {
  const info = {
    sdkCreator: 'connect-toolkit-bench',
    sdkIdentifier,
    platformIdentifier: `${process.platform} Node.js/${process.versions.node}`,
    integrator,
  };
  return Buffer.from(JSON.stringify(info)).toString('base64');
}

/**
 * Server-side check of an Authorization header against the received request (node:http headers,
 * lower-cased names). Returns true when the signature matches.
 */
export function verifyRequest(req, apiKeyId, secret) {
  const auth = req.headers.authorization;
  if (typeof auth !== 'string') return false;
  const prefix = 'GCS v1HMAC:' + apiKeyId + ':';
  if (!auth.startsWith(prefix)) return false;
  const gcs = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name.startsWith('x-gcs')) {
      gcs.push([name, raw[i + 1].replace(/\r?\n[^\S\r\n]*/g, ' ').trim()]);
    }
  }
  gcs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const url = req.url;
  const q = url.indexOf('?');
  const resource = q < 0 ? url : url.slice(0, q) + '?' + decodeURIComponent(url.slice(q + 1));
  const expected = Buffer.from(
    signature(
      secret,
      stringToSign(req.method, req.headers['content-type'] ?? '', req.headers.date ?? '', gcs, resource),
    ),
  );
  const given = Buffer.from(auth.slice(prefix.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
