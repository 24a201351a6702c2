/**
 * The Client API surface: the calls the browser Client SDK makes, session auth, CORS and the images
 * (see README.md in this folder). app.ts mounts it with `mount(ctx)`.
 */
export { handleClientApi, isClientApiPath } from './handler.js';
export { mount } from './mount.js';
export type { TokenSummary } from './products.js';
export { type ClientApiDeps, matchRoute } from './routes.js';
export type { ClientApiSession } from './session-auth.js';
