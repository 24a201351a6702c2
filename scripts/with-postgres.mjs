#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster: initdb in a temporary folder
// (as the postgres user when run as root: PostgreSQL refuses to run as root), started on a free port on
// 127.0.0.1 with trust auth and no fsync (test data only), stopped and deleted when the command ends.
// The shop's tests then run their suites on PGlite and on PostgreSQL.
//
//   node scripts/with-postgres.mjs vitest run
//
// Safe to use anywhere: with DATABASE_URL already set it only runs the command; without PostgreSQL installed
// it runs the command without DATABASE_URL and says so (under CI=true that is an error: CI installs
// postgresql through .ci/system-deps).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args...]');
  process.exit(2);
}

function run(env) {
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

if (process.env.DATABASE_URL) process.exit(await run(process.env));

const bin = postgresBinDir();
if (!bin) {
  const text = 'with-postgres: PostgreSQL is not installed (apt-get install postgresql, or bash .ci/system-deps)';
  if (process.env.CI) {
    console.error(`${text}: CI must run the PostgreSQL suites`);
    process.exit(1);
  }
  console.warn(`${text}: running without DATABASE_URL (PGlite only)`);
  process.exit(await run(process.env));
}

const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'shop-pg-'));
// as root: run the server as the postgres user, which must own the folder
const pgUser = () => {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
};
const asPostgres = (file, fileArgs) =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...fileArgs]] : [file, fileArgs];
const pg = (name, fileArgs, options = {}) => {
  const [file, list] = asPostgres(join(bin, name), fileArgs);
  return spawnSync(file, list, { encoding: 'utf8', ...options });
};

let code = 1;
let started = false;
try {
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const init = pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = pg('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options, 'start']);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr || start.stdout}`);
  started = true;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  console.log(`with-postgres: throwaway PostgreSQL on ${url}`);
  code = await run({ ...process.env, DATABASE_URL: url });
} catch (e) {
  console.error(`with-postgres: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  if (started) pg('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
