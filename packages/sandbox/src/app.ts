/**
 * The composition root: builds one sandbox's context, mounts the surfaces on one HTTP server, runs
 * the settlement ticker. A new surface is one folder exporting `mount(ctx)` and one line below.
 */
import * as admin from './admin/index.js';
import * as clientApi from './client-api/index.js';
import { SandboxContext } from './context.js';
import * as dashboard from './dashboard/index.js';
import type { Exchange } from './http/mount.js';
import { dispatcher, exchange } from './http/mount.js';
import { safeEnd } from './http/respond.js';
import { listen } from './http/server.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import * as pages from './pages/index.js';
import * as serverApi from './server-api/index.js';
import { validators, warmUpValidators } from './server-api/index.js';
import { SandboxState } from './state.js';

export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly apiKeyId: string;
  readonly secretApiKey: string;
  readonly merchantId: string;
  /** the instance's state and rules, as every surface sees them (for tests and embedding) */
  readonly context: SandboxContext;
  /** @deprecated use `context` (same state; kept for code written against 0.1) */
  readonly state: SandboxState;
  close(): Promise<void>;
}

/** Starts a sandbox. Resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const opts = resolveOptions(options);
  const ctx = new SandboxContext(opts);
  if (opts.precompileSchemas) validators();

  const handle = dispatcher(
    [
      ...serverApi.mount(ctx),
      ...admin.mount(ctx),
      ...pages.mount(ctx),
      ...clientApi.mount(ctx),
      ...dashboard.mount(ctx),
    ],
    serverApi.notFound(ctx),
  );
  const running = await listen(opts, (req, res) => {
    const x: Exchange = exchange(req, res, ctx.requestListeners);
    const r = handle(x);
    if (r !== true && r !== false) r.catch((e: unknown) => safeEnd(res, e));
  });
  // the default public URL: the listen address, with a wildcard address replaced by loopback
  ctx.setPublicUrl(
    opts.publicUrl ??
      (opts.host === '0.0.0.0' || opts.host === '::' ? `http://127.0.0.1:${running.port}` : running.url),
  );
  warmUpValidators();
  const ticker = setInterval(() => ctx.domain.settleIfDue(), opts.settleTickMs);
  ticker.unref();

  return {
    url: running.url,
    host: opts.host,
    port: running.port,
    apiKeyId: opts.apiKeyId,
    secretApiKey: opts.secretApiKey,
    merchantId: opts.merchantId,
    context: ctx,
    state: new SandboxState(ctx),
    async close() {
      clearInterval(ticker);
      await ctx.webhooks.close();
      await running.close();
    },
  };
}
