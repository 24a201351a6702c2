#!/usr/bin/env node
// Dashboard list pages with a big store: `node bench/dashboard.mjs [--payments N] [--requests N]`.
//
// Fills one sandbox with N payments (default 100,000; several merchants and statuses) and another
// with 1,000, both through the domain (no HTTP for the fill), then times GET requests for the
// dashboard's list pages over keep-alive HTTP, one at a time. Goal: the payments list page answers in
// under 100 ms (p95) with 100,000 payments; the ratio to the same page over 1,000 payments shows
// that a page costs its rows, not the store. Needs `npm run build -w connect-sandbox` first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'packages/sandbox/dist/index.js');
if (!existsSync(dist)) {
  console.error('bench/dashboard.mjs: build the sandbox first (npm run build -w connect-sandbox)');
  process.exit(2);
}
const { startSandbox } = await import(pathToFileURL(dist).href);

const { values } = parseArgs({
  options: { payments: { type: 'string', default: '100000' }, requests: { type: 'string', default: '200' } },
});
const N = Number(values.payments);
const REQUESTS = Number(values.requests);
const GOAL_MS = 100;
const MERCHANTS = ['1234', '2001', '2002', '2003'];

function body(i) {
  const kind = i % 10;
  return {
    order: {
      amountOfMoney: { amount: 100 + (i % 9000), currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL' } },
      references: { merchantReference: `bench-${i}` },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      // 70% sales, 20% waiting for approval, 10% declined
      ...(kind === 7 || kind === 8 ? { requiresApproval: true } : {}),
      card: { cardNumber: kind === 9 ? '4000000000000036' : '4567350000427977', expiryDate: '1230', cvv: '123' },
    },
  };
}

async function filled(n) {
  const sb = await startSandbox({
    port: 0,
    keys: [{ apiKeyId: 'bench', secretApiKey: 'bench-secret', merchantIds: MERCHANTS }],
  });
  const domain = sb.context.domain;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const merchantId = MERCHANTS[i % MERCHANTS.length];
    try {
      domain.payments.create(merchantId, body(i), { baseUrl: sb.url });
    } catch {
      // declines throw (402) with the rejected payment stored, as over HTTP
    }
    // settle the first half: a realistic mix of PAID and CAPTURE_REQUESTED
    if (i === Math.floor(n / 2)) domain.settle(true);
  }
  return { sb, fillMs: performance.now() - t0 };
}

async function measure(base, path) {
  const url = `${base}${path}`;
  for (let i = 0; i < 20; i++) await (await fetch(url)).text(); // warm-up
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    const text = await res.text();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    bytes = text.length;
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return { path, median: q(0.5), p95: q(0.95), max: ms[ms.length - 1], bytes };
}

const big = await filled(N);
const small = await filled(1000);
const bigIndex = big.sb.context.domain.paymentIndex;
// a cursor deep in the list: the "Older" link after 1,000 pages of the unfiltered list
const deep = bigIndex.page({ limit: 50, before: Math.max(1, N - 50_000) }).next;
const paidCursor = bigIndex.page({ status: 'PAID', limit: 500 }).next;
const anyPayment = bigIndex.page({ limit: 1 }).items[0].id;
const paths = [
  '/payments',
  '/payments?status=PAID',
  '/payments?status=REJECTED',
  '/payments?merchantId=2002',
  '/payments?status=PENDING_APPROVAL&merchantId=2003',
  `/payments?before=${deep}`,
  `/payments?status=PAID&before=${paidCursor}`,
  `/payments/${anyPayment}`,
  '/_sandbox/payments?status=CAPTURE_REQUESTED&limit=50',
];

console.log(
  `filled ${N.toLocaleString('en')} payments in ${(big.fillMs / 1000).toFixed(1)} s (${bigIndex.size.toLocaleString('en')} indexed); ${REQUESTS} requests per page, one at a time\n`,
);
console.log('page'.padEnd(56), 'median ms', '  p95 ms', '  max ms', '   bytes', '  ratio to 1,000 payments (median)');
let failed = false;
for (const path of paths) {
  const r = await measure(big.sb.url, path);
  // the same page over the small store (cursors differ: use the first page of the same filter)
  const smallPath = path.includes('before=') || path.startsWith('/payments/') ? '/payments' : path;
  const s = await measure(small.sb.url, smallPath);
  const ok = r.p95 < GOAL_MS;
  if (!ok && path.startsWith('/payments')) failed = true;
  console.log(
    path.slice(0, 55).padEnd(56),
    r.median.toFixed(2).padStart(9),
    r.p95.toFixed(2).padStart(8),
    r.max.toFixed(2).padStart(8),
    String(r.bytes).padStart(8),
    `  ${(r.median / s.median).toFixed(2)}x`,
    ok ? '' : `  MISSED: p95 >= ${GOAL_MS} ms`,
  );
}
console.log(
  `\ngoal: every dashboard payments page p95 < ${GOAL_MS} ms with ${N.toLocaleString('en')} payments: ${failed ? 'MISSED' : 'met'}`,
);
await big.sb.close();
await small.sb.close();
process.exit(failed ? 1 : 0);
