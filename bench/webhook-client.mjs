// Webhook scenario, one implementation per process: verify the X-GCS-Signature of a ~2 KB event and
// parse it, `calls` times in a row per {type:'measure'} slice (awaiting each, as a web handler
// would), after a warm-up. Same slice protocol as client.mjs.
// Implementations: 'limit' (createHmac + timingSafeEqual + JSON.parse, nothing else), 'ours'
// (WebhooksHelper from connect-server-sdk), 'official5' (connect-sdk-nodejs 5.2.0 webhooks.v1).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { WEBHOOK_KEY_ID, WEBHOOK_SECRET, webhookEventJson } from './lib/fixtures.mjs';
import { report } from './lib/report.mjs';

const require = createRequire(import.meta.url);
const cfg = JSON.parse(process.argv[2] ?? '{}');

const body = Buffer.from(webhookEventJson());
const headers = {
  'content-type': 'application/json',
  'x-gcs-signature': createHmac('sha256', WEBHOOK_SECRET).update(body).digest('base64'),
  'x-gcs-keyid': WEBHOOK_KEY_ID,
};

async function makeUnmarshal(impl) {
  if (impl === 'limit') {
    return async (b, h) => {
      const given = Buffer.from(h['x-gcs-signature']);
      const expected = Buffer.from(createHmac('sha256', WEBHOOK_SECRET).update(b).digest('base64'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
      return JSON.parse(b.toString());
    };
  }
  if (impl === 'ours') {
    const sdk = await import('connect-server-sdk');
    const keys = new sdk.InMemorySecretKeyStore();
    keys.storeSecretKey(WEBHOOK_KEY_ID, WEBHOOK_SECRET);
    const webhooks = new sdk.WebhooksHelper({ secretKeyStore: keys });
    return (b, h) => webhooks.unmarshal(b, h);
  }
  if (impl === 'official5') {
    const sdk = require('connect-sdk-nodejs-5');
    sdk.webhooks.inMemorySecretKeyStore.storeSecretKey(WEBHOOK_KEY_ID, WEBHOOK_SECRET);
    const helper = sdk.webhooks.v1.init(sdk.webhooks.inMemorySecretKeyStore);
    return (b, h) => helper.unmarshal(b, h);
  }
  throw new Error(`unknown webhook implementation '${impl}'`);
}

async function main() {
  const unmarshal = await makeUnmarshal(cfg.client);
  // Correctness first: a good event parses, a tampered one is rejected.
  const event = await unmarshal(body, headers);
  if (event?.type !== 'payment.paid' || typeof event?.payment?.id !== 'string') throw new Error('event not parsed');
  const tampered = Buffer.from(body);
  tampered[tampered.length - 2] ^= 1;
  let rejected = false;
  try {
    await unmarshal(tampered, headers);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error('a tampered event was accepted');

  async function measure(events) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    for (; n < events; n++) {
      const e = await unmarshal(body, headers);
      if (e.id === undefined) throw new Error('event without id');
    }
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    return {
      completed: n,
      requested: events,
      errors: 0,
      elapsedMs,
      cpuUs: cpu.user + cpu.system,
      maxRss,
      latencies: [],
    };
  }

  await measure(cfg.warmup);
  if (!process.send) {
    const r = await measure(cfg.events);
    console.log(
      JSON.stringify({ ...r, throughput: (r.completed / r.elapsedMs) * 1000, cpuUsPerCall: r.cpuUs / r.completed }),
    );
    return;
  }
  await report({ type: 'ready', eventBytes: body.length });
  await new Promise((resolve, reject) => {
    process.on('message', (m) => {
      if (m?.type === 'measure') measure(m.calls).then((r) => report({ type: 'slice', ...r }), reject);
      else if (m?.type === 'exit')
        report({ type: 'final', maxRss: process.resourceUsage().maxRSS * 1024 }).then(resolve);
    });
    process.on('disconnect', resolve);
  });
}

main().then(
  () => process.exit(0),
  (e) =>
    report({ type: 'error', message: `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 500)}` }).then(() =>
      process.exit(1),
    ),
);
