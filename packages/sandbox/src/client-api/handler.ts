/**
 * One Client API exchange: what the platform's browser Client SDK calls under the session's
 * `clientApiUrl` (`/client/v1/{customerId}/...`), plus the images under `assetUrl` (`/client-assets/`).
 * Every answer is JSON with CORS headers (errors too); every OPTIONS is a preflight.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { internalError, invalidJson, methodNotAllowed, SandboxError, unknownRoute } from '../domain/errors.js';
import { assetSvg } from './assets.js';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from './cors.js';
import { type ClientApiDeps, matchRoute } from './routes.js';
import { authenticate } from './session-auth.js';

export const CLIENT_API_PREFIX = '/client/';
export const ASSET_PREFIX = '/client-assets/';

export interface ClientApiRequest {
  readonly method: string;
  /** raw path, without the query */
  readonly path: string;
  readonly rawQuery: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface ClientApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function json(status: number, body: unknown): ClientApiResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...CORS_HEADERS }, body: JSON.stringify(body) };
}

/** Whether a path belongs to this surface (the SDK's `//client/v1` from a trailing-slash clientApiUrl included). */
export function isClientApiPath(path: string): boolean {
  const p = path.replace(/^\/+/, '/');
  return p.startsWith(CLIENT_API_PREFIX) || p.startsWith(ASSET_PREFIX);
}

/** Answers one Client API or asset request. Never throws; unexpected failures become a platform 500. */
export async function handleClientApi(deps: ClientApiDeps, req: ClientApiRequest): Promise<ClientApiResponse> {
  // a clientApiUrl with a trailing slash makes the SDK request //client/v1/...: treat it as /client/v1/...
  const path = req.path.replace(/^\/+/, '/');
  if (req.method === 'OPTIONS') return { status: 204, headers: { ...PREFLIGHT_HEADERS }, body: '' };
  try {
    if (path.startsWith(ASSET_PREFIX)) {
      const svg = req.method === 'GET' || req.method === 'HEAD' ? assetSvg(path.slice(ASSET_PREFIX.length)) : undefined;
      if (svg === undefined) throw unknownRoute(req.method, path.slice(0, 120));
      return {
        status: 200,
        headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=3600', ...CORS_HEADERS },
        body: svg,
      };
    }
    const m = /^\/client\/v1\/([^/]+)\/(.+)$/.exec(path);
    if (!m) throw unknownRoute(req.method, path.slice(0, 120));
    const [, customerId = '', rest = ''] = m;
    const match = matchRoute(req.method === 'HEAD' ? 'GET' : req.method, rest);
    if (match === undefined) throw unknownRoute(req.method, path.slice(0, 120));
    if ('allowed' in match) throw methodNotAllowed(req.method, path.slice(0, 120), match.allowed);
    const session = authenticate(req.headers, customerId, (id) => deps.session(id), deps.now());
    let body: unknown;
    if (match.op.method === 'POST') {
      try {
        body = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
      } catch {
        throw invalidJson();
      }
    }
    // unknown query parameters (the SDK's cacheBust) are ignored by every handler
    const query = new URLSearchParams(req.rawQuery ?? '');
    const out = await match.handle({ deps, session, params: match.params, query, body });
    return json(200, out);
  } catch (e) {
    const err = e instanceof SandboxError ? e : internalError();
    const res = json(err.status, err.toBody());
    return err.headers ? { ...res, headers: { ...res.headers, ...err.headers } } : res;
  }
}
