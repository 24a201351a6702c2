// Goals: the targets the project set for its speed and memory, judged on a run's summary. Each is
// MET, MISS, or n/a (not measured in this run, with the reason).

export function goals(summary) {
  const out = [];
  const get = (sid, client) => summary[sid]?.[client];
  const goal = (name, value, op, target, note) => {
    const met = Number.isFinite(value) ? (op === '>=' ? value >= target : value <= target) : null;
    out.push({
      goal: name,
      value: Number.isFinite(value) ? Number(value.toFixed(3)) : null,
      target: `${op} ${target}`,
      met,
      note,
    });
  };
  for (const sid of ['create-seq', 'create-c64']) {
    if (!summary[sid]) continue;
    const ours = get(sid, 'ours');
    goal(`ours ${sid}: throughput x limit`, ours?.ratio?.throughput, '>=', 0.85, ours?.status);
    goal(`ours ${sid}: CPU per call x limit`, ours?.ratio?.cpuUsPerCall, '<=', 1.25, ours?.status);
    goal(`ours ${sid}: peak RSS x limit`, ours?.ratio?.maxRss, '<=', 1.15, ours?.status);
    const classic = get(sid, 'ours-classic');
    goal(`ours classic ${sid}: throughput x limit`, classic?.ratio?.throughput, '>=', 0.8, classic?.status);
    if (summary[sid]['ours-baseline']) {
      // A change to the SDK must not cost throughput or CPU: this build over a baseline build
      // (--sdk-baseline), measured in the same rounds.
      const note = ours?.status !== 'ok' ? ours?.status : summary[sid]['ours-baseline'].status;
      goal(`ours ${sid}: throughput x baseline build`, ours?.vsBaseline, '>=', 0.95, note);
      goal(`ours ${sid}: CPU per call x baseline build`, ours?.cpuVsBaseline, '<=', 1.05, note);
    }
    const logging = get(sid, 'ours-logging');
    goal(`ours logging on ${sid}: throughput x logging off`, logging?.vsOurs, '>=', 0.5, logging?.status);
  }
  const wh = get('webhooks', 'ours');
  if (summary.webhooks) {
    goal('webhooks: ours events/s x official 5.2.0', wh?.vsOfficial, '>=', 10, wh?.status);
    // A pure CPU loop: on a busy machine events per CPU-second is the steadier measure.
    goal('webhooks: ours events per CPU-second x official 5.2.0', wh?.cpuVsOfficial, '>=', 10, wh?.status);
  }
  const sb = get('sandbox', 'sandbox');
  if (summary.sandbox) {
    goal('sandbox: signed create-payment calls/s', sb?.median?.throughput, '>=', 3000, sb?.status);
    // What one core of sandbox CPU sustains (1e6 / sandbox CPU us per call): the throughput above is
    // also limited by the client and by other load on the machine.
    goal('sandbox: calls per sandbox CPU-second', 1e6 / sb?.median?.serviceCpuUsPerCall, '>=', 3000, sb?.status);
    // A restructuring of the sandbox must not cost throughput: this build over a baseline build
    // (--sandbox-baseline), measured in the same rounds.
    if (summary.sandbox['sandbox-baseline']) {
      const base = summary.sandbox['sandbox-baseline'];
      const note = sb?.status !== 'ok' ? sb?.status : base.status;
      goal('sandbox: calls/s x baseline build (after/before)', sb?.vsBaseline, '>=', 0.95, note);
      goal('sandbox: calls per sandbox CPU-second x baseline build', sb?.cpuVsBaseline, '>=', 0.95, note);
    }
  }
  return out;
}
