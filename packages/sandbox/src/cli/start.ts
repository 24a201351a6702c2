/**
 * `connect-sandbox start` (also what `connect-sandbox` alone does): starts a sandbox in this process,
 * prints where it is and its credentials, then logs every request and webhook delivery attempt.
 */
import { startSandbox } from '../index.js';
import { CliError, colourFor, EXIT } from './output.js';
import { type LogFormat, terminalLog } from './terminal-log.js';

export interface StartOptions {
  port: string;
  host?: string;
  publicUrl?: string;
  apiKeyId?: string;
  secretApiKey?: string;
  merchantId?: string;
  settleDelay?: string;
  dateSkew?: string;
  adminAnyHost?: boolean;
  logFormat: string;
  quiet?: boolean;
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be an integer >= 0, got "${v}"`, EXIT.usage);
  return n;
}

export async function start(o: StartOptions): Promise<void> {
  if (o.logFormat !== 'pretty' && o.logFormat !== 'json') {
    throw new CliError(`--log-format must be pretty or json, got "${o.logFormat}"`, EXIT.usage);
  }
  const opts: Parameters<typeof startSandbox>[0] = { port: num('port', o.port) ?? 4010 };
  if (o.host !== undefined) opts.host = o.host;
  if (o.publicUrl !== undefined) opts.publicUrl = o.publicUrl;
  if (o.apiKeyId !== undefined) opts.apiKeyId = o.apiKeyId;
  if (o.secretApiKey !== undefined) opts.secretApiKey = o.secretApiKey;
  if (o.merchantId !== undefined) opts.merchantId = o.merchantId;
  const settle = num('settle-delay', o.settleDelay);
  if (settle !== undefined) opts.settleDelayMs = settle;
  const skew = num('date-skew', o.dateSkew);
  if (skew !== undefined) opts.dateSkewMs = skew;
  if (o.adminAnyHost === true) opts.adminLoopbackOnly = false;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(opts);
  } catch (e) {
    throw new CliError(`could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  const format = o.logFormat as LogFormat;
  const write = (s: string) => process.stdout.write(s);
  if (format === 'json') {
    write(
      `${JSON.stringify({ kind: 'started', url: sandbox.url, merchantId: sandbox.merchantId, apiKeyId: sandbox.apiKeyId, dashboard: `${sandbox.url}/`, admin: `${sandbox.url}/_sandbox` })}\n`,
    );
  } else {
    write(
      [
        `connect-sandbox listening on ${sandbox.url}`,
        `  API endpoint    ${sandbox.url}`,
        `  merchant id     ${sandbox.merchantId}`,
        `  API key id      ${sandbox.apiKeyId}`,
        `  secret API key  ${sandbox.secretApiKey}`,
        `  dashboard       ${sandbox.url}/`,
        `  admin API       ${sandbox.url}/_sandbox`,
        '',
      ].join('\n'),
    );
  }
  if (o.quiet !== true) {
    const log = terminalLog(format, write, format === 'pretty' && colourFor(process.stdout));
    sandbox.context.requestListeners.add((r) => log.request(r));
    sandbox.context.webhooks.listeners.add((d) => log.delivery(d));
  }
  const stop = () => {
    sandbox.close().then(
      () => process.exit(EXIT.ok),
      () => process.exit(EXIT.failed),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
