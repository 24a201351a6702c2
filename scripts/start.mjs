#!/usr/bin/env node
// `npm start`: builds what is needed and runs the local Connect sandbox (until the example shop takes over).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = 'packages/sandbox/dist/cli.js';
if (!existsSync('packages/sandbox/src/cli.ts')) {
  console.log('nothing to run yet: the sandbox has not landed');
  process.exit(0);
}
const build = spawnSync('npm', ['run', 'build', '--silent', '--workspaces', '--if-present'], { stdio: 'inherit' });
if (build.status !== 0 || !existsSync(cli)) {
  console.error('build failed: see the output above');
  process.exit(1);
}
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
