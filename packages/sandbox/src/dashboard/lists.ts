/**
 * List pages: payments (through the payment index: a page costs its rows, whatever the store holds)
 * and refunds, payouts, tokens, mandates, hosted checkouts and disputes (filtered in memory: these
 * stores stay small next to payments). Newest first, filters by status and merchant, "Older" paging.
 */
import { badge, esc, filters, money, type Page, pager, qs, table, time } from './html.js';
import type { Payment, Source } from './source.js';

const PAGE_SIZE = 50;

function cursorParam(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function merchantOptions(src: Source): [string, string][] {
  return [['', 'All merchants'], ...src.merchants().map((m): [string, string] => [m, m])];
}

function paymentRow(p: Payment): string[] {
  return [
    `<a class="mono" href="/payments/${esc(encodeURIComponent(p.id))}">${esc(p.id)}</a>`,
    badge(p.status),
    esc(money(p.amount, p.currency)),
    esc(p.merchantReference ?? '—'),
    esc(p.merchantId),
    time(p.createdAt),
  ];
}

export function paymentsPage(src: Source, q: URLSearchParams): Page {
  const status = q.get('status') ?? '';
  const merchantId = q.get('merchantId') ?? '';
  const search = (q.get('q') ?? '').trim();
  const before = cursorParam(q.get('before'));
  const counts = src.paymentIndex.statusCounts();
  const statusOptions: [string, string][] = [
    ['', 'All statuses'],
    ...src.paymentStatuses.map((s): [string, string] => [s, `${s} (${counts.get(s) ?? 0})`]),
  ];
  const head = filters('/payments', [
    { name: 'status', label: 'Status', value: status, options: statusOptions },
    { name: 'merchantId', label: 'Merchant', value: merchantId, options: merchantOptions(src) },
    { name: 'q', label: 'Id or reference', value: search },
  ]);
  let items: Payment[];
  let next: number | undefined;
  let total: number | undefined;
  if (search !== '') {
    items = src.paymentIndex.search(search);
    total = items.length;
  } else {
    const page = src.paymentIndex.page({ status, merchantId, before, limit: PAGE_SIZE });
    items = page.items;
    next = page.next;
    total = page.total;
  }
  const chips = [...counts]
    .filter(([, n]) => n > 0)
    .map(
      ([s, n]) =>
        `<li><a href="/payments${qs({ status: s, merchantId })}"${s === status ? ' aria-current="true"' : ''}>${esc(s)} · ${n}</a></li>`,
    )
    .join('');
  const live =
    (chips ? `<ul class="chips" aria-label="Payments by status">${chips}</ul>` : '') +
    table(
      'Payments, newest first',
      ['Payment', 'Status', 'Amount', 'Merchant reference', 'Merchant', 'Created'],
      items.map(paymentRow),
      'No payments yet. Create one through the Server API (or `connect-sandbox trigger payment.paid`).',
    ) +
    pager('/payments', { status, merchantId, q: search }, next, before === undefined, total);
  return { title: 'Payments', nav: '/payments', head, live, liveFor: 'payments' };
}

interface ListSpec<T> {
  path: string;
  title: string;
  topic: string;
  items: (src: Source) => Iterable<T>;
  status: (t: T) => string;
  merchant: (t: T) => string;
  headers: readonly string[];
  row: (t: T, src: Source) => string[];
  empty: string;
}

const paymentLink = (id: string | undefined) =>
  id === undefined ? '—' : `<a class="mono" href="/payments/${esc(encodeURIComponent(id))}">${esc(id)}</a>`;

const SPECS: Record<string, ListSpec<never>> = {
  refunds: spec({
    path: '/refunds',
    title: 'Refunds',
    topic: 'refunds',
    items: (s) => s.refunds.values(),
    status: (r) => r.status,
    merchant: (r) => r.merchantId,
    headers: ['Refund', 'Status', 'Amount', 'Payment', 'Merchant reference', 'Merchant', 'Changed'],
    row: (r) => [
      `<span class="mono">${esc(r.id)}</span>`,
      badge(r.status),
      esc(money(r.amount, r.currency)),
      paymentLink(r.paymentId),
      esc(r.merchantReference ?? '—'),
      esc(r.merchantId),
      time(r.changedAt),
    ],
    empty: 'No refunds yet. Refund a PAID payment from its page.',
  }),
  payouts: spec({
    path: '/payouts',
    title: 'Payouts',
    topic: 'payouts',
    items: (s) => s.payouts.values(),
    status: (o) => o.status,
    merchant: (o) => o.merchantId,
    headers: ['Payout', 'Status', 'Amount', 'Merchant reference', 'Merchant', 'Created'],
    row: (o) => [
      `<span class="mono">${esc(o.id)}</span>`,
      badge(o.status),
      esc(money(o.amount, o.currency)),
      esc(o.merchantReference ?? '—'),
      esc(o.merchantId),
      time(o.createdAt),
    ],
    empty: 'No payouts yet.',
  }),
  tokens: spec({
    path: '/tokens',
    title: 'Tokens',
    topic: 'tokens',
    items: (s) => s.tokens.values(),
    status: () => 'ACTIVE',
    merchant: (t) => t.merchantId,
    headers: ['Token', 'Status', 'Product', 'Card', 'From payment', 'Merchant'],
    row: (t) => [
      `<span class="mono">${esc(t.id)}</span>`,
      badge('ACTIVE'),
      esc(t.productId),
      esc(t.pan === undefined ? '—' : `•••• ${t.pan.slice(-4)}`),
      paymentLink(t.originalPaymentId),
      esc(t.merchantId),
    ],
    empty: 'No tokens yet.',
  }),
  mandates: spec({
    path: '/mandates',
    title: 'Mandates',
    topic: 'mandates',
    items: (s) => s.mandates.values(),
    status: (m) => m.status,
    merchant: (m) => m.merchantId,
    headers: ['Mandate reference', 'Status', 'Alias', 'Customer reference', 'Recurrence', 'Merchant'],
    row: (m) => [
      `<span class="mono">${esc(m.reference)}</span>`,
      badge(m.status),
      esc(m.alias ?? '—'),
      esc(m.customerReference ?? '—'),
      esc(m.recurrenceType ?? '—'),
      esc(m.merchantId),
    ],
    empty: 'No mandates yet.',
  }),
  hostedcheckouts: spec({
    path: '/hostedcheckouts',
    title: 'Hosted checkouts',
    topic: 'hostedcheckouts',
    items: (s) => s.hostedCheckouts.values(),
    status: (h) => h.status,
    merchant: (h) => h.merchantId,
    headers: ['Hosted checkout', 'Status', 'Merchant reference', 'Payment', 'Merchant', 'Created', 'Expires'],
    row: (h) => [
      `<span class="mono">${esc(h.id)}</span>`,
      badge(h.status),
      esc(h.merchantReference ?? '—'),
      paymentLink(h.paymentIds[h.paymentIds.length - 1]),
      esc(h.merchantId),
      time(h.createdAt),
      time(h.expiresAt),
    ],
    empty: 'No hosted checkouts yet.',
  }),
  disputes: spec({
    path: '/disputes',
    title: 'Disputes',
    topic: 'disputes',
    items: (s) => s.disputes.values(),
    status: (d) => d.status,
    merchant: (d) => d.merchantId,
    headers: ['Dispute', 'Status', 'Amount', 'Payment', 'Merchant', 'Created'],
    row: (d) => [
      `<span class="mono">${esc(d.id)}</span>`,
      badge(d.status),
      esc(money(d.amount, d.currency)),
      paymentLink(d.paymentId),
      esc(d.merchantId),
      time(d.createdAt),
    ],
    empty: 'No disputes yet.',
  }),
};

function spec<T>(s: ListSpec<T>): ListSpec<never> {
  return s as unknown as ListSpec<never>;
}

/** The list page for `/refunds`, `/payouts`, ... (undefined for other names). */
export function listPage(src: Source, name: string, q: URLSearchParams): Page | undefined {
  const s = SPECS[name] as ListSpec<unknown> | undefined;
  if (!s) return undefined;
  const status = q.get('status') ?? '';
  const merchantId = q.get('merchantId') ?? '';
  const all = [...s.items(src)];
  const statuses = [...new Set(all.map(s.status))].sort();
  const matching =
    status === '' && merchantId === ''
      ? all
      : all.filter(
          (t) => (status === '' || s.status(t) === status) && (merchantId === '' || s.merchant(t) === merchantId),
        );
  const before = cursorParam(q.get('before'));
  const end = before === undefined ? matching.length : Math.min(before, matching.length);
  const from = Math.max(0, end - PAGE_SIZE);
  const rows = matching
    .slice(from, end)
    .reverse()
    .map((t) => s.row(t, src));
  const head = filters(s.path, [
    {
      name: 'status',
      label: 'Status',
      value: status,
      options: [['', 'All statuses'], ...statuses.map((x): [string, string] => [x, x])],
    },
    { name: 'merchantId', label: 'Merchant', value: merchantId, options: merchantOptions(src) },
  ]);
  const live =
    table(`${s.title}, newest first`, s.headers, rows, s.empty) +
    pager(s.path, { status, merchantId }, from > 0 ? from : undefined, before === undefined, matching.length);
  return { title: s.title, nav: s.path, head, live, liveFor: s.topic };
}
