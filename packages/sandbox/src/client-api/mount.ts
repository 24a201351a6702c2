/** Mounts the Client API surface (`/client/`, and `//client/` from a clientApiUrl with a trailing slash) and its images. */
import type { SandboxContext } from '../context.js';
import { readBody } from '../http/body.js';
import type { Exchange, Mount } from '../http/mount.js';
import { ASSET_PREFIX, CLIENT_API_PREFIX, handleClientApi } from './handler.js';
import type { ClientApiDeps } from './routes.js';

export function mount(ctx: SandboxContext): Mount[] {
  const deps: ClientApiDeps = {
    now: () => ctx.clock.now(),
    session: (id) => ctx.domain.sessions.lookup(id),
    token: (id) => ctx.domain.tokens.lookup(id),
    payment: (id) => ctx.domain.payments.lookup(id),
    publicKey: () => ctx.domain.encryptedInputs.publicKey(),
    catalogue: (opId, req) => ctx.catalogue(opId, req),
  };
  const handle = async (x: Exchange): Promise<boolean> => {
    const raw = await readBody(x.req, ctx.options.maxBodyBytes);
    const r = await handleClientApi(deps, {
      method: x.method,
      path: x.path,
      rawQuery: x.rawQuery,
      headers: x.req.headers,
      body: raw === 'too-large' ? Buffer.alloc(0) : raw,
    });
    x.res.writeHead(r.status, { ...r.headers, 'Content-Length': Buffer.byteLength(r.body) });
    x.res.end(r.body);
    return true;
  };
  return [CLIENT_API_PREFIX, `/${CLIENT_API_PREFIX}`, ASSET_PREFIX].map((prefix) => ({ prefix, handle }));
}
