// `npm start` (scripts/start.mjs): prints the shop's URL first, then the sandbox's; both answer; the sandbox's
// webhooks reach the shop; SIGTERM stops the shop and the sandbox and the script exits.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

async function startAndStop(signal: 'SIGTERM' | 'SIGINT') {
  // SIGINT takes the same path in start.mjs; one signal keeps the suite short
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, SHOP_PORT: '0', SANDBOX_PORT: '0', CONNECT_API_ENDPOINT: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URLs: ${lines.join('\n')}`)), 60_000);
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('Webhooks')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const urls = lines.filter((l) => /^(Shop|Sandbox)\s/.test(l)).map((l) => /https?:\/\/\S+/.exec(l)?.[0] ?? '');
  expect(lines.find((l) => /^(Shop|Sandbox)\s/.test(l))).toMatch(/^Shop\s/);
  const [shopUrl, sandboxUrl] = urls;
  expect((await fetch(`${shopUrl}/`)).status).toBe(200);
  expect((await fetch(`${sandboxUrl}/_sandbox`)).status).toBe(200);
  const hooks = (await (await fetch(`${sandboxUrl}/_sandbox/webhooks`)).json()) as { endpoints: { url: string }[] };
  expect(hooks.endpoints.map((e) => e.url)).toEqual([`${shopUrl}/webhooks`]);
  child.kill(signal);
  expect(await exited).toBe(0);
  await expect(fetch(`${shopUrl}/`)).rejects.toThrow();
  await expect(fetch(`${sandboxUrl}/_sandbox`)).rejects.toThrow();
}

describe('npm start', () => {
  it(
    'starts the shop and the sandbox, wires webhooks, and stops both on SIGTERM',
    () => startAndStop('SIGTERM'),
    90_000,
  );
});
