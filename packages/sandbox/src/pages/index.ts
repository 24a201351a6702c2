/**
 * The customer pages surface: hosted checkout, 3-D Secure and provider pages for redirected payments, hosted
 * mandate management and mandate signing, each with its own look, marked as a sandbox. See README.md here.
 */
import type { SandboxContext } from '../context.js';
import { readBody } from '../http/body.js';
import type { Exchange, Mount } from '../http/mount.js';
import { domainPort } from './domain-adapter.js';
import type { PagesEnv } from './request.js';
import { handlePageRequest, PAGE_PREFIXES } from './routes.js';
import { PageTokens } from './tokens.js';

export function mount(ctx: SandboxContext): Mount[] {
  const env: PagesEnv = { port: domainPort(ctx), tokens: new PageTokens() };
  const handle = async (x: Exchange): Promise<boolean> => {
    if (x.method !== 'GET' && x.method !== 'HEAD' && x.method !== 'POST') return false;
    const raw = x.method === 'POST' ? await readBody(x.req, ctx.options.maxBodyBytes) : Buffer.alloc(0);
    const page = handlePageRequest(env, {
      method: x.method,
      path: x.path,
      body: raw === 'too-large' ? Buffer.alloc(0) : raw,
      contentType: x.req.headers['content-type'],
      baseUrl: ctx.baseUrl(x.req),
      secFetchSite: x.req.headers['sec-fetch-site'],
    });
    if (!page) return false;
    x.res.writeHead(page.status, { ...page.headers, 'Content-Length': String(Buffer.byteLength(page.body)) });
    x.res.end(x.method === 'HEAD' ? undefined : page.body);
    return true;
  };
  return PAGE_PREFIXES.map((p) => ({ prefix: `/${p}/`, handle }));
}
