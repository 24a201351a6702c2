// Command line of bench/run.mjs: the options, their checks, and the run sizes they select.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs as parseArgv } from 'node:util';

export const USAGE = `usage: node bench/run.mjs [--quick] [--rounds N] [--only scenario,...] [--clients name,...]
  --quick          smoke run: a few hundred calls per client, 1 round (default 3 rounds, full sizes)
  --rounds N       number of interleaved rounds (medians are taken over rounds)
  --only LIST      scenarios to run: create-seq, create-c64, webhooks, sandbox
  --clients LIST   clients to run (limit always runs): ours, ours-logging, ours-classic, official5, official4,
                   and the diagnostic ours-noretry (modern API with maxRetries: 0)
  --targets LIST   servers of the sandbox scenario besides the sandbox and its node:http limit (which always
                   run): prism, sandbox-baseline (default: every available one)
  --sandbox-baseline PATH
                   also measure a second connect-sandbox build in the sandbox scenario, in the same rounds,
                   and report this build's throughput over it (after/before); PATH is the package folder,
                   its dist/ folder or its dist/index.js
  --sdk-baseline PATH
                   also measure a second connect-server-sdk build (modern API, client 'ours-baseline') in the
                   create-payment scenarios; PATH is the repository or package folder, its dist/ or dist/index.js
  --no-pin         do not pin processes to cores with taskset
  --priority       run the bench processes at raised priority (nice -10; needs root or CAP_SYS_NICE):
                   on a shared machine this keeps other work from dominating the measurement
  --profile        write a CPU profile of every client run (node --cpu-prof) to bench/profiles/ and
                   print where the time goes (see also: node bench/profile-summary.mjs FILE)
  --report FILE    print the tables and goals again from a results JSON (no measuring)
  --readme         with --report: write them (markdown) into the Performance section of bench/README.md
  --out FILE       where to write the JSON results (default bench/results/<YYYY-MM-DD>[-quick].json)`;

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  only: { type: 'string' },
  clients: { type: 'string' },
  targets: { type: 'string' },
  'sandbox-baseline': { type: 'string' },
  'sdk-baseline': { type: 'string' },
  'no-pin': { type: 'boolean', default: false },
  priority: { type: 'boolean', default: false },
  profile: { type: 'boolean', default: false },
  report: { type: 'string' },
  readme: { type: 'boolean', default: false },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/** Parsed options, or throws an Error whose message names the problem (and shows the usage). */
export function parseArgs(argv) {
  let values;
  try {
    ({ values } = parseArgv({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new Error(`${e.message}\n${USAGE}`);
  }
  const list = (v) => (v === undefined ? null : v.split(',').filter(Boolean));
  const o = {
    help: values.help,
    quick: values.quick,
    rounds: null,
    only: list(values.only),
    clients: list(values.clients),
    targets: list(values.targets),
    sandboxBaseline: values['sandbox-baseline']
      ? baselineEntry('--sandbox-baseline', values['sandbox-baseline'], 'sandbox')
      : null,
    sdkBaseline: values['sdk-baseline'] ? baselineEntry('--sdk-baseline', values['sdk-baseline'], 'sdk') : null,
    pin: !values['no-pin'],
    out: values.out ?? null,
    profile: values.profile,
    priority: values.priority,
    report: values.report,
    readme: values.readme,
  };
  if (values.rounds !== undefined) {
    o.rounds = Number(values.rounds);
    if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error('--rounds must be a positive integer');
  }
  if (o.readme && !o.report) throw new Error('--readme goes with --report FILE');
  return o;
}

/** The dist/index.js of the build given to --sandbox-baseline or --sdk-baseline. */
function baselineEntry(option, path, pkg) {
  const p = resolve(path);
  const candidates = [p, join(p, 'index.js'), join(p, 'dist/index.js'), join(p, `packages/${pkg}/dist/index.js`)];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) {
    const name = pkg === 'sdk' ? 'connect-server-sdk' : 'connect-sandbox';
    throw new Error(
      `${option} ${path}: no built ${name} there (looked for ${candidates.slice(1).join(', ')}; ` +
        `build it with: npm ci && npm run build -w ${name})`,
    );
  }
  return found;
}

/** Calls per client ([measured, warm-up]) and limits for a full or a --quick run. */
export function sizesFor(quick) {
  return quick
    ? {
        seq: [300, 300],
        c64: [600, 600],
        webhooks: [3000, 1000],
        sandbox: [600, 600],
        rounds: 1,
        slices: 2,
        capMs: 20_000,
        warmupMs: 1000,
      }
    : {
        seq: [2000, 3000],
        c64: [10_000, 5000],
        webhooks: [30_000, 10_000],
        sandbox: [10_000, 3000],
        rounds: 3,
        slices: 5,
        capMs: 60_000,
        warmupMs: 3000,
      };
}
