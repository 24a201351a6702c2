// Quick transport comparison (run: npm run build -w connect-server-sdk && node packages/sdk/bench/transport.mjs).
// Same local keep-alive server, concurrency 16, N calls each of: node:http + keep-alive Agent, raw undici Pool
// (Date + ServerMetaInfo + HMAC + JSON, the floor), and the SDK (payments.get). Prints calls/second.

import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { Pool } from 'undici';
import { Connect } from '../dist/index.js';

const N = Number(process.env.N ?? 20000);
const C = 16;
const body = JSON.stringify({
  payment: { id: '000000123410000595980000100001', status: 'CAPTURED', statusOutput: { statusCode: 9 } },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
if (process.argv[2] === 'server') {
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  await new Promise(() => {});
}
// the server runs in a child process so the client's CPU cost is measured alone
const child = fork(new URL(import.meta.url).pathname, ['server']);
const port = await new Promise((r) => child.once('message', r));
const origin = `http://127.0.0.1:${port}`;
const meta = Buffer.from(JSON.stringify({ integrator: 'bench' })).toString('base64');
const sign = (method, date, path) =>
  createHmac('sha256', 'secret')
    .update(`${method}\n\n${date}\nx-gcs-servermetainfo:${meta}\n${path}\n`)
    .digest('base64');
const headersFor = (path) => {
  const date = new Date().toUTCString();
  return { Date: date, 'X-GCS-ServerMetaInfo': meta, Authorization: `GCS v1HMAC:key:${sign('GET', date, path)}` };
};

async function run(name, once) {
  for (let i = 0; i < 500; i++) await once(i);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) await once(next++);
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const usPerCall = (cpu.user + cpu.system) / N;
  console.log(`${name.padEnd(28)} ${Math.round((N / ms) * 1000)} calls/s, client CPU ${usPerCall.toFixed(1)} µs/call`);
  return 1e6 / usPerCall; // calls per CPU-second: robust against other load on the machine
}

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const agent = new Agent({ keepAlive: true, maxSockets: C });
const httpOnce = (i) => {
  const path = `/v1/1234/payments/p${i}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'GET', agent, headers: headersFor(path) },
      (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (t += c));
        res.on('end', () => resolve(JSON.parse(t)));
      },
    );
    req.on('error', reject);
    req.end();
  });
};
const pool = new Pool(origin, { connections: C });
const undiciOnce = async (i) => {
  const path = `/v1/1234/payments/p${i}`;
  const res = await pool.request({ path, method: 'GET', headers: headersFor(path) });
  return JSON.parse(await res.body.text());
};
const connect = new Connect({
  host: '127.0.0.1',
  scheme: 'http',
  port,
  apiKeyId: 'key',
  secretApiKey: 'secret',
  integrator: 'bench',
  maxConnections: C,
});
const m = connect.merchant('1234');
const sdkOnce = (i) => m.payments.get(`p${i}`);
const best = { http: 0, undici: 0, sdk: 0 };
for (let r = 0; r < ROUNDS; r++) {
  best.undici = Math.max(best.undici, await run('undici Pool (raw floor)', undiciOnce));
  best.sdk = Math.max(best.sdk, await run('connect-server-sdk', sdkOnce));
  best.http = Math.max(best.http, await run('node:http keep-alive Agent', httpOnce));
}
console.log(
  `best of ${ROUNDS} (calls per client CPU-second): node:http / undici ${(best.http / best.undici).toFixed(2)}x, sdk / undici ${(best.sdk / best.undici).toFixed(2)}x`,
);
agent.destroy();
await pool.close();
await connect.close();
child.kill();
