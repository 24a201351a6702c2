/** The admin surface: `/_sandbox` routed through the table in routes.ts (loopback clients only by default). */
import type { SandboxContext } from '../context.js';
import { adminLoopbackOnly, badRequest, SandboxError, unknownAdminEndpoint } from '../domain/errors.js';
import { parseJson, readBody } from '../http/body.js';
import type { Exchange, Mount } from '../http/mount.js';
import { sendAnswer, sendError } from '../http/respond.js';
import { RouteTable } from '../http/routes.js';
import { type AdminHandler, routes } from './routes.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PREFIX = '/_sandbox';

export function mount(ctx: SandboxContext): Mount[] {
  const table = new RouteTable<AdminHandler>(routes);
  const handle = async (x: Exchange): Promise<boolean> => {
    if (ctx.options.adminLoopbackOnly && !LOOPBACK.has(x.req.socket.remoteAddress ?? '')) {
      x.req.resume();
      sendError(x.res, adminLoopbackOnly());
      return true;
    }
    const raw = await readBody(x.req, ctx.options.maxBodyBytes);
    try {
      const rel = x.path.slice(PREFIX.length);
      const hit = table.match(x.method, rel === '' ? '/' : rel);
      if (hit === undefined) throw unknownAdminEndpoint(x.method, x.path);
      const answer = await hit.handler(ctx, {
        body: parseJson(raw === 'too-large' ? Buffer.alloc(0) : raw),
        query: new URLSearchParams(x.rawQuery ?? ''),
        params: hit.params,
        baseUrl: ctx.baseUrl(x.req),
      });
      sendAnswer(x.res, answer);
    } catch (e) {
      sendError(x.res, e instanceof SandboxError ? e : badRequest(e instanceof Error ? e.message : 'bad request'));
    }
    return true;
  };
  return [{ prefix: PREFIX, handle }];
}
