// The LIMIT of the sandbox scenario: a bare node:http server, its own process (pinned to core 0 by
// run.mjs), that reads each request body and answers it with the bytes the sandbox answered to the
// same call (status, headers and body captured from the sandbox just before, see lib/targets.mjs).
// No parsing, no signature check, no state: what serving these calls over node:http costs at least.
// Reports its CPU use to the parent over IPC.
import { createServer } from 'node:http';
import { report } from './lib/report.mjs';

/** [{amount, status, headers: [[name, value]], body}], the first being the ordinary call. */
const answers = JSON.parse(process.argv[2]).map((a) => ({
  // The calls differ by their amount only; `"amount":N}` closes the amountOfMoney object.
  needle: Buffer.from(`"amount":${a.amount}}`),
  status: a.status,
  headers: [...a.headers.flat(), 'Content-Length', String(Buffer.byteLength(a.body))],
  body: Buffer.from(a.body),
}));
const [ordinary, ...others] = answers;

const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const a = others.find((o) => body.includes(o.needle)) ?? ordinary;
    res.writeHead(a.status, a.headers);
    res.end(a.body);
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;

server.listen(0, '127.0.0.1', () => {
  report({ type: 'ready', port: server.address().port });
});

process.on('message', (msg) => {
  if (msg?.type === 'stats') {
    report({ type: 'stats', id: msg.id, cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
  } else if (msg?.type === 'close') {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
