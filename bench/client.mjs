// One benchmark client run, in its own process (pinned to core 1 by run.mjs). Loads the named
// adapter from ./clients, warms it up, then drives `calls` create-payment calls with `concurrency`
// in flight (capped at `capMs`), and reports throughput, latency percentiles, CPU per call and
// peak RSS to the parent over IPC.
import { performance } from 'node:perf_hooks';
import {
  API_KEY_ID,
  createPaymentBody,
  INTEGRATOR,
  isDeclineCall,
  MERCHANT_ID,
  SECRET_API_KEY,
} from './lib/fixtures.mjs';
import { report } from './lib/report.mjs';

const cfg = JSON.parse(process.argv[2] ?? '{}');
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Drives calls [start, start+count) with `concurrency` workers; records per-call latency (ms). */
async function drive(client, start, count, concurrency, capMs, latencies, tally) {
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + capMs;
  async function worker() {
    while (next < count) {
      if (performance.now() > deadline) return;
      const k = next++;
      const i = start + k;
      const body = createPaymentBody(i);
      const s = performance.now();
      try {
        const outcome = await client.createPayment(body);
        if (latencies) latencies[tally.completed] = performance.now() - s;
        tally.completed++;
        if (outcome === 'declined') tally.declined++;
        if (isDeclineCall(i)) tally.expectedDeclines++;
      } catch (e) {
        tally.errors++;
        if (!tally.firstError) tally.firstError = `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 300)}`;
        if (tally.errors > 50) throw new Error(`too many errors; first: ${tally.firstError}`);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t0;
}

async function main() {
  const adapter = await import(`./clients/${cfg.client}.mjs`);
  const client = await adapter.create({
    host: cfg.host ?? '127.0.0.1',
    port: cfg.port,
    merchantId: cfg.merchantId ?? MERCHANT_ID,
    apiKeyId: cfg.apiKeyId ?? API_KEY_ID,
    secretApiKey: cfg.secretApiKey ?? SECRET_API_KEY,
    integrator: INTEGRATOR,
    concurrency: cfg.concurrency,
    logging: cfg.logging === true,
  });

  // Warm-up (not measured): `warmup` calls or `warmupMs`, whichever ends first; lets the JIT settle
  // (V8 compiles on background threads, which process.cpuUsage counts) and opens the connections.
  const warm = { completed: 0, declined: 0, expectedDeclines: 0, errors: 0, firstError: null };
  await drive(client, 0, cfg.warmup, cfg.concurrency, cfg.warmupMs ?? cfg.capMs, null, warm);
  if (warm.errors > 0) throw new Error(`warm-up failed: ${warm.firstError}`);

  // Tell the parent the measured phase starts (it samples the server's CPU) and wait for its go.
  if (process.send) {
    const go = new Promise((resolve) => process.once('message', resolve));
    await report({ type: 'start' });
    await go;
  }
  const latencies = new Float64Array(cfg.calls);
  const tally = { completed: 0, declined: 0, expectedDeclines: 0, errors: 0, firstError: null };
  const cpu0 = process.cpuUsage();
  const elapsedMs = await drive(
    client,
    warm.completed + warm.errors,
    cfg.calls,
    cfg.concurrency,
    cfg.capMs,
    latencies,
    tally,
  );
  const cpu = process.cpuUsage(cpu0);
  const maxRss = process.resourceUsage().maxRSS * 1024;

  const sorted = latencies.subarray(0, tally.completed).sort();
  await client.close();
  await report({
    type: 'result',
    completed: tally.completed,
    requested: cfg.calls,
    capped: tally.completed + tally.errors < cfg.calls,
    declined: tally.declined,
    expectedDeclines: tally.expectedDeclines,
    errors: tally.errors,
    firstError: tally.firstError,
    elapsedMs,
    throughput: (tally.completed / elapsedMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuUsPerCall: (cpu.user + cpu.system) / Math.max(1, tally.completed),
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    maxRss,
  });
}

main().then(
  () => process.exit(0),
  (e) =>
    report({ type: 'error', message: `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 500)}` }).then(() =>
      process.exit(1),
    ),
);
