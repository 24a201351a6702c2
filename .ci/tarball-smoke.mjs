// Smoke test of the packed tarballs, run by .ci/pack-smoke.sh inside an empty folder where only the two tarballs
// are installed: ESM import, CJS require (main entry and /compat), the `connect-sandbox` bin, and one payment.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startSandbox } from 'connect-sandbox';
import { Connect, ValidationError } from 'connect-server-sdk';

const require = createRequire(import.meta.url);
const cjs = require('connect-server-sdk');
assert.equal(typeof cjs.Connect, 'function', 'require("connect-server-sdk").Connect');
const compat = require('connect-server-sdk/compat');
assert.equal(typeof compat.init, 'function', 'require("connect-server-sdk/compat").init');
assert.equal(typeof compat.payments.create, 'function', 'compat payments.create');
assert.equal(typeof startSandbox, 'function', 'import { startSandbox } from "connect-sandbox"');

const bin = spawn(join('node_modules', '.bin', 'connect-sandbox'), ['--port', '0', '--merchant-id', 'smoke'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the connect-sandbox bin did not start:\n${out}`)), 15_000);
    bin.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
    bin.on('exit', (code) => reject(new Error(`the connect-sandbox bin exited (${code}):\n${out}`)));
  });
  const connect = new Connect({
    host: url.hostname,
    port: Number(url.port),
    scheme: 'http',
    apiKeyId: 'sandbox-api-key-id',
    secretApiKey: 'sandbox-secret-api-key',
    integrator: 'tarball smoke test',
  });
  const m = connect.merchant('smoke');
  const res = await m.payments.create({
    order: {
      amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL' } },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      card: { cardNumber: '4567350000427977', cvv: '123', expiryDate: '1230' },
    },
  });
  assert.match(res.payment.id, /\S/, 'payment id');
  assert.ok(res.payment.status, 'payment status');
  const bad = await m.payments
    .create({ order: { amountOfMoney: { amount: -1, currencyCode: 'EUR' } } })
    .catch((e) => e);
  assert.ok(bad instanceof ValidationError, `a bad request is a ValidationError, got ${bad}`);
  await connect.close();
  console.log(`tarball smoke test passed: payment ${res.payment.id} ${res.payment.status} on ${url.origin}`);
} finally {
  bin.kill('SIGTERM');
}
