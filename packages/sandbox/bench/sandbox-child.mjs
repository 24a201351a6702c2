// Runs a sandbox for bench/create-payments.mjs and reports its own CPU time on request.
const { startSandbox } = await import(new URL('../dist/index.js', import.meta.url).href);
const sb = await startSandbox({ port: 0, precompileSchemas: true });
process.send?.({ url: sb.url });
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') sb.close().then(() => process.exit(0));
});
