// Tables: the summary of a run as aligned text (stdout) or markdown (bench/README.md).
import { goals } from './goals.mjs';

export function fmt(x, digits = 0) {
  if (!Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtRatio(x) {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : '-';
}

export function table(rows, markdown) {
  if (markdown) {
    const cells = (r) => `| ${r.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
    const sep = `|${rows[0].map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`;
    return [cells(rows[0]), sep, ...rows.slice(1).map(cells)].join('\n');
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c])));
      return (i === 1 ? `${widths.map((w) => '-'.repeat(w)).join('-+-')}\n` : '') + line.join(' | ');
    })
    .join('\n');
}

/** Rows of clients that did not run: the short state in the table, the reason in a note. */
function notOk(c, head, rows, notes) {
  const short = c.status.startsWith('not available') ? 'n/a' : 'FAILED';
  notes.push(`  ${c.label}: ${c.status}`);
  rows.push([c.label, short, ...head.slice(2).map(() => '')]);
}

function rangeOf(c) {
  return c.ratioRange.throughput ? c.ratioRange.throughput.map((v) => v.toFixed(2)).join('-') : '-';
}

export function scenarioTable(s, summary, { markdown = false, capMs } = {}) {
  if (s.kind === 'sandbox') return sandboxTable(s, summary, { markdown, capMs });
  const webhooks = s.kind === 'webhooks';
  const head = webhooks
    ? ['client', 'events/s', 'x limit', 'range', 'CPU us/event', 'x limit', 'peak RSS MB', 'x limit']
    : ['client', 'calls/s', 'x limit', 'range', 'p50 ms', 'x limit', 'p99 ms', 'x limit'].concat([
        'CPU us/call',
        'x limit',
        'peak RSS MB',
        'x limit',
        'server CPU',
      ]);
  const rows = [head];
  const notes = [];
  for (const name of s.clients) {
    const c = summary[name];
    if (c.status !== 'ok') {
      notOk(c, head, rows, notes);
      continue;
    }
    const m = c.median;
    const x = c.ratio;
    const calls = fmt(m.throughput) + (c.capped ? '*' : '');
    if (c.capped) notes.push(`  * ${c.label}: capped at ${capMs / 1000} s in ${c.capped} of ${c.rounds} round(s)`);
    const row = [c.label, calls, fmtRatio(x.throughput), rangeOf(c)];
    if (!webhooks) row.push(fmt(m.p50Ms, 3), fmtRatio(x.p50Ms), fmt(m.p99Ms, 3), fmtRatio(x.p99Ms));
    row.push(fmt(m.cpuUsPerCall, 1), fmtRatio(x.cpuUsPerCall), fmt(m.maxRss / 1048576, 1), fmtRatio(x.maxRss));
    if (!webhooks) row.push(`${fmt(m.serviceUtilisation * 100)}%`);
    rows.push(row);
  }
  return table(rows, markdown) + (notes.length ? `\n${notes.join('\n')}` : '');
}

/**
 * The sandbox scenario: one row per server, all driven by the same limit client; "x limit" is the
 * ratio to the bare node:http server answering the same bytes, in the same round. Then the
 * sandbox's ratios to its peer and to a baseline build, and its memory per stored payment.
 */
function sandboxTable(s, summary, { markdown, capMs }) {
  const head = [
    'server',
    'calls/s',
    'x limit',
    'range',
    'p50 ms',
    'p99 ms',
    'client CPU us/call',
    'server CPU us/call',
    'x limit',
    'server RSS MB',
    'heap B/payment',
    'RSS B/payment',
  ];
  const rows = [head];
  const notes = [];
  for (const name of s.clients) {
    const c = summary[name];
    if (!c) continue;
    if (c.status !== 'ok') {
      notOk(c, head, rows, notes);
      continue;
    }
    const m = c.median;
    if (c.capped) notes.push(`  * ${c.label}: capped at ${capMs / 1000} s in ${c.capped} of ${c.rounds} round(s)`);
    const limitCpu = summary[s.reference]?.median?.serviceCpuUsPerCall;
    rows.push([
      c.label,
      fmt(m.throughput) + (c.capped ? '*' : ''),
      fmtRatio(c.ratio.throughput),
      rangeOf(c),
      fmt(m.p50Ms, 3),
      fmt(m.p99Ms, 3),
      fmt(m.cpuUsPerCall, 1),
      fmt(m.serviceCpuUsPerCall, 1),
      fmtRatio(m.serviceCpuUsPerCall / limitCpu),
      fmt(m.serviceRss / 1048576, 1),
      fmt(c.memory?.heapBytesPerPayment),
      fmt(c.memory?.rssBytesPerPayment),
    ]);
  }
  const sb = summary.sandbox;
  const lines = [];
  if (sb?.status === 'ok') {
    const parts = [];
    if (Number.isFinite(sb.ratio.throughput)) parts.push(`${fmtRatio(sb.ratio.throughput)} the node:http limit`);
    if (Number.isFinite(sb.vsPrism)) parts.push(`${fmtRatio(sb.vsPrism)} Prism`);
    if (Number.isFinite(sb.vsBaseline)) {
      parts.push(
        `${fmtRatio(sb.vsBaseline)} the baseline build (after/before; per round: ${sb.vsBaselineByRound.map((x) => x.toFixed(2)).join(', ')}; ` +
          (sb.vsBaselineSlices
            ? `median of ${sb.vsBaselineSlices.pairs} paired slices ${fmtRatio(sb.vsBaselineSlices.median)}; `
            : '') +
          `calls per sandbox CPU-second ${fmtRatio(sb.cpuVsBaseline)})`,
      );
    }
    if (parts.length) {
      lines.push(`${markdown ? '- ' : '  '}sandbox calls/s (median of per-round ratios): ${parts.join(', ')}`);
    }
    const mem = sb.memory;
    if (mem) {
      lines.push(
        `${markdown ? '- ' : '  '}sandbox memory per stored payment: ${fmt(mem.heapBytesPerPayment)} B of heap, ` +
          `${fmt(mem.rssBytesPerPayment)} B of RSS (after a full GC, over ${fmt(mem.payments)} payments: heap ` +
          `${fmt(mem.heapBefore / 1048576, 1)} -> ${fmt(mem.heapAfter / 1048576, 1)} MB, RSS ` +
          `${fmt(mem.rssBefore / 1048576, 1)} -> ${fmt(mem.rssAfter / 1048576, 1)} MB)`,
      );
    }
  }
  const tail = [...notes, ...lines];
  if (markdown && tail.length) tail.unshift(''); // a line right under a markdown table would join it
  return table(rows, markdown) + (tail.length ? `\n${tail.join('\n')}` : '');
}

/** The tables of every scenario, then the goals; printed, and returned as text with the goal list. */
export function printReport(selected, summary, { rounds, markdown = false, capMs }) {
  const out = [''];
  for (const s of selected) {
    const title = `${s.title} (${s.calls.toLocaleString('en-US')} ${s.kind === 'webhooks' ? 'events' : 'calls'}, median of ${rounds}):`;
    out.push(markdown ? `**${title}**\n` : title, scenarioTable(s, summary[s.id], { markdown, capMs }), '');
  }
  const goalList = goals(summary);
  out.push(markdown ? '**Goals:**\n' : 'Goals:');
  for (const g of goalList) {
    const state = g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS';
    const line = `${g.goal}: ${g.value ?? '-'} (target ${g.target})${g.met === null && g.note ? ` - ${g.note}` : ''}`;
    out.push(markdown ? `- **${state.trim()}** ${line}` : `  [${state}] ${line}`);
  }
  console.log(out.join('\n'));
  return { goalList, text: out.join('\n') };
}
