#!/usr/bin/env node
/**
 * Builds each given workspace package (default: the one in the current directory) when its dist/ is missing or
 * older than its sources. The root `prepare` script runs it, so that `npm install` on a fresh clone leaves the
 * packages ready for the `connect-sandbox` bin and for `file:` dependencies; a package's own `prepare` runs it
 * when another project installs the package from a clone's folder.
 *
 *   node scripts/build-if-stale.mjs packages/sdk packages/sandbox
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const e of readdirSync(path)) n = Math.max(n, newest(join(path, e)));
  return n;
}

function oldest(path) {
  let n = Number.POSITIVE_INFINITY;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    n = Math.min(n, e.isDirectory() ? oldest(p) : statSync(p).mtimeMs);
  }
  return n;
}

const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['.'];
for (const d of dirs) {
  const dir = resolve(d);
  const dist = join(dir, 'dist');
  const inputs = Math.max(
    newest(join(dir, 'src')),
    newest(join(dir, 'tsup.config.ts')),
    newest(join(dir, 'package.json')),
  );
  if (existsSync(dist) && readdirSync(dist).length > 0 && oldest(dist) >= inputs) continue;
  const r = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: dir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    console.error(
      `building ${d} failed; in a clone, run \`npm install\` at the repository root first (it installs the build tools)`,
    );
    process.exit(r.status ?? 1);
  }
}
