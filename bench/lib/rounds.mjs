// Measuring one scenario: a process per client (or, in the sandbox scenario, a server process per
// target plus a limit client for each), rounds split into slices interleaved across clients, and
// one record per (client, round) appended to `runs`.

import { serviceDelta } from './processes.mjs';
import { CLIENTS } from './scenarios.mjs';
import { problemsOf } from './stats.mjs';
import { fmt } from './tables.mjs';
import { startTarget } from './targets.mjs';

/**
 * One scenario: every available client gets its own process (set up and warmed up one after the
 * other), then each round is split into `slices` short slices, interleaved across clients
 * (A B C A B C ...), so that load from outside the benchmark hits every client alike. A round's
 * figures aggregate its slices (calls / wall time, CPU / calls, percentiles over all its calls).
 *
 * ctx: {launch, args, sizes, rounds, slices, server, unavailable, key(c)}.
 */
export async function runScenario(s, ctx, runs) {
  const { args, sizes, launch } = ctx;
  const webhooks = s.kind === 'webhooks';
  const available = s.clients.filter((c) => !ctx.unavailable[ctx.key(c)]);
  const services = new Map(); // client -> the service it calls (its stats are read around each slice)
  const workers = new Map();
  const failed = new Map();
  /** Calls each client completed in the rounds (payments sent, for memory per stored payment). */
  const sent = new Map();
  try {
    if (s.kind === 'sandbox') {
      if (!(await startTargets(s, ctx, available, services, failed, runs))) return;
    } else if (!webhooks) {
      for (const c of available) services.set(c, ctx.server);
    }
    for (const c of available) {
      if (failed.has(c)) continue;
      const profileName = args.profile ? `${s.id}-${c}.cpuprofile` : undefined;
      const def = s.kind === 'api' ? CLIENTS[c] : CLIENTS.limit; // the sandbox's targets: the limit client
      const target = services.get(c)?.ready;
      const cfg = webhooks
        ? { client: c, warmup: s.warmup }
        : {
            client: def.adapter,
            logging: def.logging === true,
            noRetry: def.noRetry === true,
            ...(def.baseline ? { sdkEntry: args.sdkBaseline } : {}),
            ...(s.kind === 'sandbox'
              ? {
                  port: target.port,
                  apiKeyId: target.apiKeyId,
                  secretApiKey: target.secretApiKey,
                  merchantId: target.merchantId,
                }
              : { port: target.port }),
            warmup: s.warmup,
            warmupMs: sizes.warmupMs,
            capMs: sizes.capMs,
            concurrency: s.concurrency,
          };
      try {
        const w = await launch.startWorker(webhooks ? 'webhook-client.mjs' : 'client.mjs', cfg, {
          profileName,
          capMs: sizes.capMs,
        });
        workers.set(c, w);
      } catch (e) {
        failed.set(c, `failed to start: ${e.message}`);
      }
    }
    // Memory per stored payment: from after the warm-ups (JIT code, connections and buffers are in
    // place by then) to after the last round, over the payments sent in the rounds.
    const memoryBefore = new Map();
    for (const [c, service] of services) {
      // Only sandbox-host.mjs reports memory (with its ready message, when run with --expose-gc).
      if (s.kind === 'sandbox' && service.ready.memory && workers.has(c))
        memoryBefore.set(c, (await service.memory()).memory);
    }
    const sliceCalls = Math.ceil(s.calls / ctx.slices);
    const sliceCap = sizes.capMs / ctx.slices;
    for (let round = 1; round <= ctx.rounds; round++) {
      const acc = new Map([...workers.keys()].map((c) => [c, []]));
      for (let slice = 0; slice < ctx.slices; slice++) {
        for (const [c, w] of sliceOrder([...workers], (round - 1) * ctx.slices + slice)) {
          if (failed.has(c)) continue;
          const service = services.get(c);
          try {
            const before = service ? await service.stats() : null;
            const r = await w.measure(sliceCalls, sliceCap);
            const after = service ? await service.stats() : null;
            acc.get(c).push({ ...r, service: before && after ? serviceDelta(before, after, r) : null });
            sent.set(c, (sent.get(c) ?? 0) + r.completed);
          } catch (e) {
            failed.set(c, e.message);
          }
        }
      }
      for (const c of available) {
        const r = failed.has(c) ? { error: failed.get(c) } : aggregate(acc.get(c) ?? [], s.calls);
        const problem = problemsOf(r, s);
        runs.push({ round, scenario: s.id, client: c, ...r, problem });
        const shown = r.error
          ? `FAILED: ${r.error}`
          : `${fmt(r.throughput)}/s, CPU ${fmt(r.cpuUsPerCall, 1)} us/call${problem ? `, PROBLEM: ${problem}` : ''}`;
        console.log(`  round ${round} ${s.id.padEnd(10)} ${c.padEnd(13)} ${shown}`);
      }
      if (s.kind === 'sandbox') printRoundRatios(runs, s, round);
    }
    for (const [c, w] of workers) {
      const final = await w.exit();
      // Peak RSS over the process's whole life (each slice also reports the peak so far).
      for (const r of runs) if (r.scenario === s.id && r.client === c && final) r.maxRss = final.maxRss;
    }
    for (const [c, service] of services) {
      if (!memoryBefore.has(c) || failed.has(c)) continue;
      const after = (await service.memory()).memory;
      const memory = memoryPerPayment(memoryBefore.get(c), after, sent.get(c), service.ready.memory);
      for (const r of runs) if (r.scenario === s.id && r.client === c) r.memory = memory;
    }
  } finally {
    for (const w of workers.values()) w.kill();
    if (s.kind === 'sandbox') await Promise.all([...services.values()].map((x) => x.close()));
  }
}

/**
 * Starts the sandbox scenario's servers: the sandbox under test first (the others are called with
 * its credentials, and the node:http limit replays its answers). False when the sandbox itself
 * cannot start: then every target's runs are recorded as failed, as before there was more than one.
 */
async function startTargets(s, ctx, available, services, failed, runs) {
  let sandboxReady;
  try {
    const sandbox = await startTarget('sandbox', ctx);
    services.set('sandbox', sandbox);
    sandboxReady = sandbox.ready;
  } catch (e) {
    for (let round = 1; round <= ctx.rounds; round++) {
      for (const c of available) {
        runs.push({ round, scenario: s.id, client: c, error: `sandbox failed to start: ${e.message}` });
      }
    }
    return false;
  }
  for (const t of available) {
    if (t === 'sandbox') continue;
    try {
      const service = await startTarget(t, { ...ctx, sandboxReady });
      services.set(t, service);
    } catch (e) {
      failed.set(t, `failed to start: ${e.message}`);
    }
  }
  return true;
}

/** Retained heap and RSS per payment sent in the rounds (readings after a full GC). */
function memoryPerPayment(before, after, payments, atStart) {
  if (!before || !after || !payments) return null;
  return {
    payments,
    heapAtStart: atStart?.heapUsed,
    rssAtStart: atStart?.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBytesPerPayment: (after.heapUsed - before.heapUsed) / payments,
    rssBytesPerPayment: (after.rss - before.rss) / payments,
  };
}

/** After each round of the sandbox scenario: the sandbox's calls/s over each other target's. */
function printRoundRatios(runs, s, round) {
  const of = (c) => runs.find((r) => r.scenario === s.id && r.client === c && r.round === round && !r.problem);
  const sandbox = of('sandbox');
  if (!sandbox) return;
  const parts = [];
  for (const [c, name] of [
    ['http-limit', 'x node:http limit'],
    ['prism', 'x Prism'],
    ['sandbox-baseline', 'after/before (x baseline build)'],
  ]) {
    const o = of(c);
    if (o) parts.push(`${name} ${(sandbox.throughput / o.throughput).toFixed(2)}`);
  }
  if (parts.length) console.log(`  round ${round} sandbox calls/s: ${parts.join(', ')}`);
}

/**
 * Who runs when in slice k: the order rotates, so that who goes first changes from slice to slice,
 * and it runs backwards in every other cycle of rotations, so that no client always follows the same
 * one (rotation alone keeps the cyclic order: C would always follow B). What a process leaves behind
 * on its core (a garbage collector finishing its work, a cold cache) then costs every client alike.
 */
export function sliceOrder(clients, k) {
  const n = Math.max(1, clients.length);
  const order = Math.floor(k / n) % 2 ? [...clients].reverse() : clients;
  const turn = k % n;
  return [...order.slice(turn), ...order.slice(0, turn)];
}

/** One round of one client from its slices. */
export function aggregate(slices, requested) {
  const sum = (k) => slices.reduce((t, x) => t + (x[k] ?? 0), 0);
  const completed = sum('completed');
  const elapsedMs = sum('elapsedMs');
  const latencies = Float64Array.from(slices.flatMap((x) => x.latencies)).sort();
  const pct = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN;
  const svc = slices.map((x) => x.service).filter(Boolean);
  const svcCpu = svc.reduce((t, x) => t + x.cpuUsPerCall * x.calls, 0);
  return {
    completed,
    requested,
    slices: slices.length,
    capped: slices.some((x) => x.capped),
    declined: sum('declined'),
    expectedDeclines: sum('expectedDeclines'),
    errors: sum('errors'),
    firstError: slices.find((x) => x.firstError)?.firstError ?? null,
    elapsedMs,
    throughput: (completed / elapsedMs) * 1000,
    // Slice by slice, in the order measured: slice k of every client ran within a few seconds of the
    // others' slice k, so ratios of paired slices cancel most of the load from outside the bench.
    sliceThroughputs: slices.map((x) => Number(((x.completed / x.elapsedMs) * 1000).toFixed(1))),
    p50Ms: pct(50),
    p99Ms: pct(99),
    cpuUsPerCall: sum('cpuUs') / Math.max(1, completed),
    maxRss: Math.max(...slices.map((x) => x.maxRss ?? Number.NaN)),
    service: svc.length
      ? {
          cpuUsPerCall: svcCpu / Math.max(1, completed),
          utilisation: svcCpu / 1000 / elapsedMs,
          badSignatures: svc.reduce((t, x) => t + (x.badSignatures ?? 0), 0),
          rss: Math.max(...svc.map((x) => x.rss ?? Number.NaN)),
        }
      : null,
  };
}
