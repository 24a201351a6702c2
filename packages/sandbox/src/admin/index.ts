/** The admin surface: `/_sandbox` routed through the table in routes.ts (loopback clients only by default). */
import type { SandboxContext } from '../context.js';
import { adminLoopbackOnly, unknownAdminEndpoint } from '../domain/errors.js';
import { parseJson, readBody } from '../http/body.js';
import { isLoopbackAddress } from '../http/loopback.js';
import type { Exchange, Mount } from '../http/mount.js';
import { sendAnswer, sendError } from '../http/respond.js';
import { RouteTable } from '../http/routes.js';
import { type AdminHandler, routes } from './routes.js';

const PREFIX = '/_sandbox';

export function mount(ctx: SandboxContext): Mount[] {
  const table = new RouteTable<AdminHandler>(routes);
  const handle = async (x: Exchange): Promise<boolean> => {
    if (ctx.options.adminLoopbackOnly && !isLoopbackAddress(x.req.socket.remoteAddress)) {
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
      // anything but a SandboxError is a sandbox bug: a 500, never a 400 that hides a half-done change
      sendError(x.res, e);
    }
    return true;
  };
  return [{ prefix: PREFIX, handle }];
}
