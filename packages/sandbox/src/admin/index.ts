/** The admin surface: `/_sandbox`, guarded by guard.ts, routed through the table in routes.ts. */
import type { SandboxContext } from '../context.js';
import { unknownAdminEndpoint } from '../domain/errors.js';
import { parseJson, readBody } from '../http/body.js';
import type { Exchange, Mount } from '../http/mount.js';
import { sendAnswer, sendError } from '../http/respond.js';
import { RouteTable } from '../http/routes.js';
import { adminRefusal } from './guard.js';
import { type AdminHandler, routes } from './routes.js';

const PREFIX = '/_sandbox';

export function mount(ctx: SandboxContext): Mount[] {
  const table = new RouteTable<AdminHandler>(routes);
  const handle = async (x: Exchange): Promise<boolean> => {
    if (x.log) x.log.operation = 'admin';
    const refusal = adminRefusal(ctx, x.req, x.method);
    if (refusal !== undefined) {
      x.req.resume();
      sendError(x.res, refusal);
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
