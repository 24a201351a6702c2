/**
 * Entry for workerd (Cloudflare Workers' runtime, no compatibility flags): the runner POSTs the sandbox
 * coordinates, the worker runs the suite with the `workerd` build and answers the results.
 */
import * as sdk from 'connect-server-sdk';
import { runSuite } from './suite.mjs';

export default {
  async fetch(request) {
    const cfg = await request.json();
    const build = typeof sdk.FetchTransport === 'function' && !('createWebhooksListener' in sdk) ? 'edge' : 'node';
    return Response.json({ build, results: await runSuite(sdk, cfg) });
  },
};
