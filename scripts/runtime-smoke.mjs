#!/usr/bin/env node
/**
 * The SDK's runtime smoke suite (packages/sdk/test/runtimes/suite.mjs) against one local sandbox, in every
 * runtime: Node (undici, the default), Node (fetch transport), Bun, Deno and workerd (Cloudflare Workers'
 * runtime, no compatibility flags). The runtimes come from npm (packages/sdk/test/runtimes/package.json,
 * pinned versions, installed here on first use: outside the workspaces, so a plain `npm ci` does not download
 * ~370 MB). Every runtime must pass the same list of checks; the table is printed, the exit code says it all.
 *
 *   node scripts/runtime-smoke.mjs            # all runtimes
 *   node scripts/runtime-smoke.mjs bun deno   # some
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdkDir = join(root, 'packages/sdk');
const here = join(sdkDir, 'test/runtimes');
const bin = (name) => join(here, 'node_modules/.bin', name);
const started = Date.now();
const log = (m) => console.log(`[runtime-smoke ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

// ---------------------------------------------------------------- runtimes and the SDK build
if (!['bun', 'deno', 'workerd'].every((b) => existsSync(bin(b)))) {
  log('installing bun, deno, workerd from npm (packages/sdk/test/runtimes, pinned by its package-lock.json)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', here], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci of the runtimes failed');
}
spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs'), 'packages/sdk', 'packages/sandbox'], {
  cwd: root,
  stdio: 'inherit',
});
const version = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout.trim().split('\n')[0];
const versions = {
  node: process.version,
  bun: version(bin('bun'), ['--version']),
  deno: version(bin('deno'), ['--version']),
  workerd: version(bin('workerd'), ['--version']),
};

// ---------------------------------------------------------------- the exports map sends each runtime to its build
const resolved = (condition) =>
  spawnSync(
    process.execPath,
    [
      `--conditions=${condition}`,
      '--input-type=module',
      '-e',
      "console.log(import.meta.resolve('connect-server-sdk'))",
    ],
    { cwd: here, encoding: 'utf8' },
  ).stdout.trim();
for (const c of ['workerd', 'deno', 'bun']) {
  if (!resolved(c).endsWith('/dist/edge.js'))
    throw new Error(`condition ${c} resolves to ${resolved(c)}, not dist/edge.js`);
}
const browser = spawnSync(
  process.execPath,
  ['--conditions=browser', '--input-type=module', '-e', "await import('connect-server-sdk')"],
  { cwd: here, encoding: 'utf8' },
);
if (browser.status === 0 || !browser.stderr.includes('must never be shipped to a browser')) {
  throw new Error(`the browser condition does not refuse the SDK: ${browser.stderr.slice(0, 300)}`);
}
log('exports: workerd/deno/bun -> dist/edge.js; browser refused with a clear error');
const types = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(here, 'fixtures/workers-types/tsconfig.json')],
  { encoding: 'utf8' },
);
if (types.status !== 0)
  throw new Error(`a Worker without @types/node does not compile:\n${types.stdout}${types.stderr}`);
log('types: a Worker compiles against the workerd types without @types/node (lib WebWorker, types: [])');

// ---------------------------------------------------------------- sandbox, and one genuine webhook from it
const { startSandbox } = await import(join(root, 'packages/sandbox/dist/index.js'));
const { Connect } = await import(join(sdkDir, 'dist/index.js'));
let captured;
const webhookSink = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    captured ??= { body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-gcs-signature'] };
    res.end('OK');
  });
});
await new Promise((r) => webhookSink.listen(0, '127.0.0.1', () => r()));
const webhookKey = { keyId: 'smoke-key', secretKey: 'smoke-webhook-secret' };
const sandbox = await startSandbox({
  webhooks: { endpoints: [{ url: `http://127.0.0.1:${webhookSink.address().port}/hook`, ...webhookKey }] },
});
const seed = new Connect({
  host: '127.0.0.1',
  scheme: 'http',
  port: sandbox.port,
  apiKeyId: sandbox.apiKeyId,
  secretApiKey: sandbox.secretApiKey,
  integrator: 'runtime-smoke',
});
await seed.merchant(sandbox.merchantId).payments.create({
  order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' }, customer: { billingAddress: { countryCode: 'NL' } } },
  cardPaymentMethodSpecificInput: { paymentProductId: 1, card: { cardNumber: '4567350000427977', expiryDate: '1230' } },
});
await seed.close();
for (let i = 0; i < 100 && captured === undefined; i++) await new Promise((r) => setTimeout(r, 50));
if (captured === undefined) throw new Error('the sandbox sent no webhook within 5 s');

const cfg = {
  host: '127.0.0.1',
  port: sandbox.port,
  apiKeyId: sandbox.apiKeyId,
  secretApiKey: sandbox.secretApiKey,
  merchantId: sandbox.merchantId,
  adminUrl: `${sandbox.url}/_sandbox`,
  webhook: { ...captured, ...webhookKey },
};

// ---------------------------------------------------------------- one runtime
function run(cmd, args, timeoutMs = 60_000) {
  return new Promise((resolveRun) => {
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' };
    const child = spawn(cmd, args, { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, out, err });
    });
  });
}

function parse({ code, out, err }) {
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    return { build: '?', results: [{ name: 'runs', ok: false, detail: `exit ${code}: ${(err || out).slice(-600)}` }] };
  }
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise((r) => s.close(() => r()));
  return port;
}

async function workerd(runCfg, compatibilityDate) {
  const dir = mkdtempSync(join(tmpdir(), 'connect-workerd-'));
  try {
    cpSync(join(here, 'worker.mjs'), join(dir, 'worker.mjs'));
    cpSync(join(here, 'suite.mjs'), join(dir, 'suite.mjs'));
    cpSync(join(sdkDir, 'dist/edge.js'), join(dir, 'sdk.mjs'));
    const port = await freePort();
    writeFileSync(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const smoke :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "suite.mjs", esModule = embed "suite.mjs"),
    (name = "connect-server-sdk", esModule = embed "sdk.mjs"),
  ],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "net",
);
`,
    );
    const child = spawn(bin('workerd'), ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    try {
      let res;
      for (let i = 0; i < 100 && res === undefined; i++) {
        res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify(runCfg) }).catch(
          () => new Promise((r) => setTimeout(() => r(undefined), 100)),
        );
      }
      if (res === undefined) return { code: 1, out: '', err: `workerd did not answer: ${err}` };
      return { code: 0, out: await res.text(), err };
    } finally {
      child.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runtimes = {
  'node (undici)': () => run(process.execPath, ['cli-entry.mjs', JSON.stringify({ ...cfg, runtime: 'node' })]),
  'node (fetch)': () =>
    run(process.execPath, ['cli-entry.mjs', JSON.stringify({ ...cfg, runtime: 'node-fetch', useFetch: true })]),
  bun: () => run(bin('bun'), ['cli-entry.mjs', JSON.stringify({ ...cfg, runtime: 'bun' })]),
  deno: () =>
    run(bin('deno'), [
      'run',
      '--allow-net',
      '--allow-read',
      '--allow-env',
      '--no-lock',
      'cli-entry.mjs',
      JSON.stringify({ ...cfg, runtime: 'deno' }),
    ]),
  workerd: () => workerd({ ...cfg, runtime: 'workerd' }, '2026-11-01'),
  // an old compatibility date: no Node API at all (no process, no node: modules), and the SDK needs none
  'workerd (2024-09-23)': () => workerd({ ...cfg, runtime: 'workerd-2024' }, '2024-09-23'),
};
const wanted = process.argv.slice(2);
const table = [];
let failed = false;
let names;
try {
  for (const [name, go] of Object.entries(runtimes)) {
    if (wanted.length > 0 && !wanted.some((w) => name.startsWith(w))) continue;
    const t = Date.now();
    const { build, results } = parse(await go());
    const ms = Date.now() - t;
    const list = results.map((r) => r.name).join(',');
    names ??= list;
    const same = list === names;
    const ok = results.every((r) => r.ok) && same && results.length > 1;
    failed ||= !ok;
    table.push({ name, build, ok, ms, results });
    log(
      `${ok ? 'PASS' : 'FAIL'} ${name} (build ${build}, ${ms} ms)${same ? '' : ' -- not the same checks as the first runtime'}`,
    );
    for (const r of results) console.log(`    ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`);
  }
} finally {
  await sandbox.close();
  webhookSink.close();
}
const v = (n) => (n.startsWith('node') ? versions.node : versions[n.split(' ')[0]]);
console.log('\n| runtime | version | SDK build | checks | result |\n| --- | --- | --- | --- | --- |');
for (const r of table) {
  console.log(
    `| ${r.name} | ${v(r.name)} | ${r.build} | ${r.results.filter((x) => x.ok).length}/${r.results.length} | ${r.ok ? 'pass' : 'FAIL'} |`,
  );
}
log(failed ? 'FAILED' : 'all runtimes passed the same checks');
process.exit(failed ? 1 : 0);
