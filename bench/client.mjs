// One benchmark client, in its own process (pinned to core 1 by run.mjs). Loads the named adapter
// from ./clients, warms it up, then, on each {type:'measure', calls, capMs} from the parent, drives
// that many create-payment calls with `concurrency` in flight and reports the slice (calls, wall
// time, CPU time, per-call latencies). The process stays up between slices so that clients can be
// interleaved in short slices (A B C A B C ...) without warming up again; {type:'exit'} reports the
// peak RSS and ends it. Run by hand (no IPC), it measures `calls` once and prints the result.
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

function newTally() {
  return { issued: 0, completed: 0, declined: 0, expectedDeclines: 0, errors: 0, firstError: null };
}

/** Drives calls [start, start+count) with `concurrency` workers; records per-call latency (ms). */
async function drive(client, start, count, concurrency, capMs, latencies, tally) {
  const t0 = performance.now();
  const deadline = t0 + capMs;
  async function worker() {
    while (tally.issued < count) {
      if (performance.now() > deadline) return;
      const i = start + tally.issued++;
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
    noRetry: cfg.noRetry === true,
    sdkEntry: cfg.sdkEntry,
  });
  let next = 0; // index of the next call: every call of the process gets a unique merchantReference

  async function measure(calls, capMs, warmup) {
    const latencies = warmup ? null : new Float64Array(calls);
    const tally = newTally();
    const cpu0 = process.cpuUsage();
    const elapsedMs = await drive(client, next, calls, cfg.concurrency, capMs, latencies, tally);
    const cpu = process.cpuUsage(cpu0);
    next += tally.issued;
    return {
      completed: tally.completed,
      requested: calls,
      capped: tally.issued < calls,
      declined: tally.declined,
      expectedDeclines: tally.expectedDeclines,
      errors: tally.errors,
      firstError: tally.firstError,
      elapsedMs,
      cpuUs: cpu.user + cpu.system,
      maxRss: process.resourceUsage().maxRSS * 1024,
      latencies: latencies ? Array.from(latencies.subarray(0, tally.completed)) : [],
    };
  }

  // Warm-up (not measured): `warmup` calls or `warmupMs`, whichever ends first; lets the JIT settle
  // (V8 compiles on background threads, which process.cpuUsage counts) and opens the connections.
  const warm = await measure(cfg.warmup, cfg.warmupMs ?? cfg.capMs, true);
  if (warm.errors > 0) throw new Error(`warm-up failed: ${warm.firstError}`);

  if (!process.send) {
    const r = await measure(cfg.calls, cfg.capMs, false);
    const sorted = Float64Array.from(r.latencies).sort();
    await client.close();
    console.log(
      JSON.stringify({
        ...r,
        latencies: undefined,
        throughput: (r.completed / r.elapsedMs) * 1000,
        p50Ms: sorted[Math.floor(sorted.length * 0.5)],
        p99Ms: sorted[Math.floor(sorted.length * 0.99)],
        cpuUsPerCall: r.cpuUs / r.completed,
        maxRss: process.resourceUsage().maxRSS * 1024,
      }),
    );
    return;
  }

  await report({ type: 'ready' });
  await new Promise((resolve, reject) => {
    process.on('message', (m) => {
      if (m?.type === 'measure') {
        measure(m.calls, m.capMs, false).then((r) => report({ type: 'slice', ...r }), reject);
      } else if (m?.type === 'exit') {
        Promise.resolve(client.close())
          .then(() => report({ type: 'final', maxRss: process.resourceUsage().maxRSS * 1024 }))
          .then(resolve, reject);
      }
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
