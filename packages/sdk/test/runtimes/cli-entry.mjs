/**
 * Entry for Bun and Deno (and Node): imports `connect-server-sdk` by name, so the runtime's own `exports`
 * condition (`bun`, `deno`, `node`) picks the build, runs the suite, prints the results as one JSON line.
 */
import * as sdk from 'connect-server-sdk';
import { runSuite } from './suite.mjs';

const cfg = JSON.parse(globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2]);
const build = typeof sdk.FetchTransport === 'function' && !('createWebhooksListener' in sdk) ? 'edge' : 'node';
const results = await runSuite(sdk, cfg);
console.log(JSON.stringify({ build, results }));
