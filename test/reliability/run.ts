/**
 * The reliability suite (`npm run test:reliability`): fault injection, concurrency, hostile
 * requests, hostile responses, memory, then a secrets scan over everything the run showed. Prints
 * the table and exits 1 when any "bad" count is not 0.
 *
 *   npm run test:reliability -- --quick   bounded (CI, about a minute); writes artifacts/reliability/quick.md
 *   npm run test:reliability -- --full    1,000,000 requests for the memory part; writes docs/reliability.md
 *   --seed N                              fast-check seed (default: a fixed one, so a run can be repeated)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runConcurrency } from './concurrency.js';
import { runFaults } from './faults.js';
import { runHostileRequests } from './hostile-requests.js';
import { runHostileResponses } from './hostile-responses.js';
import { blindPatterns, emptyResult, fmt, type Mode, type SectionResult, scanSecrets } from './lib.js';
import { runMemory } from './memory.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});
if (values.quick && values.full) throw new TypeError('give --quick or --full, not both');
const mode: Mode = values.full ? 'full' : 'quick';
const seed = values.seed === undefined ? 20_261_201 : Number(values.seed);
if (!Number.isSafeInteger(seed)) throw new TypeError(`--seed must be an integer, got ${values.seed}`);
const out = values.out ?? (mode === 'full' ? 'docs/reliability.md' : 'artifacts/reliability/quick.md');

/** Breaks this suite found, each fixed in its own commit with a test named after it. */
const FOUND = [
  'sandbox: a client dripping its headers a byte at a time was never cut off (the header peek in front of node:http used an idle timer, and node\'s headersTimeout had not started): fixed with an absolute deadline (`packages/sandbox/test/hardening.test.ts`, "headers dripped a byte at a time")',
  'sandbox: headersTimeout and requestTimeout were never enforced (node:http starts its timeout timer on its own "listening" event, which the HTTP server behind the TCP front never had), so a request whose body never arrived in full was held forever: fixed, and such a request is answered 408 ("a request whose body never arrives in full")',
  'SDK: a server echoing the raw request kept the CVV and IBAN readable in err.responseBody, util.inspect(err) and logs when the request sat in a JSON string or in escaped JSON inside text: the obfuscator now masks by name inside such strings and escaped quotes (`packages/sdk/test/hardening.test.ts`, "echoed as a JSON string")',
  'SDK: a CommunicationError\'s cause (undici\'s HTTPParserError) kept the raw response bytes in `data`, showing echoed card data in util.inspect(err): the bytes are withheld ("raw bytes of a response the SDK could not parse")',
  'SDK: an error body nested 100,000 deep overflowed the stack in the obfuscator (a RangeError instead of an ApiError): masking stops at depth 100 ("nested 100,000 deep")',
  'SDK: a files.getFile stream failed with undici\'s own errors (ResponseContentLengthMismatchError for a body shorter than announced): the stream now fails with CommunicationError ("a file body shorter than its Content-Length")',
];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function section<T extends SectionResult>(name: string, run: () => Promise<T>): Promise<T | SectionResult> {
  log(`- ${name} ...`);
  try {
    const r = await run();
    log(`  done in ${(r.ms / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    // a section that cannot finish is a failure of the run, reported as such
    const r = emptyResult(name, 'the section failed to run');
    r.otherBad = 1;
    r.notes.push(`BAD the section threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    log(`  FAILED: ${e instanceof Error ? e.message : String(e)}`);
    return r;
  }
}

const startedAt = Date.now();
log(`reliability suite, ${mode} mode, seed ${seed}`);
const results: (SectionResult & { memory?: string })[] = [];
results.push(await section('fault injection', () => runFaults(mode, seed)));
results.push(await section('concurrency', () => runConcurrency(mode, seed)));
results.push(await section('hostile requests', () => runHostileRequests(mode, seed)));
results.push(await section('hostile responses', () => runHostileResponses(mode, seed)));
results.push(await section('memory', () => runMemory(mode, seed)));

const blind = blindPatterns();
const scan = scanSecrets();
const totalMs = Date.now() - startedAt;

const bad = (r: SectionResult) => r.crashes + r.hangs + r.doubleCharges + r.lostPayments + r.otherBad;
const badTotal = results.reduce((n, r) => n + bad(r), 0) + scan.findings.length + blind.length;

const sum = (k: keyof SectionResult) => results.reduce((n, r) => n + (r[k] as number), 0);
const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.attacks} | ${fmt(r.attacksTried)} | ${fmt(r.requestsSent)} | ${r.crashes} | ${r.hangs} | ` +
    `${r.doubleCharges} | ${r.lostPayments} | – | ${r.otherBad} | ${r.memory ?? '–'} | ${(r.ms / 1000).toFixed(0)} s |`,
);
rows.push(
  `| secrets scan | every SDK log line, error message, util.inspect and JSON of errors and clients, the sandbox's answers, event log and terminal output, searched for the API secret, card numbers, CVVs, IBANs and proxy credentials | ${fmt(scan.scanned)} texts | – | – | – | – | – | ${scan.findings.length} | ${blind.length} | – | – |`,
);
rows.push(
  `| **total** | | ${fmt(sum('attacksTried'))} | ${fmt(sum('requestsSent'))} | ${sum('crashes')} | ${sum('hangs')} | ${sum('doubleCharges')} | ${sum('lostPayments')} | ${scan.findings.length} | ${sum('otherBad') + blind.length} | | ${(totalMs / 1000).toFixed(0)} s |`,
);

const date = new Date().toISOString().slice(0, 10);
const doc = [
  `<!-- Generated by \`npm run test:reliability -- --${mode}\` (test/reliability/run.ts) on ${date}; do not edit: run it again. -->`,
  '',
  '# Reliability',
  '',
  `The standing reliability suite (issue 16), ${mode} mode, fast-check seed ${seed}, on ${date}: ` +
    (badTotal === 0 ? 'every "bad" column is 0.' : `**${badTotal} bad counts** (see the notes).`),
  'CI runs `npm run test:reliability -- --quick` (bounded; it fails on any bad count and writes its table to',
  '`artifacts/reliability/quick.md`, untracked); this file comes from `npm run test:reliability -- --full`.',
  '',
  '| Part | What was tried | Attacks | Requests sent | Crashes | Hangs | Double charges | Lost payments | Secrets found | Other bad | Memory (RSS) start / caps full / end | Time |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ...rows,
  '',
  '"Other bad": a broken invariant other than the named ones: over-capture or over-refund, a status that',
  "disagrees with its captures, an answer that is not well-formed HTTP or not in the platform's error shape, a",
  '5xx to a hostile request, an untyped SDK error, memory past its bound, a section that could not run, a secrets',
  'pattern that does not find its own canary.',
  '',
  '## Notes',
  '',
  ...results.flatMap((r) => [`**${r.name}**`, '', ...r.notes.map((n) => `- ${n.replaceAll('|', '\\|')}`), '']),
  ...(scan.findings.length > 0
    ? [
        '**secrets found**',
        '',
        ...scan.findings.slice(0, 20).map((f) => `- BAD ${f.what}: \`${JSON.stringify(f.excerpt)}\``),
        '',
      ]
    : []),
  ...(blind.length > 0 ? [`- BAD patterns blind to their canary: ${blind.join(', ')}`, ''] : []),
  '## Breaks this suite found',
  '',
  'Each fixed in its own commit, with a test that fails before the fix:',
  '',
  ...FOUND.map((f) => `- ${f}`),
  '',
  '## How it works',
  '',
  '`test/reliability/` (see its README): each part builds its inputs with fast-check from the seed, bounds every',
  'loop in count and time, and uses loopback addresses only. The memory part and the hostile-request part run the',
  "sandbox in a child process (`sandbox-child.ts`), so that a crash shows and the memory measured is the sandbox's.",
  '',
].join('\n');

const target = join(ROOT, out);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, doc);
log('');
log(rows.slice(-1)[0] as string);
for (const r of results) for (const n of r.notes) if (n.startsWith('BAD')) log(`${r.name}: ${n}`);
for (const f of scan.findings.slice(0, 10)) log(`secret found: ${f.what}: ${JSON.stringify(f.excerpt)}`);
if (blind.length > 0) log(`patterns blind to their canary: ${blind.join(', ')}`);
log(
  `\n${out} written; ${badTotal === 0 ? 'every bad count is 0' : `${badTotal} bad counts`} (${(totalMs / 1000).toFixed(0)} s)`,
);
process.exit(badTotal === 0 ? 0 : 1);
