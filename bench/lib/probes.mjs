// Availability probes, run once per run in the orchestrator's process (never measured): each returns
// null when the thing can be measured, or the reason it cannot ("not built (run: ...)"), which the
// tables show as n/a instead of failing the run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, ROOT } from './paths.mjs';

const require = createRequire(import.meta.url);

export async function probeOurs(name, dist = join(ROOT, 'packages/sdk/dist/index.js'), ...more) {
  const names = [name, ...more];
  if (!existsSync(dist)) return 'not built (run: npm run build -w connect-server-sdk)';
  try {
    const mod = await import(pathToFileURL(dist).href);
    const missing = names.filter((n) => typeof mod[n] !== 'function');
    return missing.length ? `connect-server-sdk does not export ${missing.join(', ')} yet` : null;
  } catch (e) {
    return `connect-server-sdk fails to load: ${firstLine(e)}`;
  }
}

export function probeOursClassic() {
  try {
    const mod = require('connect-server-sdk/compat');
    const sdk = mod?.init ? mod : mod?.default;
    return typeof sdk?.init === 'function' ? null : 'connect-server-sdk/compat has no init()';
  } catch (e) {
    return `connect-server-sdk/compat not available: ${firstLine(e)}`;
  }
}

export function probeModule(name) {
  try {
    require.resolve(name);
    return null;
  } catch {
    return `${name} is not installed`;
  }
}

/** A connect-sandbox build (its dist/index.js) that exports startSandbox. */
export async function probeSandbox(distEntry, buildHint = 'run: npm run build -w connect-sandbox') {
  if (!existsSync(distEntry)) return `not built (${buildHint})`;
  try {
    const mod = await import(pathToFileURL(distEntry).href);
    return typeof mod.startSandbox === 'function' ? null : 'connect-sandbox does not export startSandbox yet';
  } catch (e) {
    return `connect-sandbox fails to load: ${firstLine(e)}`;
  }
}

/** Prism's CLI entry, installed apart from the workspace (bench/peers, `npm run bench:peers`). */
export const PRISM_ENTRY = join(BENCH_DIR, 'peers/node_modules/@stoplight/prism-cli/dist/index.js');

export function probePrism() {
  return existsSync(PRISM_ENTRY) ? null : 'not installed (run: npm run bench:peers)';
}

function firstLine(e) {
  return String(e?.message ?? e).split('\n')[0];
}
