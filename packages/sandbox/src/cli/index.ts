#!/usr/bin/env node
/**
 * The `connect-sandbox` command (commander: a maintained parser that gives every command its --help,
 * checks options and unknown commands, and has no dependencies of its own).
 *
 *   connect-sandbox [start]   run a sandbox here (the default command)
 *   connect-sandbox listen    forward a running sandbox's webhooks to your app
 *   connect-sandbox trigger   make a running sandbox produce an event
 *   connect-sandbox events    list (or follow) its events
 *   connect-sandbox payments  list its payments
 *
 * Exit codes: 0 done, 1 failed (sandbox unreachable, refused), 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_SANDBOX_URL } from './admin-client.js';
import { listen } from './listen.js';
import { events, payments } from './look.js';
import { CliError, EXIT } from './output.js';
import { start } from './start.js';
import { trigger } from './trigger.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const sandboxOption = () =>
  new Option('--sandbox <url>', 'the running sandbox (env CONNECT_SANDBOX_URL)').default(DEFAULT_SANDBOX_URL);
const jsonOption = () => new Option('--json', 'print JSON instead of lines');

export function program(): Command {
  const p = new Command('connect-sandbox')
    .description('A local, stateful Connect (Server API v1) platform: run it, watch it, drive it.')
    .version(version(), '-v, --version')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  p.command('start', { isDefault: true })
    .description('start a sandbox in this terminal (what `connect-sandbox` alone does)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '4010')
    .option('--host <addr>', 'interface to listen on (default 127.0.0.1)')
    .option(
      '--public-url <url>',
      'where customers reach the sandbox, for the links it gives out (behind a proxy or port mapping; default http://127.0.0.1:<port>)',
    )
    .option('--api-key-id <id>', 'API key id (default sandbox-api-key-id)')
    .option('--secret-api-key <s>', 'secret API key (default sandbox-secret-api-key)')
    .option('--merchant-id <id>', 'merchant id (default 1234)')
    .option('--settle-delay <ms>', '800 -> PAID after this long on the sandbox clock (default 3600000)')
    .option('--date-skew <ms>', 'reject requests whose Date header is further off than this (default: no check)')
    .option('--admin-any-host', 'serve the admin API and the dashboard to non-loopback clients too')
    .addOption(new Option('--log-format <format>', 'terminal log format').choices(['pretty', 'json']).default('pretty'))
    .option('-q, --quiet', 'no line per request or webhook delivery (the banner stays)')
    .action((o) => start(o));

  p.command('listen')
    .description("forward a running sandbox's webhook events to your app, signed as the platform signs them")
    .requiredOption('--forward-to <url>', "your app's webhook URL, e.g. http://localhost:3000/webhooks")
    .option('--events <types>', "only these event types, comma-separated; 'payment.*' takes a whole group")
    .option('--merchant <id...>', 'only events of these merchants')
    .option('--key-id <id>', 'webhook key id to use (default: a new one each run)')
    .option('--secret <secret>', 'webhook secret key to use (default: a new one each run)')
    .option('--verify', 'ask the app for the endpoint verification handshake first')
    .addOption(sandboxOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe sandbox delivers to your app itself: bodies and X-GCS-Signature headers are exactly what the\nplatform sends, and failed deliveries are retried with backoff while your app is down.\nCtrl-C removes the endpoint again.',
    )
    .action((o) => listen(o));

  p.command('trigger')
    .description('make a running sandbox produce an event by creating and moving real resources')
    .argument(
      '[event-type...]',
      'e.g. payment.paid, refund.refunded, payout.account_credited (see --list); several run in order',
    )
    .option('--list', 'list every event type the sandbox emits and how trigger produces it')
    .option('--merchant <id>', 'merchant to create the resources for (default: the first merchant)')
    .addOption(sandboxOption())
    .addOption(jsonOption())
    .action((types: string[], o) => trigger(types, o));

  p.command('events')
    .description("list a running sandbox's events (newest last)")
    .option('-f, --follow', 'keep printing new events until Ctrl-C')
    .option('--type <type>', 'only this event type')
    .option('--merchant <id>', 'only this merchant')
    .option('--limit <n>', 'how many of the latest to show first', '20')
    .addOption(sandboxOption())
    .addOption(jsonOption())
    .action((o) => events(o));

  p.command('payments')
    .description("list a running sandbox's payments, newest first")
    .option('--status <status>', 'only this status, e.g. PAID or CAPTURE_REQUESTED')
    .option('--merchant <id>', 'only this merchant')
    .option('--limit <n>', 'how many to show', '20')
    .addOption(sandboxOption())
    .addOption(jsonOption())
    .action((o) => payments(o));
  return p;
}

async function main(): Promise<void> {
  const prog = program();
  const first = process.argv[2];
  // with `start` as the default command commander would call a typo "too many arguments for 'start'"
  if (
    first !== undefined &&
    !first.startsWith('-') &&
    !prog.commands.some((c) => c.name() === first) &&
    first !== 'help'
  ) {
    process.stderr.write(`connect-sandbox: unknown command '${first}' (connect-sandbox --help lists them)\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  try {
    await prog.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; anything else commander refuses is wrong usage
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const code = e instanceof CliError ? e.code : EXIT.failed;
    process.stderr.write(`connect-sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = code;
  }
}

void main();
