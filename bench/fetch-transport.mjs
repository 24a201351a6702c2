#!/usr/bin/env node
// The fetch transport's create-payment figure on Node, beside the default (undici pool), in the same run:
//
//   node bench/fetch-transport.mjs [--calls N] [--rounds R] [--concurrency C] [--baseline path/to/dist/index.js]
//
// The stand-in API server (bench/server.mjs) runs in its own process; the clients run in this one, interleaved
// by round (undici, fetch, undici+hooks, [baseline], undici, fetch, ...), median calls/s per client. Clients:
//   undici          new Connect(config): the default on Node
//   fetch           new Connect({ ...config, fetch: globalThis.fetch }): the fetch transport (Node's own fetch)
//   undici + hooks  the default with a no-op `hooks` object: the cost of the call events when someone listens
//   baseline        (--baseline) another build of the SDK, e.g. main before this change, for a before/after
// Ratios are to `undici` of the same run, for throughput and for the client's CPU time per call (this process;
// the server is another). The goal: the default is not slowed by the new seam, so
// baseline/undici stays ~1.0 within noise; the fetch figure is reported, not a goal.
import { fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_KEY_ID, createPaymentBody, INTEGRATOR, MERCHANT_ID, SECRET_API_KEY } from './lib/fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const CALLS = Number(opt('--calls', 3000));
const ROUNDS = Number(opt('--rounds', 3));
const CONCURRENCY = Number(opt('--concurrency', 16));
const baselinePath = opt('--baseline', undefined);

const server = fork(join(here, 'server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise((r) => server.on('message', (m) => m.type === 'ready' && r(m.port)));

const sdk = await import('connect-server-sdk');
const baseline = baselinePath ? await import(pathToFileURL(resolve(baselinePath)).href) : undefined;
const config = {
  host: '127.0.0.1',
  scheme: 'http',
  port,
  apiKeyId: API_KEY_ID,
  secretApiKey: SECRET_API_KEY,
  integrator: INTEGRATOR,
};
const noop = () => {};
const clients = {
  undici: () => new sdk.Connect(config),
  fetch: () => new sdk.Connect({ ...config, fetch: globalThis.fetch }),
  'undici + hooks': () =>
    new sdk.Connect({ ...config, hooks: { onStart: noop, onRetry: noop, onEnd: noop, onError: noop } }),
  ...(baseline ? { baseline: () => new baseline.Connect(config) } : {}),
};

async function measure(make) {
  const connect = make();
  const payments = connect.merchant(MERCHANT_ID).payments;
  const call = async (i) => {
    try {
      await payments.create(createPaymentBody(i));
    } catch (e) {
      if (e?.name !== 'DeclinedPaymentError') throw e;
    }
  };
  for (let i = 0; i < 200; i++) await call(i); // warm-up: connections, JIT
  let next = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) await call(next++);
    }),
  );
  const perSecond = CALLS / ((performance.now() - t) / 1000);
  const used = process.cpuUsage(cpu);
  await connect.close();
  // client CPU per call: less sensitive than throughput to other work on a shared machine
  return { perSecond, cpuUs: (used.user + used.system) / CALLS };
}

const samples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
const cpuSamples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
const order = Object.entries(clients);
// one uncounted round first: every client's code is compiled hot before anything is measured
for (const [, make] of order) await measure(make);
for (let round = 0; round < ROUNDS; round++) {
  // the order rotates per round: no client is always the first (or the last) after a given other
  for (let k = 0; k < order.length; k++) {
    const [name, make] = order[(k + round) % order.length];
    const m = await measure(make);
    samples[name].push(m.perSecond);
    cpuSamples[name].push(m.cpuUs);
  }
}
server.kill();
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ref = median(samples.undici);
const cpuRef = median(cpuSamples.undici);
console.log(`create-payment on Node ${process.version}, ${CALLS} calls x ${ROUNDS} rounds, concurrency ${CONCURRENCY}`);
console.log(
  '| client | calls/s (median) | x undici | client CPU µs/call (median) | x undici | calls/s per round |\n| --- | ---: | ---: | ---: | ---: | --- |',
);
for (const [name, s] of Object.entries(samples)) {
  const c = median(cpuSamples[name]);
  const all = s.map(Math.round).join(', ');
  console.log(
    `| ${name} | ${Math.round(median(s))} | ${(median(s) / ref).toFixed(2)} | ${c.toFixed(1)} | ${(c / cpuRef).toFixed(2)} | ${all} |`,
  );
}
