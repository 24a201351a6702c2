#!/usr/bin/env node
// `npm start`: builds what is missing or stale (SDK, sandbox, shop), starts a local Connect sandbox (in this
// process) and the example shop (a child process), points the sandbox's webhooks at the shop, and prints the
// shop's URL, then the sandbox's (and its dashboard's, when the sandbox serves one).
// SIGINT/SIGTERM stop the shop and the sandbox, and this process exits with the shop's exit code.
//
// Environment: SHOP_PORT (default 3000), SANDBOX_PORT (default 4010; 0 = any free port for either).
// CONNECT_API_ENDPOINT (+ CONNECT_API_KEY_ID, CONNECT_SECRET_API_KEY, CONNECT_MERCHANT_ID, CONNECT_WEBHOOK_KEY_ID,
// CONNECT_WEBHOOK_SECRET, ...) points the shop at another sandbox or the platform instead; no sandbox starts then.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

// in dependency order: the shop's types come from the SDK's dist
const packages = [
  { name: 'connect-server-sdk', dir: 'packages/sdk', output: 'dist/index.js' },
  { name: 'connect-sandbox', dir: 'packages/sandbox', output: 'dist/index.js' },
  { name: 'connect-example-shop', dir: 'examples/shop', output: 'dist/main.js' },
];
for (const p of packages) {
  const out = join(p.dir, p.output);
  if (existsSync(out) && statSync(out).mtimeMs >= newestMtime(join(p.dir, 'src'))) continue;
  console.log(`building ${p.name}...`);
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', p.name], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(out)) {
    console.error(`building ${p.name} failed: see the output above`);
    process.exit(1);
  }
}

function port(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) > 65535) {
    console.error(`${name} must be a port number (0 = any free port), got ${JSON.stringify(v)}`);
    process.exit(1);
  }
  return Number(v);
}
const shopPort = port('SHOP_PORT', 3000);
const sandboxPort = port('SANDBOX_PORT', 4010);

const external = Boolean(process.env.CONNECT_API_ENDPOINT);
let sandbox;
const env = { ...process.env, SHOP_PORT: String(shopPort), SHOP_INSTANCE: process.env.SHOP_INSTANCE ?? 'shop' };
if (!external) {
  const { startSandbox } = await import(pathToFileURL(join(root, 'packages/sandbox/dist/index.js')).href);
  try {
    sandbox = await startSandbox({ port: sandboxPort });
  } catch (e) {
    console.error(
      `the sandbox could not start on port ${sandboxPort}: ${e.message} (set SANDBOX_PORT=0 for any free port)`,
    );
    process.exit(1);
  }
  // a fresh webhook secret per run: nothing to commit, nothing to leak
  Object.assign(env, {
    CONNECT_API_ENDPOINT: sandbox.url,
    CONNECT_API_KEY_ID: sandbox.apiKeyId,
    CONNECT_SECRET_API_KEY: sandbox.secretApiKey,
    CONNECT_MERCHANT_ID: sandbox.merchantId,
    CONNECT_WEBHOOK_KEY_ID: 'npm-start-webhooks',
    CONNECT_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
  });
}

const child = spawn(process.execPath, ['examples/shop/dist/main.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let exiting = false;
const shutdown = async (code) => {
  if (exiting) return;
  exiting = true;
  await sandbox?.close().catch(() => {});
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    else void shutdown(0);
  });
}
child.on('exit', (code, signal) => void shutdown(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
child.on('error', (e) => {
  console.error(`the shop could not start: ${e.message}`);
  void shutdown(1);
});

let announced = false;
createInterface({ input: child.stdout }).on('line', async (line) => {
  const m = /^shop listening on (\S+)/.exec(line);
  if (announced || !m) {
    console.log(line);
    return;
  }
  announced = true;
  const shopUrl = m[1];
  const lines = [`Shop      ${shopUrl}`];
  if (sandbox) {
    const res = await fetch(`${sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        url: `${shopUrl}/webhooks`,
        keyId: env.CONNECT_WEBHOOK_KEY_ID,
        secretKey: env.CONNECT_WEBHOOK_SECRET,
      }),
    }).catch((e) => ({ ok: false, statusText: e.message }));
    lines.push(`Sandbox   ${sandbox.url}  (merchant ${sandbox.merchantId}, admin API ${sandbox.url}/_sandbox)`);
    const dashboard = await fetch(`${sandbox.url}/`, { headers: { Accept: 'text/html' } }).catch(() => undefined);
    if (dashboard?.ok && (dashboard.headers.get('content-type') ?? '').includes('text/html')) {
      lines.push(`Dashboard ${sandbox.url}/`);
    }
    lines.push(res.ok ? `Webhooks  sandbox -> ${shopUrl}/webhooks` : `Webhooks  NOT wired: ${res.statusText}`);
  } else {
    lines.push(`Platform  ${process.env.CONNECT_API_ENDPOINT} (merchant ${process.env.CONNECT_MERCHANT_ID ?? '?'})`);
  }
  console.log(
    `\n${lines.join('\n')}\n\nTest card 4567 3500 0042 7977 (any future expiry, any CVV). Ctrl+C stops both.\n`,
  );
});
