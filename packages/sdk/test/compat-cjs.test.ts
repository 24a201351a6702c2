/**
 * The published CommonJS entry: `require('connect-server-sdk/compat')` from a plain .cjs program, exactly as the
 * guide writes it. Runs the BUILT package (dist/), which `npm test` builds first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
let server: Server;
let port = 0;
const seen: { method: string; url: string; key: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  const replays = new Set<string>();
  server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const key = req.headers['x-gcs-idempotence-key'] as string | undefined;
      seen.push({ method: req.method ?? '', url: req.url ?? '', key, auth: req.headers.authorization });
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (key !== undefined && replays.has(key)) headers['X-GCS-Idempotence-Request-Timestamp'] = '1732780800123';
      if (key !== undefined) replays.add(key);
      res.writeHead(req.method === 'POST' ? 201 : 200, headers);
      res.end(JSON.stringify({ payment: { id: 'p-1', status: 'PENDING_APPROVAL' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function runCjs(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // run from the sdk package so that require resolves the workspace package by name
    execFile(
      process.execPath,
      ['-e', source],
      { cwd: join(import.meta.dirname, '..'), timeout: 15_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe("require('connect-server-sdk/compat') (CommonJS, built package)", () => {
  it('resolves to the built CommonJS file', () => {
    const resolved = require.resolve('connect-server-sdk/compat');
    expect(resolved.endsWith(join('dist', 'compat', 'index.cjs'))).toBe(true);
    expect(existsSync(resolved), `${resolved} is missing: run npm run build`).toBe(true);
    expect(dirname(resolved)).toMatch(/compat$/);
  });

  it('the guide: init, payments.create with idemPotence, context.getIdempotenceRequestTimestamp, webhooks.init', async () => {
    const out = await runCjs(`
var connectSdk = require('connect-server-sdk/compat');
var logger = { lines: [], info: function (m) { this.lines.push(m); }, warn: function () {}, error: function () {} };
connectSdk.init({
  host: '127.0.0.1',
  scheme: 'http',
  port: ${port},
  enableLogging: true, // defaults to false
  logger: logger, // if undefined console.log will be used
  apiKeyId: 'cjs-key',
  secretApiKey: 'cjs-secret',
  integrator: 'cjs-test'
});
var webhooks = require('connect-server-sdk/compat').webhooks;
webhooks.init({
  getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey
});
var results = [];
var paymentContext = {};
paymentContext.idemPotence = {
  key: 'idempotence'
};
function once(done) {
  connectSdk.payments.create('1234', { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } }, paymentContext, function (error, sdkResponse) {
    results.push({ error: error && error.message, status: sdkResponse && sdkResponse.status, isSuccess: sdkResponse && sdkResponse.isSuccess,
      ts: connectSdk.context.getIdempotenceRequestTimestamp() || null });
    done();
  });
}
once(function () { once(function () {
  console.log(JSON.stringify({ results: results, logged: logger.lines.length, sameObject: require('connect-server-sdk/compat').payments === connectSdk.payments }));
  connectSdk.close();
}); });
`);
    const parsed = JSON.parse(out) as { results: unknown[]; logged: number; sameObject: boolean };
    expect(parsed.results).toEqual([
      { error: null, status: 201, isSuccess: true, ts: null },
      { error: null, status: 201, isSuccess: true, ts: '1732780800123' },
    ]);
    expect(parsed.logged).toBe(4);
    expect(parsed.sameObject).toBe(true);
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts.map((s) => s.key)).toEqual(['idempotence', 'idempotence']);
    expect(posts[0]!.auth).toMatch(/^GCS v1HMAC:cjs-key:/);
  });
});
