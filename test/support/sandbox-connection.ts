// How a test's SDK client reaches a sandbox it started: plain HTTP on the sandbox's port, signed with the API key
// the sandbox seeds. One object for this repo's Connect, the compat API and the official connect-sdk-nodejs.
import type { Sandbox } from '../../packages/sandbox/src/index.js';

/** The connection fields of an SDK configuration for `sb`; `integrator` names the test suite in its requests. */
export function sandboxConnection(sb: Sandbox, integrator: string) {
  return {
    host: '127.0.0.1',
    scheme: 'http' as const,
    port: sb.port,
    apiKeyId: sb.apiKeyId,
    secretApiKey: sb.secretApiKey,
    integrator,
  };
}
