// Statistics: a run's validity, medians over rounds, and ratios taken per round against the
// scenario's reference row (the limit) or another row, then their median.
import { availabilityKey, labelOf } from './scenarios.mjs';

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const METRICS = ['throughput', 'p50Ms', 'p99Ms', 'cpuUsPerCall', 'maxRss'];

/** Validates one run: no errors, the declines came back as declines, the server saw good signatures. */
export function problemsOf(r, scenario) {
  if (r.error) return r.error;
  const problems = [];
  if (r.errors > 0) problems.push(`${r.errors} failed calls (first: ${r.firstError})`);
  if (scenario.kind === 'api' && r.declined !== r.expectedDeclines) {
    problems.push(`${r.declined} declines reported, ${r.expectedDeclines} expected`);
  }
  if (r.service?.badSignatures > 0) problems.push(`${r.service.badSignatures} bad signatures`);
  return problems.length ? problems.join('; ') : null;
}

/** Per round, metric(a) / metric(b) in the same scenario and round: [{round, ratio}]. */
export function ratiosByRound(runs, scenarioId, a, b, metric = (r) => r.throughput) {
  const good = (c) => runs.filter((r) => r.scenario === scenarioId && r.client === c && !r.problem);
  const others = good(b);
  return good(a)
    .map((r) => {
      const o = others.find((x) => x.round === r.round);
      return { round: r.round, ratio: o ? metric(r) / metric(o) : Number.NaN };
    })
    .filter((x) => Number.isFinite(x.ratio));
}

/** metric(a) / metric(b) over the paired slices of every round (slice k of a with slice k of b). */
export function sliceRatios(runs, scenarioId, a, b) {
  const good = (c) => runs.filter((r) => r.scenario === scenarioId && r.client === c && !r.problem);
  const others = good(b);
  const out = [];
  for (const r of good(a)) {
    const o = others.find((x) => x.round === r.round);
    if (!o?.sliceThroughputs || !r.sliceThroughputs) continue;
    r.sliceThroughputs.forEach((t, k) => {
      const ratio = t / o.sliceThroughputs[k];
      if (Number.isFinite(ratio)) out.push(ratio);
    });
  }
  return out;
}

/** Medians over rounds; ratios per round against that round's reference row, then their median. */
export function summarise(selected, runs, unavailable, sandboxProblem) {
  const summary = {};
  for (const s of selected) {
    summary[s.id] = {};
    const refRuns = runs.filter((r) => r.scenario === s.id && r.client === s.reference);
    for (const c of s.clients) {
      const label = labelOf(s, c);
      const key = availabilityKey(s, c);
      if (unavailable[key] || (s.kind === 'sandbox' && sandboxProblem)) {
        summary[s.id][c] = { label, status: `not available: ${unavailable[key] ?? sandboxProblem}` };
        continue;
      }
      const mine = runs.filter((r) => r.scenario === s.id && r.client === c);
      const good = mine.filter((r) => !r.problem);
      if (good.length === 0) {
        summary[s.id][c] = { label, status: `failed: ${mine[0]?.problem ?? 'no runs'}` };
        continue;
      }
      const med = {};
      for (const k of METRICS) med[k] = median(good.map((r) => r[k]));
      med.serviceUtilisation = median(good.map((r) => r.service?.utilisation));
      med.serviceCpuUsPerCall = median(good.map((r) => r.service?.cpuUsPerCall));
      const ratio = {};
      const spread = {};
      for (const k of METRICS) {
        const perRound = good
          .map((r) => {
            const l = refRuns.find((x) => x.round === r.round && !x.problem);
            return l ? r[k] / l[k] : Number.NaN;
          })
          .filter(Number.isFinite);
        ratio[k] = median(perRound);
        spread[k] = perRound.length ? [Math.min(...perRound), Math.max(...perRound)] : null;
      }
      const capped = good.filter((r) => r.capped).length;
      summary[s.id][c] = { label, status: 'ok', rounds: good.length, capped, median: med, ratio, ratioRange: spread };
      if (s.kind === 'sandbox') {
        med.serviceRss = median(good.map((r) => r.service?.rss));
        const memory = good.find((r) => r.memory)?.memory;
        if (memory) summary[s.id][c].memory = memory;
      }
    }
    // Cross-client ratios used by the goals.
    const across = (a, b, metric) => median(ratiosByRound(runs, s.id, a, b, metric).map((x) => x.ratio));
    if (summary[s.id]['ours-logging']?.status === 'ok')
      summary[s.id]['ours-logging'].vsOurs = across('ours-logging', 'ours');
    if (summary[s.id]['ours-baseline']?.status === 'ok' && summary[s.id].ours?.status === 'ok') {
      summary[s.id].ours.vsBaseline = across('ours', 'ours-baseline');
      summary[s.id].ours.cpuVsBaseline = across('ours', 'ours-baseline', (r) => r.cpuUsPerCall);
    }
    if (s.kind === 'webhooks' && summary[s.id].ours?.status === 'ok') {
      summary[s.id].ours.vsOfficial = across('ours', 'official5');
      summary[s.id].ours.cpuVsOfficial = across('ours', 'official5', (r) => 1 / r.cpuUsPerCall);
    }
    if (s.kind === 'sandbox' && summary[s.id].sandbox?.status === 'ok') {
      const sb = summary[s.id].sandbox;
      sb.vsPrism = across('sandbox', 'prism');
      // After/before: this build over the baseline build, round by round (both shown).
      const byRound = ratiosByRound(runs, s.id, 'sandbox', 'sandbox-baseline');
      sb.vsBaseline = median(byRound.map((x) => x.ratio));
      sb.vsBaselineByRound = byRound.map((x) => Number(x.ratio.toFixed(3)));
      sb.cpuVsBaseline = across('sandbox', 'sandbox-baseline', (r) => 1 / r.service?.cpuUsPerCall);
      // The same ratio over paired slices: steadier than per round on a busy machine.
      const slices = sliceRatios(runs, s.id, 'sandbox', 'sandbox-baseline');
      sb.vsBaselineSlices = slices.length ? { median: median(slices), pairs: slices.length } : null;
    }
  }
  return summary;
}
