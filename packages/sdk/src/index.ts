/** connect-server-sdk: the public face. */

export * from './common.js';
export * from './webhooks/index.js';
