/**
 * A sandbox in its own process, driven over IPC by the suite: a crash shows as the process exiting,
 * and its memory is its own. Options come as JSON in argv[2]; it answers `{ port }` once it listens,
 * `stats` with its memory (after a full GC) and the sizes of its bounded stores, `stop` by closing.
 */
import { startSandbox } from '../../packages/sandbox/src/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startSandbox>[0];
const sb = await startSandbox(options);
const gc = (globalThis as { gc?: () => void }).gc;

export interface ChildStats {
  rss: number;
  heapUsed: number;
  idempotenceEntries: number;
  idempotenceDropped: number;
  events: number;
  payments: number;
}

function stats(): ChildStats {
  gc?.();
  gc?.();
  const mem = process.memoryUsage();
  return {
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    idempotenceEntries: sb.context.idempotence.size,
    idempotenceDropped: sb.context.idempotence.dropped,
    events: sb.context.events.list({ all: true }).length,
    payments: sb.context.domain.stores.payments.list(sb.merchantId).length,
  };
}

process.on('message', (msg: unknown) => {
  if (msg === 'stats') process.send?.({ stats: stats() });
  if (msg === 'stop') void sb.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port: sb.port });
