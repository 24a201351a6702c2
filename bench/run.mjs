#!/usr/bin/env node
// Benchmark orchestrator (`npm run bench`, or `node bench/run.mjs --quick`).
//
// Starts the stand-in API server in its own process (core 0), then runs every client in its own
// process (core 1) for every scenario, interleaved by round (A B C A B C ...), and prints medians
// and ratios to the LIMIT measured in the same run. Writes bench/results/<date>.json.
// Clients whose package is not built yet are reported as "not available" instead of failing.
// The jobs live in bench/lib/ (see bench/README.md, "Layout"); this file only runs them in order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs, sizesFor, USAGE } from './lib/args.mjs';
import { PROFILE_DIR } from './lib/paths.mjs';
import { CLIENT_CORE, launcher, SERVER_CORE } from './lib/processes.mjs';
import { defaultOut, reportOnly, writeResults } from './lib/results.mjs';
import { runScenario } from './lib/rounds.mjs';
import { availabilityKey, probe, scenarios, select } from './lib/scenarios.mjs';
import { summarise } from './lib/stats.mjs';
import { printReport } from './lib/tables.mjs';

async function main(args) {
  const started = new Date();
  const sizes = sizesFor(args.quick);
  const rounds = args.rounds ?? sizes.rounds;
  const selected = select(scenarios(sizes), args);

  // Availability, decided once per run.
  const unavailable = {};
  for (const s of selected) {
    for (const c of s.clients) {
      const key = availabilityKey(s, c);
      if (!(key in unavailable)) unavailable[key] = await probe(s, c, args);
    }
  }
  // Without the sandbox under test the sandbox scenario has nothing to measure (the other servers
  // are called with its credentials and answer its bytes).
  const sandboxProblem = selected.some((s) => s.kind === 'sandbox') ? unavailable['sandbox:sandbox'] : null;

  const launch = launcher(args);
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    pinned: launch.hasTaskset ? `taskset: server core ${SERVER_CORE}, client core ${CLIENT_CORE}` : 'not pinned',
    priority: launch.canRenice ? 'nice -10' : 'normal',
    loadavgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
  console.log(
    `connect-toolkit bench${args.quick ? ' (quick)' : ''}: ${rounds} round(s), ${machine.cpu}, ${machine.cores} cores, ` +
      `node ${machine.node}, ${machine.pinned}, ${machine.priority} priority, load ${machine.loadavgAtStart.join(' ')}`,
  );

  const server = await launch.startService('server.mjs', []);
  const runs = []; // one entry per (scenario, client, round): the aggregate of that round's slices
  try {
    for (const s of selected) {
      if (s.kind === 'sandbox' && sandboxProblem) continue;
      const key = (c) => availabilityKey(s, c);
      await runScenario(s, { launch, args, sizes, rounds, slices: sizes.slices, server, unavailable, key }, runs);
    }
  } finally {
    await server.close();
  }

  const summary = summarise(selected, runs, unavailable, sandboxProblem);
  const { goalList } = printReport(selected, summary, { rounds, capMs: sizes.capMs });

  machine.loadavgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  const finished = new Date();
  const out = args.out ?? defaultOut(started, args.quick);
  const doc = {
    startedAt: started.toISOString(),
    durationS: Math.round((finished - started) / 1000),
    quick: args.quick,
    rounds,
    machine,
    scenarios: selected.map((s) => ({
      id: s.id,
      title: s.title,
      calls: s.calls,
      warmup: s.warmup,
      concurrency: s.concurrency ?? 1,
    })),
    unavailable,
    sandboxProblem,
    sandboxBaseline: args.sandboxBaseline,
    summary,
    goals: goalList,
    runs,
  };
  writeResults(out, doc);
  console.log(`\nwrote ${relative(process.cwd(), out)} (${doc.durationS} s)`);
  if (args.profile && existsSync(PROFILE_DIR)) {
    const { summarise: summariseProfile } = await import('./profile-summary.mjs');
    for (const f of readdirSync(PROFILE_DIR).filter((n) => n.endsWith('.cpuprofile'))) {
      console.log(`\n== ${relative(process.cwd(), join(PROFILE_DIR, f))}`);
      console.log(summariseProfile(JSON.parse(readFileSync(join(PROFILE_DIR, f), 'utf8')), 8));
    }
  }
  // For CI: a client that fails (errors, wrong declines, bad signatures) fails the run; a missed goal
  // or a client that is not built yet does not.
  const failures = runs.filter((r) => r.problem);
  if (failures.length > 0) {
    console.error(
      `${failures.length} client run(s) failed: ${[...new Set(failures.map((r) => `${r.scenario}/${r.client}`))].join(', ')}`,
    );
    process.exitCode = 1;
  }
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
(args.report ? Promise.resolve().then(() => reportOnly(args.report, args)) : main(args)).catch((e) => {
  console.error(`bench failed: ${e?.message ?? e}`);
  process.exit(1);
});
