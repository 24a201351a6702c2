/**
 * The real `connect-sandbox` binary (dist/cli.js, built by `npm test`): `start` with its request log,
 * `listen` forwarding to an app that verifies every delivery with the SDK's WebhooksHelper, `trigger`
 * for every event type reaching that app, `listen` surviving the app going down and up, Ctrl-C removing
 * the endpoint, `events`, `payments`, `--help` texts and exit codes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhooksListener, InMemorySecretKeyStore, WebhooksHelper } from '../../sdk/src/webhooks/index.js';

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Running {
  child: ChildProcess;
  lines: string[];
  /** resolves with the first line matching */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}

const children = new Set<ChildProcess>();

function spawnCli(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const lines: string[] = [];
  let buf = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stdout?.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    let i = buf.indexOf('\n');
    while (i >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      i = buf.indexOf('\n');
    }
  });
  return {
    child,
    lines,
    waitFor(re, timeoutMs = 20_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t);
            resolve(l);
          },
        });
      });
    },
  };
}

/** Runs the binary to its end: exit code and output. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let sandbox: Running;
let url: string;
let app: Server;
let appPort = 0;
const keys = new InMemorySecretKeyStore();
const verified: string[] = [];
const rejected: unknown[] = [];

function appServer(): Server {
  return createServer(
    createWebhooksListener(new WebhooksHelper({ secretKeyStore: keys }), (e) => void verified.push(e.type), {
      onError: (e) => void rejected.push(e),
    }),
  );
}

async function listenApp(port: number): Promise<void> {
  app = appServer();
  await new Promise<void>((r) => app.listen(port, '127.0.0.1', r));
  appPort = (app.address() as AddressInfo).port;
}

async function admin<T>(path: string): Promise<T> {
  return (await fetch(`${url}/_sandbox/${path}`)).json() as Promise<T>;
}

// each test starts node processes; on a machine shared by several test runs that takes seconds
describe('connect-sandbox (the built binary)', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build -w connect-sandbox first`);
    sandbox = spawnCli(['start', '--port', '0', '--log-format', 'json']);
    const started = JSON.parse(await sandbox.waitFor(/"kind":"started"/)) as { url: string };
    url = started.url;
    await listenApp(0);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await new Promise((r) => app?.close(r));
  });

  it('prints usage for every command with --help and exits 0; wrong usage exits 2, no sandbox exits 1', async () => {
    const cmds = ['start', 'listen', 'trigger', 'events', 'payments'];
    const helps = await Promise.all(cmds.map((cmd) => run([cmd, '--help'])));
    for (const [i, r] of helps.entries()) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: connect-sandbox ${cmds[i]}`);
    }
    const top = await run(['--help']);
    expect(top.stdout).toMatch(/listen \[options\]\s+forward a running sandbox's webhook events/);
    expect((await run(['listen'])).code).toBe(2); // --forward-to is required
    const typo = await run(['lisen']);
    expect([typo.code, typo.stderr]).toEqual([
      2,
      "connect-sandbox: unknown command 'lisen' (connect-sandbox --help lists them)\n",
    ]);
    expect((await run(['trigger', 'payment.nonsense', '--sandbox', url])).code).toBe(2);
    const down = await run(['payments', '--sandbox', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach the sandbox at http://127.0.0.1:9');
  });

  it('listen forwards every triggered event type, signed so that the SDK verifies it', async () => {
    const listener = spawnCli([
      'listen',
      '--forward-to',
      `http://127.0.0.1:${appPort}/webhooks`,
      '--sandbox',
      url,
      '--json',
    ]);
    const ready = JSON.parse(await listener.waitFor(/"kind":"ready"/)) as { keyId: string; secretKey: string };
    keys.storeSecretKey(ready.keyId, ready.secretKey);

    const list = await run(['trigger', '--list', '--sandbox', url, '--json']);
    const types = (JSON.parse(list.stdout) as { type: string }[]).map((t) => t.type);
    expect(types.length).toBeGreaterThanOrEqual(25);
    // one run triggers them all, in order (one node process per type would make a slow test)
    const all = await run(['trigger', ...types, '--sandbox', url, '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { type: string }[]).map((r) => r.type)).toEqual(types);
    await expect.poll(() => types.filter((t) => !verified.includes(t)), { timeout: 15_000 }).toEqual([]);
    expect(rejected).toEqual([]);
    // one line per delivery, with the app's status
    await listener.waitFor(/"eventType":"payout.account_credited".*"status":200/);

    // the sandbox's log showed the admin calls and the deliveries
    await sandbox.waitFor(/"kind":"request".*"path":"\/_sandbox\/trigger".*"status":201/);
    await sandbox.waitFor(/"kind":"delivery".*"status":200/);

    // Ctrl-C removes the registration
    listener.child.kill('SIGINT');
    const code = await new Promise((r) => listener.child.on('exit', r));
    expect(code).toBe(0);
    expect((await admin<{ endpoints: unknown[] }>('webhooks')).endpoints).toEqual([]);
  });

  it('listen keeps going while the app is down; the sandbox retries until it is back', async () => {
    const listener = spawnCli([
      'listen',
      '--forward-to',
      `http://127.0.0.1:${appPort}/webhooks`,
      '--sandbox',
      url,
      '--key-id',
      'k-down',
      '--secret',
      's-down',
    ]);
    await listener.waitFor(/^Ready\./);
    expect(listener.lines.join('\n')).toContain('webhook secret   s-down');
    keys.storeSecretKey('k-down', 's-down');
    await new Promise((r) => {
      app.close(r);
      app.closeAllConnections(); // the sandbox's keep-alive connections too: the app is really down
    });
    verified.length = 0;
    expect((await run(['trigger', 'refund.refunded', '--sandbox', url])).code).toBe(0);
    await listener.waitFor(/refund\.refunded .*no answer \(connect ECONNREFUSED .*retry at/);
    await listenApp(appPort);
    await expect.poll(() => verified.includes('refund.refunded'), { timeout: 12_000 }).toBe(true);
    await listener.waitFor(/refund\.refunded .*→ 200 .*attempt [2-5]/, 12_000);
    listener.child.kill('SIGINT');
    await new Promise((r) => listener.child.on('exit', r));
  });

  it('start logs one plain line per request (no colour off a TTY); --quiet logs none', async () => {
    const env = { ...process.env };
    delete env['NO_COLOR'];
    delete env['FORCE_COLOR'];
    const loud = spawn(process.execPath, [BIN, 'start', '--port', '0'], { env });
    const quiet = spawn(process.execPath, [BIN, 'start', '--port', '0', '--quiet'], { env });
    children.add(loud);
    children.add(quiet);
    const outputOf = (c: ChildProcess) => {
      let text = '';
      c.stdout?.on('data', (b: Buffer) => (text += b.toString()));
      return () => text;
    };
    const loudOut = outputOf(loud);
    const quietOut = outputOf(quiet);
    const urlOf = async (out: () => string) => {
      await expect.poll(() => /listening on (\S+)/.exec(out())?.[1], { timeout: 10_000 }).toBeDefined();
      return /listening on (\S+)/.exec(out())?.[1] as string;
    };
    for (const [out] of [[loudOut], [quietOut]] as const) {
      const base = await urlOf(out);
      await fetch(`${base}/_sandbox/clock`);
      await fetch(`${base}/v1/1234/payments/123`); // unsigned: 401
    }
    await expect
      .poll(loudOut)
      .toMatch(
        /\d\d:\d\d:\d\d {2}GET {5}\/v1\/1234\/payments\/123 {2}payments\.get {2}merchant 1234 {2}401 {2}[\d.]+ ms\n/,
      );
    expect(loudOut()).toMatch(/GET {5}\/_sandbox\/clock {2}admin {2}200/);
    expect(loudOut()).not.toContain('\u001b['); // no ANSI colour when stdout is not a TTY
    await new Promise((r) => setTimeout(r, 200));
    expect(quietOut()).not.toContain('/_sandbox/clock');
    expect(quietOut()).toContain('dashboard       http://127.0.0.1:');
    loud.kill('SIGTERM');
    quiet.kill('SIGTERM');
  });

  it('events and payments show what happened, as lines or JSON', async () => {
    const ev = await run(['events', '--type', 'payment.paid', '--limit', '3', '--sandbox', url]);
    expect(ev.code).toBe(0);
    expect(ev.stdout.trim().split('\n')).toHaveLength(3);
    expect(ev.stdout).toMatch(/payment\.paid\s+\d{30}\s+PAID\s+merchant 1234/);
    const paid = await run(['payments', '--status', 'paid', '--json', '--sandbox', url]);
    const body = JSON.parse(paid.stdout) as { payments: { status: string }[]; total: number };
    expect(body.payments.length).toBeGreaterThan(0);
    expect(new Set(body.payments.map((p) => p.status))).toEqual(new Set(['PAID']));
    expect(body.total).toBe(body.payments.length);

    const follow = spawnCli(['events', '--follow', '--limit', '1', '--sandbox', url]);
    await follow.waitFor(/merchant 1234/);
    await run(['trigger', 'token.deleted', '--sandbox', url]);
    await follow.waitFor(/token\.deleted/);
    follow.child.kill('SIGINT');
  });
});
