#!/usr/bin/env node
// `npm start`: builds the sandbox when its dist/ is missing or older than its sources, then runs it
// (until the example shop takes over).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const pkg = 'packages/sandbox';
const cli = join(pkg, 'dist/cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(pkg, 'src'))) {
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', 'connect-sandbox'], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(cli)) {
    console.error('building the sandbox failed: see the output above');
    process.exit(1);
  }
}
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
