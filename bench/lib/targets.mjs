// The servers of the sandbox scenario: the sandbox under test (and a baseline build of it), its
// limit (a bare node:http server answering the very bytes the sandbox answered to the same call),
// and its peer (Prism mocking spec/connect-v1.yaml). Each is started here and returned as a service
// ({ready: {port, credentials}, stats(), memory?(), close()}).
import { request } from 'node:http';
import { join } from 'node:path';
import { createPaymentBody, DECLINE_EVERY, INTEGRATOR } from './fixtures.mjs';
import { ROOT, SANDBOX_DIST } from './paths.mjs';
import { PRISM_ENTRY } from './probes.mjs';
import { serverMetaInfo, signature, stringToSign } from './sign.mjs';

/** Headers the node:http limit must not copy: node:http sets them itself for each response. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * Starts target `t`. `sandboxReady` (the sandbox under test's ready message) gives the credentials
 * every target is called with, and is where the node:http limit's bytes are captured from.
 */
export async function startTarget(t, { launch, args, sandboxReady }) {
  const profileName = args.profile ? `target-${t}.cpuprofile` : undefined;
  if (t === 'sandbox' || t === 'sandbox-baseline') {
    const dist = t === 'sandbox' ? SANDBOX_DIST : args.sandboxBaseline;
    // --expose-gc: the memory per stored payment is read after a full GC (see sandbox-host.mjs).
    return launch.startService('sandbox-host.mjs', [dist], { profileName, nodeArgs: ['--expose-gc'] });
  }
  const creds = credentialsOf(sandboxReady);
  if (t === 'http-limit') {
    const answers = await captureAnswers(sandboxReady);
    const service = await launch.startService('http-limit.mjs', [JSON.stringify(answers)], { profileName });
    // It must answer what the sandbox answered, byte for byte, or the ratio to it means nothing.
    const ready = { ...sandboxReady, port: service.ready.port };
    const check = await signedPost(ready, `/v1/${ready.merchantId}/payments`, JSON.stringify(createPaymentBody(0)));
    if (check.status !== answers[0].status || check.body !== answers[0].body) {
      await service.close();
      throw new Error('the node:http limit does not answer the bytes the sandbox answered');
    }
    return { ...service, ready: { ...service.ready, ...creds } };
  }
  if (t === 'prism') {
    const spec = join(ROOT, 'spec/connect-v1.yaml');
    // -v warn: Prism logs every request at its default level (info); a user measuring it would turn
    // that off too. Static examples (no --dynamic), as `prism mock spec.yaml` does by default.
    const argv = [process.execPath, PRISM_ENTRY, 'mock', '-h', '127.0.0.1', '-p', '{port}', '-v', 'warn', spec];
    const service = await launch.startProgram('Prism', argv, waitForHttp);
    return { ...service, ready: { ...service.ready, ...creds } };
  }
  throw new Error(`unknown target ${t}`);
}

function credentialsOf(ready) {
  return { apiKeyId: ready.apiKeyId, secretApiKey: ready.secretApiKey, merchantId: ready.merchantId };
}

/**
 * What the sandbox answers to the bench's create-payment call, for an ordinary call and for a call
 * with the decline amount, as {amount, status, headers, body}: the node:http limit replays them.
 */
async function captureAnswers(ready) {
  const out = [];
  for (const i of [0, DECLINE_EVERY - 1]) {
    const body = createPaymentBody(i);
    // A reference of its own, so that the capture does not collide with the client's calls.
    body.order.references.merchantReference = `bench-capture-${process.pid}-${i}`;
    const answer = await signedPost(ready, `/v1/${ready.merchantId}/payments`, JSON.stringify(body));
    if (answer.status !== 201 && answer.status !== 402) {
      throw new Error(`the sandbox answered the bench's create-payment call with HTTP ${answer.status}`);
    }
    out.push({ amount: body.order.amountOfMoney.amount, ...answer });
  }
  return out;
}

function signedPost(ready, path, payload) {
  const date = new Date().toUTCString();
  const meta = serverMetaInfo(INTEGRATOR, 'BenchCapture/1.0');
  const toSign = stringToSign('POST', 'application/json', date, [['x-gcs-servermetainfo', meta]], path);
  const headers = {
    'content-type': 'application/json',
    date,
    'x-gcs-servermetainfo': meta,
    authorization: `GCS v1HMAC:${ready.apiKeyId}:${signature(ready.secretApiKey, toSign)}`,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ready.port, method: 'POST', path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const kept = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!OWN_HEADERS.has(res.rawHeaders[i].toLowerCase())) kept.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        }
        resolve({ status: res.statusCode, headers: kept, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Resolves once anything answers HTTP on the port (Prism prints nothing useful at -v warn). */
async function waitForHttp(port, stopped) {
  for (;;) {
    if (stopped()) return new Promise(() => {}); // the caller's exit handler reports why
    const up = await new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'GET', path: '/', timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
      req.end();
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
