// Results: the JSON document a run writes (bench/results/<date>.json), and --report, which reads one
// back, prints its tables and goals again and, with --readme, puts them into bench/README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { sizesFor } from './args.mjs';
import { BENCH_DIR } from './paths.mjs';
import { availabilityKey, scenarios } from './scenarios.mjs';
import { summarise } from './stats.mjs';
import { printReport } from './tables.mjs';

/** Where a run's JSON goes unless --out says otherwise. */
export function defaultOut(started, quick) {
  return join(BENCH_DIR, 'results', `${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`);
}

export function writeResults(file, doc) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * Results written before the sandbox scenario had several servers measured the sandbox as client
 * 'limit' (the limit client calling it); it is the row 'sandbox' now.
 */
function upgrade(doc) {
  for (const r of doc.runs) if (r.scenario === 'sandbox' && r.client === 'limit') r.client = 'sandbox';
  return doc;
}

/** --report FILE [--readme]: recompute and print the summary of a results JSON of an earlier run. */
export function reportOnly(file, { readme }) {
  const doc = upgrade(JSON.parse(readFileSync(file, 'utf8')));
  const unavailable = doc.unavailable ?? {};
  const defs = scenarios(sizesFor(doc.quick));
  const selected = doc.scenarios.map((d) => {
    const def = defs.find((s) => s.id === d.id);
    const ran = new Set(doc.runs.filter((r) => r.scenario === d.id).map((r) => r.client));
    return {
      ...def,
      calls: d.calls,
      clients: def.clients.filter((c) => ran.has(c) || unavailable[availabilityKey(def, c)]),
    };
  });
  const m = doc.machine;
  const head =
    `${doc.startedAt.slice(0, 16).replace('T', ' ')} UTC${doc.quick ? ' (quick)' : ''}, ${doc.rounds} round(s), ` +
    `${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), node ${m.node}, ${m.os}, ${m.pinned}, ` +
    `${m.priority ?? 'normal'} priority, load average at start ${m.loadavgAtStart.join(' ')}, ` +
    `at end ${m.loadavgAtEnd?.join(' ') ?? '-'}; run took ${doc.durationS} s`;
  console.log(readme ? `Measured ${head}.` : `connect-toolkit bench of ${head}`);
  const summary = summarise(selected, doc.runs, unavailable, doc.sandboxProblem ?? null);
  const { text } = printReport(selected, summary, {
    rounds: doc.rounds,
    markdown: readme,
    capMs: sizesFor(doc.quick).capMs,
  });
  if (readme) {
    // A run of the sandbox scenario alone goes to its own section; a run of everything to the main one.
    const section = selected.length === 1 && selected[0].id === 'sandbox' ? 'sandbox-results' : 'latest-results';
    const body = `Measured ${head}. Source: \`bench/results/${basename(file)}\`.\n${text}\n`;
    const path = replaceSection(join(BENCH_DIR, 'README.md'), section, body);
    console.log(`\nupdated ${relative(process.cwd(), path)} (${section})`);
  }
}

function replaceSection(readme, section, body) {
  const md = readFileSync(readme, 'utf8');
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const i = md.indexOf(start);
  const j = md.indexOf(end);
  if (i < 0 || j < i) throw new Error(`bench/README.md has no ${start} ... ${end} section`);
  writeFileSync(readme, `${md.slice(0, i + start.length)}\n${body}${md.slice(j)}`);
  return readme;
}
