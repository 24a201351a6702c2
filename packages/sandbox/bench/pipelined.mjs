// Server-side cost of signed, validated, stored create-payment calls, measured with a nearly free
// client: pre-signed requests pipelined over a few keep-alive sockets, so the sandbox stays busy
// even on a loaded machine. Reports calls per CPU-second of the sandbox process.
// node packages/sandbox/bench/pipelined.mjs [calls=20000] [sockets=8]   (after a build)
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const calls = Number(process.argv[2] ?? 20000);
const sockets = Number(process.argv[3] ?? 8);
const child = spawn(process.execPath, [fileURLToPath(new URL('./sandbox-child.mjs', import.meta.url))], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});
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
const { port } = new URL(await ask('url'));
const path = '/v1/1234/payments';
const body = JSON.stringify({
  order: { amountOfMoney: { amount: 1000, currencyCode: 'EUR' }, customer: { billingAddress: { countryCode: 'NL' } } },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
  },
});
const date = new Date().toUTCString();
const sig = createHmac('sha256', 'sandbox-secret-api-key')
  .update(`POST\napplication/json\n${date}\n${path}\n`)
  .digest('base64');
const request = Buffer.from(
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nDate: ${date}\r\n` +
    `Authorization: GCS v1HMAC:sandbox-api-key-id:${sig}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
);
const BATCH = 50;

function drive(n) {
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1');
    let sent = 0;
    let got = 0;
    let tail = '';
    const send = () => {
      const k = Math.min(BATCH, n - sent);
      if (k > 0) s.write(Buffer.concat(Array(k).fill(request)));
      sent += k;
    };
    s.on('connect', send);
    s.on('data', (d) => {
      const text = tail + d.toString('latin1');
      let i = text.indexOf('HTTP/1.1 ');
      while (i >= 0) {
        if (text.length < i + 12) break;
        if (text.slice(i + 9, i + 12) !== '201') return reject(new Error(`HTTP ${text.slice(i + 9, i + 12)}`));
        got++;
        i = text.indexOf('HTTP/1.1 ', i + 12);
      }
      tail = text.slice(-11);
      if (got === n) {
        s.end();
        resolve();
      } else if (got === sent) send();
    });
    s.on('error', reject);
  });
}

await Promise.all(Array.from({ length: sockets }, () => drive(500))); // warm-up
const cpu0 = await ask('cpu');
const t0 = Date.now();
await Promise.all(Array.from({ length: sockets }, () => drive(Math.ceil(calls / sockets))));
const secs = (Date.now() - t0) / 1000;
const cpu1 = await ask('cpu');
const cpuSecs = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1e6;
const n = Math.ceil(calls / sockets) * sockets;
console.log(`${n} pipelined create-payment calls in ${secs.toFixed(1)} s (${Math.round(n / secs)} calls/s wall clock)`);
console.log(`  sandbox CPU: ${cpuSecs.toFixed(2)} s = ${Math.round(n / cpuSecs)} calls per CPU-second`);
child.send('stop');
