// Two shop processes on one PostgreSQL, behind a round-robin "load balancer" for customers and for
// webhooks. Every event is delivered twice (two endpoints), so copies of one event meet in both processes at
// about the same time. At the end every order agrees with its payment and every event was processed once.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { Connect } from 'connect-server-sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../packages/sandbox/src/index.js';
import { refundCounts } from '../src/status.js';
import { CARDS, freshPostgresDatabase, ShopClient, sandboxEnv, WEBHOOK_KEY_ID, WEBHOOK_SECRET } from './support.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface ShopProcess {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

function startShopProcess(name: string, env: Record<string, string>): Promise<ShopProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/shop/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, SHOP_INSTANCE: name, SHOP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${log.join('')}`)), 30_000);
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      log.push(line);
      const m = /^shop listening on (\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ name, url: m[1], child, log });
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${log.join('\n')}`)));
  });
}

/** Forwards each request to the next target in turn, body and headers untouched. */
function roundRobin(targets: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', targets[next++ % targets.length]);
    const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    });
  });
}

describe.skipIf(!process.env['DATABASE_URL'])('two shop processes on one PostgreSQL', () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let shops: ShopProcess[] = [];
  let balancer: { url: string; server: Server };
  let connect: Connect;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, webhooks: { retryBaseMs: 50 } });
    db = await freshPostgresDatabase();
    const env = { DATABASE_URL: db.url, ...sandboxEnv(sandbox) };
    // both start at once: the migration lock makes them take turns
    shops = await Promise.all([startShopProcess('shop-a', env), startShopProcess('shop-b', env)]);
    balancer = await roundRobin(shops.map((s) => s.url));
    for (let i = 0; i < 2; i++) {
      await fetch(`${sandbox.url}/_sandbox/webhooks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `${balancer.url}/webhooks`, keyId: WEBHOOK_KEY_ID, secretKey: WEBHOOK_SECRET }),
      });
    }
    connect = new Connect({
      host: sandbox.host,
      scheme: 'http',
      port: sandbox.port,
      apiKeyId: sandbox.apiKeyId,
      secretApiKey: sandbox.secretApiKey,
      integrator: 'test',
    });
  }, 60_000);

  afterAll(async () => {
    for (const s of shops) s.child.kill('SIGTERM');
    await Promise.all(
      shops.map((s) => new Promise((r) => (s.child.exitCode === null ? s.child.once('exit', r) : r(null)))),
    );
    balancer?.server.close();
    await connect?.close();
    await sandbox?.close();
    await db?.drop();
  });

  it('orders placed through both processes end correct; every event is processed once', async () => {
    const m = connect.merchant(sandbox.merchantId);
    const cards = [
      CARDS.approved,
      CARDS.declined,
      CARDS.approved,
      CARDS.threeDsApproved,
      CARDS.approved,
      CARDS.approved,
      CARDS.declined,
      CARDS.approved,
    ];
    const orders = await Promise.all(
      cards.map(async (card, i) => {
        const client = new ShopClient(i % 2 === 0 ? (shops[0]?.url ?? '') : (shops[1]?.url ?? ''));
        const orderId = await client.placeOrder('server');
        const paid = await client.request('POST', `/orders/${orderId}/pay`, {
          paymentProductId: '1',
          cardNumber: card,
          expiryDate: '12/30',
          cvv: '123',
          cardholderName: 'Wile E. Coyote',
        });
        expect(paid.status, `pay ${i}: ${/role="alert">([^<]*)/.exec(paid.text)?.[1]}`).toBe(303);
        return { orderId, card, client };
      }),
    );
    // the 3-D Secure customer authenticates; returns land on either process
    const lb = new ShopClient(balancer.url);
    for (const o of orders.filter((x) => x.card === CARDS.threeDsApproved)) {
      const payment = (await m.payments.find({ merchantReference: o.orderId })).payments?.[0];
      const finished = await fetch(`${sandbox.url}/_sandbox/payments/${payment?.id}/redirect`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"outcome":"success"}',
      });
      expect(finished.status, 'finishing the 3-D Secure step').toBe(200);
    }
    // back office on both processes: capture the approved ones, settle, refund part of some
    const approved = orders.filter((o) => o.card !== CARDS.declined);
    for (const [i, o] of approved.entries()) {
      const page = await lb.request('GET', `/admin/orders/${o.orderId}`);
      const token = /name="token" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
      const captured = await lb.request('POST', `/admin/orders/${o.orderId}/capture`, { amount: '1295', token });
      expect(captured.status, `capture ${i}: ${/role="alert">([^<]*)/.exec(captured.text)?.[1]}`).toBe(303);
    }
    await fetch(`${sandbox.url}/_sandbox/settle`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    for (const o of approved.slice(0, 3)) {
      const page = await lb.request('GET', `/admin/orders/${o.orderId}`);
      const token = /name="token" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
      expect((await lb.request('POST', `/admin/orders/${o.orderId}/refund`, { amount: '300', token })).status).toBe(
        303,
      );
    }

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const sandboxEvents = async () =>
        (
          (await (await fetch(`${sandbox.url}/_sandbox/events?merchantId=${sandbox.merchantId}`)).json()) as {
            events: { id: string }[];
          }
        ).events;
      // every event the sandbox emitted is recorded exactly once (the table's primary key would refuse a second)
      await expect
        .poll(
          async () => {
            const ids = new Set((await sandboxEvents()).map((e) => e.id));
            const rows = (await client.query<{ id: string }>('SELECT id FROM webhook_events')).rows;
            return {
              emitted: ids.size,
              recorded: rows.length,
              missing: [...ids].filter((id) => !rows.some((r) => r.id === id)).length,
            };
          },
          { timeout: 10_000, interval: 100 },
        )
        .toEqual(expect.objectContaining({ missing: 0 }));
      const byProcess = (
        await client.query<{ processed_by: string; n: string }>(
          'SELECT processed_by, count(*) AS n FROM webhook_events GROUP BY processed_by',
        )
      ).rows;
      expect(byProcess.map((r) => r.processed_by).sort()).toEqual(['shop-a', 'shop-b']);
      const logs = shops.flatMap((s) => s.log);
      const processedLines = logs.filter((l) => / processed /.test(l) || /: processed/.test(l));
      const processedIds = processedLines.map((l) => /webhook \S+ (\S+):/.exec(l)?.[1]);
      expect(new Set(processedIds).size).toBe(processedIds.length); // no event applied twice
      expect(logs.filter((l) => l.includes(': duplicate')).length).toBeGreaterThan(0); // the second copies were acknowledged

      // every order agrees with its payment
      await expect
        .poll(
          async () => {
            const mismatches: string[] = [];
            for (const o of orders) {
              const row = (
                await client.query('SELECT status, payment_id, amount_captured FROM orders WHERE id = $1', [o.orderId])
              ).rows[0];
              const p = await m.payments.get(row.payment_id);
              const refunds = (
                await client.query('SELECT amount, status FROM refunds WHERE order_id = $1', [o.orderId])
              ).rows;
              const refunded = refunds.filter((r) => refundCounts(r.status)).reduce((s, r) => s + Number(r.amount), 0);
              const out = p.paymentOutput;
              const captured = (out?.amountCaptureRequested ?? 0) + (out?.amountCaptured ?? 0);
              const platformRefunded = (out?.amountRefundRequested ?? 0) + (out?.amountRefunded ?? 0);
              if (
                row.status !== p.status ||
                Number(row.amount_captured) !== captured ||
                refunded !== platformRefunded
              ) {
                mismatches.push(
                  `${o.orderId}: ${row.status}/${p.status} captured ${row.amount_captured}/${captured} refunded ${refunded}/${platformRefunded}`,
                );
              }
            }
            return mismatches;
          },
          { timeout: 10_000, interval: 100 },
        )
        .toEqual([]);
      const statuses = (
        await client.query('SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status')
      ).rows;
      expect(statuses).toEqual([
        { status: 'PAID', n: 6 },
        { status: 'REJECTED', n: 2 },
      ]);
    } finally {
      await client.end();
    }
  });
});
