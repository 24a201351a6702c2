#!/usr/bin/env node
// Client SDK flow cost: connect-sandbox creating payments from `encryptedCustomerInput` (JWE decrypt +
// session/nonce checks + the same create) next to plain server-built card payments, in the same run.
//
//   npm run build -w connect-sandbox && node bench/client-api.mjs [--quick] [--rounds N] [--calls N]
//
// The sandbox runs in its own process (pinned to core 0 with taskset when available); this process
// drives it (core 1) with a raw undici pool, 16 calls in flight. Encryption is done before the timed
// part (in real life the browser does it). Reported per scenario: calls per second of wall time, and
// calls per second of sandbox CPU time ("per core"); the ratio encrypted/plain is the figure to watch.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'packages', 'sandbox', 'dist', 'index.js');
const CONCURRENCY = 16;

if (process.argv[2] === '--host-sandbox') {
  // child: host the sandbox, answer CPU-usage questions over IPC
  const { startSandbox } = await import(pathToFileURL(dist).href);
  const sb = await startSandbox({ port: 0 });
  process.send({
    type: 'ready',
    port: sb.port,
    apiKeyId: sb.apiKeyId,
    secret: sb.secretApiKey,
    merchantId: sb.merchantId,
  });
  process.on('message', async (m) => {
    if (m.type === 'cpu') process.send({ type: 'cpu', cpu: process.cpuUsage() });
    if (m.type === 'close') {
      await sb.close();
      process.exit(0);
    }
  });
} else {
  await main();
}

function parseArgs(argv) {
  const o = { rounds: 3, calls: 2000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') Object.assign(o, { rounds: 1, calls: 300 });
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--calls') o.calls = Number(argv[++i]);
    else {
      console.error(`unknown option ${a}\nusage: node bench/client-api.mjs [--quick] [--rounds N] [--calls N]`);
      process.exit(2);
    }
  }
  if (!(o.rounds >= 1 && o.calls >= 1)) throw new Error('--rounds and --calls must be positive');
  return o;
}

function hasTaskset() {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(dist)) {
    console.error('connect-sandbox is not built: run `npm run build -w connect-sandbox` first');
    process.exit(2);
  }
  const pin = hasTaskset();
  if (pin) spawnSync('taskset', ['-p', '-c', '1', String(process.pid)]);
  const child = pin
    ? spawn('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url), '--host-sandbox'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
    : spawn(process.execPath, [fileURLToPath(import.meta.url), '--host-sandbox'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
  const next = (type) => new Promise((resolve) => child.once('message', (m) => m.type === type && resolve(m)));
  const ready = await next('ready');
  const { encryptCustomerInput } = await import(pathToFileURL(dist).href);
  const { Pool } = await import('undici');
  const pool = new Pool(`http://127.0.0.1:${ready.port}`, { connections: CONCURRENCY });

  const signed = async (path, body) => {
    const date = new Date().toUTCString();
    const toSign = `POST\napplication/json\n${date}\n${path}\n`;
    const auth = `GCS v1HMAC:${ready.apiKeyId}:${createHmac('sha256', ready.secret).update(toSign).digest('base64')}`;
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', date, authorization: auth },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : null };
  };
  const paymentsPath = `/v1/${ready.merchantId}/payments`;
  const order = {
    amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL' } },
  };
  const card = { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123', cardholderName: 'Wile E. Coyote' };
  const plainBody = { order, cardPaymentMethodSpecificInput: { paymentProductId: 1, card } };

  const session = (await signed(`/v1/${ready.merchantId}/sessions`, {})).body;
  const keyRes = await fetch(`${session.clientApiUrl}/v1/${session.customerId}/crypto/publickey`, {
    headers: { Authorization: `GCS v1Client:${session.clientSessionId}` },
  });
  const publicKey = await keyRes.json();
  const encryptMany = async (n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      out.push(await encryptCustomerInput(session, { paymentProductId: 1, values: card }, { publicKey }));
    }
    return out;
  };

  const cpu = async () => {
    child.send({ type: 'cpu' });
    const m = await next('cpu');
    return (m.cpu.user + m.cpu.system) / 1e6;
  };
  const run = async (makeBody) => {
    let i = 0;
    let failed = 0;
    const worker = async () => {
      while (i < opts.calls) {
        const r = await signed(paymentsPath, makeBody(i++));
        if (r.status !== 201) failed++;
      }
    };
    const cpu0 = await cpu();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const wall = (performance.now() - t0) / 1000;
    const cpuUsed = (await cpu()) - cpu0;
    return { perSecond: opts.calls / wall, perCoreSecond: opts.calls / cpuUsed, failed };
  };

  // warm-up (JIT, schema compilation, the first RSA decrypt)
  const warm = await encryptMany(200);
  await run(() => plainBody);
  await run((i) => ({ encryptedCustomerInput: warm[i % warm.length], order }));

  const results = { plain: [], encrypted: [] };
  for (let r = 0; r < opts.rounds; r++) {
    const blobs = await encryptMany(opts.calls);
    const order_ = r % 2 === 0 ? ['plain', 'encrypted'] : ['encrypted', 'plain'];
    for (const name of order_) {
      const res =
        name === 'plain' ? await run(() => plainBody) : await run((i) => ({ encryptedCustomerInput: blobs[i], order }));
      if (res.failed > 0) {
        console.error(`${name}: ${res.failed} of ${opts.calls} payments were not created (201)`);
        process.exitCode = 1;
      }
      results[name].push(res);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = (name) => ({
    perSecond: median(results[name].map((x) => x.perSecond)),
    perCoreSecond: median(results[name].map((x) => x.perCoreSecond)),
  });
  const plain = row('plain');
  const enc = row('encrypted');
  const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(8);
  console.log(
    `connect-sandbox, payments.create, ${opts.calls} calls x ${opts.rounds} round(s), ${CONCURRENCY} in flight` +
      (pin ? ', sandbox on core 0, client on core 1' : ', not pinned (no taskset)'),
  );
  console.log('                                   calls/s (wall)   calls/s per sandbox core');
  console.log(`server-built card input           ${fmt(plain.perSecond)}         ${fmt(plain.perCoreSecond)}`);
  console.log(`encryptedCustomerInput (JWE)      ${fmt(enc.perSecond)}         ${fmt(enc.perCoreSecond)}`);
  console.log(
    `ratio encrypted / server-built        ${(enc.perSecond / plain.perSecond).toFixed(2)}              ${(enc.perCoreSecond / plain.perCoreSecond).toFixed(2)}`,
  );
  await pool.close();
  child.send({ type: 'close' });
}
