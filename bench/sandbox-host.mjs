// Hosts connect-sandbox (from a built dist, given as argv[2]) in its own process for the sandbox
// scenario, on a free port with its default credentials, and reports to the parent over IPC: its CPU
// use ({type:'stats'}) and its heap and RSS after a full GC ({type:'memory'}; needs --expose-gc), the
// first reading taken before any call so that memory per stored payment can be derived.
import { pathToFileURL } from 'node:url';
import { report } from './lib/report.mjs';

const distEntry = process.argv[2];

/** Heap used and RSS after a full collection (twice: the first may only schedule finalisers). */
function memoryAfterGc() {
  if (typeof globalThis.gc !== 'function') return null;
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function main() {
  const mod = await import(pathToFileURL(distEntry).href);
  const sandbox = await mod.startSandbox({ port: 0, host: '127.0.0.1' });
  await report({
    type: 'ready',
    port: sandbox.port ?? Number(new URL(sandbox.url).port),
    apiKeyId: sandbox.apiKeyId,
    secretApiKey: sandbox.secretApiKey,
    merchantId: sandbox.merchantId,
    memory: memoryAfterGc(),
  });
  process.on('message', async (msg) => {
    if (msg?.type === 'stats') {
      await report({ type: 'stats', id: msg.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
    } else if (msg?.type === 'memory') {
      await report({ type: 'memory', id: msg.id, memory: memoryAfterGc() });
    } else if (msg?.type === 'close') {
      await sandbox.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch(async (e) => {
  await report({ type: 'error', message: `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 500)}` });
  process.exit(1);
});
