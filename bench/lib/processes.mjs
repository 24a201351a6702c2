// Processes: servers on one core, clients on the other (taskset), optionally at raised priority
// (nice -10) and with CPU profiles. A service is a long-lived server process answering {type:'stats'}
// over IPC (or, for a program that has no IPC, read from /proc); a worker is a client process that
// stays up for all rounds of a scenario and measures one slice per {type:'measure'}.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { BENCH_DIR, PROFILE_DIR, ROOT } from './paths.mjs';

export const SERVER_CORE = '0';
export const CLIENT_CORE = '1';

/** How processes are started in this run: decided once from --no-pin / --priority. */
export function launcher({ pin, priority }) {
  const hasTaskset = pin && spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2;
  const canRenice = priority && spawnSync('nice', ['-n', '-10', 'true']).status === 0;
  if (priority && !canRenice)
    console.warn('--priority: cannot raise priority here (nice -10 failed); running at normal priority');

  /** argv wrapped in taskset / nice as configured. Both exec their command: the pid stays the program's. */
  function wrap(core, argv) {
    let out = argv;
    if (hasTaskset) out = ['taskset', '-c', core, ...out];
    if (canRenice) out = ['nice', '-n', '-10', ...out];
    return out;
  }

  function spawnNode(core, script, scriptArgs, { profileName, nodeArgs = [], stdio } = {}) {
    const profile = profileName ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', profileName] : [];
    const [cmd, ...cmdArgs] = wrap(core, [
      process.execPath,
      ...nodeArgs,
      ...profile,
      join(BENCH_DIR, script),
      ...scriptArgs,
    ]);
    return spawn(cmd, cmdArgs, { cwd: ROOT, stdio: stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  return {
    hasTaskset,
    canRenice,
    spawnNode,
    startService: (script, scriptArgs, opts) => startService(spawnNode, script, scriptArgs, opts),
    startProgram: (name, argv, ready) => startProgram(wrap(SERVER_CORE, argv), name, ready),
    startWorker: (script, cfg, opts) => startWorker(spawnNode, script, cfg, opts),
  };
}

/** A long-lived node process (server or sandbox) of ours, answering {type:'stats'} over IPC. */
async function startService(spawnNode, script, scriptArgs, { profileName, nodeArgs } = {}) {
  const child = spawnNode(SERVER_CORE, script, scriptArgs, { profileName, nodeArgs });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
    child.on('message', (m) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m?.type === 'error') {
        clearTimeout(timer);
        reject(new Error(m.message));
      }
    });
  });
  child.removeAllListeners('exit');
  let seq = 0;
  /** Sends {type, id} and waits for the answer of that type and id. */
  const ask = (type) => {
    const id = ++seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not answer ${type}`)), 10_000);
      const onMessage = (m) => {
        if (m?.type === type && m.id === id) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m);
        }
      };
      child.on('message', onMessage);
      child.send({ type, id });
    });
  };
  return {
    ready,
    stats: () => ask('stats'),
    /** Heap and RSS after a full GC (only services started with --expose-gc answer it). */
    memory: () => ask('memory'),
    close: () => stopChild(child, () => child.send({ type: 'close' })),
  };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
const PAGE_SIZE = Number(spawnSync('getconf', ['PAGESIZE']).stdout?.toString().trim()) || 4096;

/** CPU time and RSS of any process, from /proc (Linux), in the shape the IPC services report. */
function procStats(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    const toUs = (ticks) => (Number(ticks) * 1e6) / CLOCK_TICKS;
    const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    // fields[11], fields[12]: utime, stime (fields 14 and 15 of proc(5), counted from 1 with pid and comm)
    return { cpu: { user: toUs(fields[11]), system: toUs(fields[12]) }, rss: rssPages * PAGE_SIZE };
  } catch {
    return null;
  }
}

/**
 * A server program that is not ours (Prism): started from `argv`, ready when `ready(port)` resolves,
 * its CPU and RSS read from /proc. Its output is kept (last 4 KB) only to explain a failure.
 */
async function startProgram(argv, name, ready) {
  const port = await freePort();
  const [cmd, ...cmdArgs] = argv.map((a) => (a === '{port}' ? String(port) : a));
  const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4096);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((_, reject) =>
    child.once('exit', (code, sig) =>
      reject(new Error(`${name} exited with ${sig ?? `code ${code}`} before it was ready: ${lastLines(tail)}`)),
    ),
  );
  exited.catch(() => {});
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${name} did not start within 60 s: ${lastLines(tail)}`)), 60_000).unref(),
  );
  try {
    await Promise.race([ready(port, () => child.exitCode !== null), exited, timeout]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  child.removeAllListeners('exit');
  return {
    ready: { port },
    async stats() {
      const s = procStats(child.pid);
      if (!s) throw new Error(`${name}: cannot read /proc/${child.pid}`);
      return s;
    },
    memory: null,
    close: () => stopChild(child, () => child.kill('SIGTERM')),
  };
}

function lastLines(text) {
  // Strip colour codes; the last few lines say why a program stopped.
  const lines = stripVTControlCharacters(text).trim().split('\n');
  return lines.slice(-3).join(' / ').slice(0, 600) || '(no output)';
}

/** A port that was free a moment ago (for programs that cannot report the port they bound). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Per-slice figures of a service from its stats before and after the slice of result `r`. */
export function serviceDelta(before, after, r) {
  const cpuUs = after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  const d = {
    calls: r.completed,
    cpuUsPerCall: cpuUs / Math.max(1, r.completed),
    utilisation: cpuUs / 1000 / r.elapsedMs,
    rss: after.rss,
  };
  if (after.requests !== undefined) {
    d.requests = after.requests - before.requests;
    d.badSignatures = after.badSignatures - before.badSignatures;
    d.verified = after.verified - before.verified;
  }
  return d;
}

/** A client process that stays up for all rounds of a scenario and measures on request. */
async function startWorker(spawnNode, script, cfg, { profileName, capMs }) {
  const child = spawnNode(CLIENT_CORE, script, [JSON.stringify(cfg)], { profileName });
  const waiting = []; // resolvers, in order: the child answers messages one by one
  let failure = null;
  const fail = (message) => {
    failure ??= message;
    for (const w of waiting.splice(0)) w.reject(new Error(failure));
  };
  child.on('message', (m) => {
    if (m?.type === 'error') fail(m.message);
    else waiting.shift()?.resolve(m);
  });
  child.on('exit', (code, sig) => fail(`client exited with ${sig ?? `code ${code}`}`));
  const next = (timeoutMs) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(new Error(failure));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`timed out after ${Math.round(timeoutMs / 1000)} s`);
      }, timeoutMs);
      waiting.push({
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  await next(capMs + 120_000); // 'ready' after setup and warm-up
  return {
    measure(calls, sliceCapMs) {
      const answer = next(sliceCapMs + 120_000);
      child.send({ type: 'measure', calls, capMs: sliceCapMs });
      return answer;
    },
    async exit() {
      if (failure) return null;
      const answer = next(30_000);
      const exited = new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(resolve, 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      child.send({ type: 'exit' });
      try {
        return await answer;
      } catch {
        return null;
      } finally {
        await exited; // let it finish (a --cpu-prof profile is written at exit)
      }
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Asks a child to stop (`stop`), kills it when it has not exited 5 s later; resolves once it has exited. */
function stopChild(child, stop) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    stop();
  });
}
