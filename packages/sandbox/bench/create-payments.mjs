// Throughput of signed, validated, stored create-payment calls against a sandbox running in its own
// process (one core): node packages/sandbox/bench/create-payments.mjs [seconds=5] [concurrency=64]
// Reports wall-clock throughput and calls per CPU-second of the sandbox process (the number that
// matters on a busy machine: what one core can serve).
// Needs `npm run build -w connect-sandbox` first.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 64);
// pin the sandbox to core 0 and this client to core 1 where taskset exists (Linux)
let pin = false;
try {
  if (process.env.BENCH_NO_PIN) throw new Error('no pin');
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  pin = true;
} catch {}
const childScript = fileURLToPath(new URL('./sandbox-child.mjs', import.meta.url));
const profArgs = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
const child = pin
  ? spawn('taskset', ['-c', '0', process.execPath, ...profArgs, childScript], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    })
  : spawn(process.execPath, [...profArgs, childScript], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
const ask = (what) =>
  new Promise((resolve) => {
    const on = (m) => {
      if (m[what] !== undefined) {
        child.off('message', on);
        resolve(m[what]);
      }
    };
    child.on('message', on);
    if (what === 'cpu') child.send('cpu');
  });
const url = await ask('url');
const keyId = 'sandbox-api-key-id';
const secret = 'sandbox-secret-api-key';
const path = '/v1/1234/payments';
const body = JSON.stringify({
  order: { amountOfMoney: { amount: 1000, currencyCode: 'EUR' }, customer: { billingAddress: { countryCode: 'NL' } } },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
  },
});
const pool = new Pool(url, { connections: concurrency, pipelining: 1 });

async function once() {
  const date = new Date().toUTCString();
  const sig = createHmac('sha256', secret).update(`POST\napplication/json\n${date}\n${path}\n`).digest('base64');
  const res = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', date, authorization: `GCS v1HMAC:${keyId}:${sig}` },
    body,
  });
  await res.body.dump();
  if (res.statusCode !== 201) throw new Error(`HTTP ${res.statusCode}`);
}

let done = 0;
const end = Date.now() + seconds * 1000;
async function worker() {
  while (Date.now() < end) {
    await once();
    done++;
  }
}
const cpu0 = await ask('cpu');
const t0 = Date.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const secs = (Date.now() - t0) / 1000;
const cpu1 = await ask('cpu');
const cpuSecs = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1e6;
console.log(`${done} signed, validated, stored create-payment calls in ${secs.toFixed(1)} s`);
console.log(
  `  wall clock: ${Math.round(done / secs)} calls/s (concurrency ${concurrency}${pin ? ', sandbox pinned to core 0' : ''})`,
);
console.log(`  sandbox CPU: ${cpuSecs.toFixed(2)} s = ${Math.round(done / cpuSecs)} calls per CPU-second`);
await pool.close();
child.send('stop');
