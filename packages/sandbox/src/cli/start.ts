/** `connect-sandbox start`: runs a sandbox in this process (the only command that is not an HTTP client). */
import { parseArgs } from 'node:util';
import { startSandbox } from '../app.js';
import type { SandboxOptions } from '../options.js';

export const HELP = `connect-sandbox: a local, stateful Connect (Server API v1) platform

Usage: connect-sandbox [start] [options]

  --port <n>             port to listen on (default 4010; 0 = any free port)
  --host <addr>          interface to listen on (default 127.0.0.1)
  --api-key-id <id>      API key id (default sandbox-api-key-id)
  --secret-api-key <s>   secret API key (default sandbox-secret-api-key)
  --merchant-id <id>     merchant id (default 1234)
  --settle-delay <ms>    800 -> PAID after this long on the sandbox clock (default 3600000)
  --date-skew <ms>       reject requests whose Date header is further off than this (default: no check)
  --admin-any-host       serve the /_sandbox admin API to non-loopback clients too
  -h, --help             show this help
`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`connect-sandbox: --${name} must be an integer >= 0, got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

/** `connect-sandbox [start] [options]`: starts a sandbox and prints how to reach it; stops on SIGINT/SIGTERM. */
export async function start(args: readonly string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key-id': { type: 'string' },
        'secret-api-key': { type: 'string' },
        'merchant-id': { type: 'string' },
        'settle-delay': { type: 'string' },
        'date-skew': { type: 'string' },
        'admin-any-host': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`connect-sandbox: ${e instanceof Error ? e.message : String(e)}\n\n${HELP}`);
    process.exit(2);
  }
  if (values['help']) {
    process.stdout.write(HELP);
    return;
  }
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const opts: SandboxOptions = { port: num('port', s('port')) ?? 4010 };
  if (s('host') !== undefined) opts.host = s('host') as string;
  if (s('api-key-id') !== undefined) opts.apiKeyId = s('api-key-id') as string;
  if (s('secret-api-key') !== undefined) opts.secretApiKey = s('secret-api-key') as string;
  if (s('merchant-id') !== undefined) opts.merchantId = s('merchant-id') as string;
  const settle = num('settle-delay', s('settle-delay'));
  if (settle !== undefined) opts.settleDelayMs = settle;
  const skew = num('date-skew', s('date-skew'));
  if (skew !== undefined) opts.dateSkewMs = skew;
  if (values['admin-any-host'] === true) opts.adminLoopbackOnly = false;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(opts);
  } catch (e) {
    process.stderr.write(`connect-sandbox: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `connect-sandbox listening on ${sandbox.url}`,
      `  API endpoint    ${sandbox.url}`,
      `  merchant id     ${sandbox.merchantId}`,
      `  API key id      ${sandbox.apiKeyId}`,
      `  secret API key  ${sandbox.secretApiKey}`,
      `  admin API       ${sandbox.url}/_sandbox`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
