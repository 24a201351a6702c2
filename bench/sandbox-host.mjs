// Hosts connect-sandbox (from its built dist) in its own process for the sandbox scenario, on a free
// port with its default credentials, and reports its CPU use to the parent over IPC.
import { pathToFileURL } from 'node:url';
import { report } from './lib/report.mjs';

const distEntry = process.argv[2];

async function main() {
  const mod = await import(pathToFileURL(distEntry).href);
  const sandbox = await mod.startSandbox({ port: 0, host: '127.0.0.1' });
  await report({
    type: 'ready',
    port: sandbox.port ?? Number(new URL(sandbox.url).port),
    apiKeyId: sandbox.apiKeyId,
    secretApiKey: sandbox.secretApiKey,
    merchantId: sandbox.merchantId,
  });
  process.on('message', async (msg) => {
    if (msg?.type === 'stats') {
      await report({ type: 'stats', id: msg.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
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
