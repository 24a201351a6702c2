/** The Server API surface (/v1/, /files/v1/): the pipeline over the typed handlers. */
import type { SandboxContext } from '../context.js';
import type { Exchange, Mount } from '../http/mount.js';
import { handlers } from './handlers/index.js';
import { ServerApiPipeline } from './pipeline.js';

export { handlers } from './handlers/index.js';
export type { OpRequest, OpResult } from './types.js';
export { validators, warmUpValidators } from './validation.js';

export function mount(ctx: SandboxContext): Mount[] {
  const pipeline = new ServerApiPipeline(ctx, handlers);
  const handle = (x: Exchange) => pipeline.handle(x);
  return [
    { prefix: '/v1/', handle },
    { prefix: '/files/v1/', handle },
  ];
}

/** The answer for paths no surface took: the Server API's platform-shaped 404 (or 405). */
export function notFound(ctx: SandboxContext): (x: Exchange) => Promise<void> {
  const pipeline = new ServerApiPipeline(ctx, handlers);
  return async (x) => {
    await pipeline.handle(x);
  };
}
