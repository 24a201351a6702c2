#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `node bench/run.mjs --profile`):
// where the time goes by area (package), by function (self time) and by function including callees.
//   node bench/profile-summary.mjs bench/profiles/create-c64-ours-r1.cpuprofile [--top N] [--area NAME]
// --area limits the function lists to one area, e.g. --area connect-server-sdk.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function shortUrl(url) {
  if (!url) return '';
  let u = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (u.startsWith(root)) u = u.slice(root.length + 1);
  return u;
}

/** Which part of the stack a frame belongs to: our SDK, undici, node internals, V8 work, ... */
function areaOf(frame) {
  const u = shortUrl(frame.url);
  const fn = frame.functionName;
  if (!u) {
    if (fn === '(garbage collector)') return 'GC';
    if (fn === '(program)' || fn === '(idle)' || fn === '(root)') return fn;
    return 'native/V8';
  }
  if (u.startsWith('node:')) return 'node internals';
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return name === 'connect-server-sdk' ? 'connect-server-sdk' : name;
  }
  if (u.startsWith('packages/sdk/')) return 'connect-server-sdk';
  if (u.startsWith('packages/sandbox/')) return 'connect-sandbox';
  if (u.startsWith('bench/')) return 'bench harness';
  return u.split('/')[0];
}

export function summarise(profile, top = 25, onlyArea = null) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const areas = new Map();
  let all = 0;
  const key = (f) => `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(profile.samples[i]);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    all += dt;
    const k = key(leaf.callFrame);
    const area = areaOf(leaf.callFrame);
    if (!onlyArea || area === onlyArea) self.set(k, (self.get(k) ?? 0) + dt);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set();
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (f.functionName === '(root)') continue;
      const kk = key(f);
      if (seen.has(kk)) continue;
      seen.add(kk);
      if (onlyArea && areaOf(f) !== onlyArea) continue;
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  const pct = (v) => `${((100 * v) / all).toFixed(1).padStart(5)}%`;
  const list = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)}  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  return [
    `busy time ${(all / 1000).toFixed(0)} ms (idle excluded)`,
    'by area (self time):',
    list(areas),
    `top ${top} functions by self time${onlyArea ? ` in ${onlyArea}` : ''}:`,
    list(self),
    `top ${top} functions including callees${onlyArea ? ` (functions of ${onlyArea})` : ''}:`,
    list(total),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !['--top', '--area'].includes(all[i - 1]));
  const topArg = process.argv.indexOf('--top');
  const top = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;
  const areaArg = process.argv.indexOf('--area');
  const area = areaArg > 0 ? process.argv[areaArg + 1] : null;
  if (files.length === 0) {
    console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [--top N]');
    process.exit(2);
  }
  for (const f of files) {
    console.log(`== ${f}`);
    console.log(summarise(JSON.parse(readFileSync(f, 'utf8')), top, area));
  }
}
