#!/usr/bin/env node
// Example shop benchmark: orders per second through the server-built flow (cart -> order -> card payment
// created by the shop through connect-server-sdk against connect-sandbox) and the p50/p99 latency of one
// checkout (the POST that creates the payment), with the orders in PGlite and in PostgreSQL.
//
//   npm run build && node scripts/with-postgres.mjs node bench/shop.mjs [--orders N] [--concurrency C] [--quick]
//
// The shop runs in its own process (node examples/shop/dist/main.js), the sandbox and this load generator in
// this one, so the shop gets a core of its own on a 2-core machine. Without DATABASE_URL only PGlite is measured.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const { values } = parseArgs({
  options: { orders: { type: 'string' }, concurrency: { type: 'string' }, quick: { type: 'boolean' } },
});
const ORDERS = Number(values.orders ?? (values.quick ? 60 : 400));
const CONCURRENCY = Number(values.concurrency ?? 8);
const WARMUP = values.quick ? 10 : 40;

for (const f of ['packages/sandbox/dist/index.js', 'examples/shop/dist/main.js', 'packages/sdk/dist/index.js']) {
  if (!existsSync(join(root, f))) {
    console.error(`bench/shop.mjs: ${f} is missing: run npm run build first`);
    process.exit(1);
  }
}
const { startSandbox } = await import(pathToFileURL(join(root, 'packages/sandbox/dist/index.js')).href);

async function freshPostgres() {
  const { default: pg } = await import('pg');
  const name = `shop_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function startShop(env) {
  const child = spawn(process.execPath, ['examples/shop/dist/main.js'], {
    cwd: root,
    env: { ...process.env, ...env, SHOP_PORT: '0', SHOP_INSTANCE: 'bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^shop listening on (\S+)/.exec(line);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`the shop exited with ${code}`)));
  });
}

/** One customer: cart -> order -> pay by card. Returns the checkout (payment POST) latency in ms. */
async function oneOrder(shopUrl) {
  let cookie = '';
  const call = async (method, path, form) => {
    const res = await fetch(shopUrl + path, {
      method,
      redirect: 'manual',
      headers: { Cookie: cookie, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) cookie = [cookie, c.split(';')[0]].filter(Boolean).join('; ');
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };
  await call('POST', '/cart', { productId: 'mug' });
  const token = /name="checkoutToken" value="([0-9a-f]+)"/.exec((await call('GET', '/cart')).text)?.[1];
  const placed = await call('POST', '/orders', { checkoutToken: token, flow: 'server' });
  const orderId = /^\/orders\/([^/]+)\/pay$/.exec(placed.location ?? '')?.[1];
  const started = performance.now();
  const paid = await call('POST', `/orders/${orderId}/pay`, {
    paymentProductId: '1',
    cardNumber: '4567350000427977',
    expiryDate: '12/30',
    cvv: '123',
    cardholderName: 'Bench Mark',
  });
  const ms = performance.now() - started;
  if (paid.status !== 303 || paid.location !== `/orders/${orderId}`) throw new Error(`checkout failed: ${paid.status}`);
  return ms;
}

async function runOrders(shopUrl, count) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        latencies.push(await oneOrder(shopUrl));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { orders: count, ordersPerSecond: count / seconds, p50: pct(50), p99: pct(99) };
}

const databases = ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];
const results = [];
for (const database of databases) {
  const sandbox = await startSandbox({ port: 0 });
  const pgdb = database === 'postgres' ? await freshPostgres() : undefined;
  const shop = await startShop({
    CONNECT_API_ENDPOINT: sandbox.url,
    CONNECT_API_KEY_ID: sandbox.apiKeyId,
    CONNECT_SECRET_API_KEY: sandbox.secretApiKey,
    CONNECT_MERCHANT_ID: sandbox.merchantId,
    DATABASE_URL: pgdb?.url ?? '',
  });
  try {
    await runOrders(shop.url, WARMUP);
    results.push({ database, ...(await runOrders(shop.url, ORDERS)) });
  } finally {
    shop.child.kill('SIGTERM');
    await new Promise((r) => shop.child.once('exit', r));
    await sandbox.close();
    await pgdb?.drop();
  }
}

console.log(
  `\nexample shop, server-built flow: ${ORDERS} orders, ${CONCURRENCY} customers at a time (Node ${process.version})\n`,
);
console.log('| database | orders/s | checkout p50 | checkout p99 |');
console.log('|---|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.database} | ${r.ordersPerSecond.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms |`);
}
