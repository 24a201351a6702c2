/**
 * The dashboard's HTML building blocks: escaping (everything shown goes through `esc`), the page
 * layout with its navigation, and the small formatters (money, time, status badges, tables, pagers).
 */
import { currencies } from '../catalogue/money.js';

/** Escapes text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A page: its title, the fixed part and the part live updates replace (`?fragment=1` answers only that). */
export interface Page {
  title: string;
  /** navigation entry to mark as current */
  nav: string;
  head: string;
  live: string;
  /** what the live feed refreshes this page for: 'all' or a resource id */
  liveFor?: string;
}

const NAV: readonly [string, string][] = [
  ['/payments', 'Payments'],
  ['/refunds', 'Refunds'],
  ['/payouts', 'Payouts'],
  ['/tokens', 'Tokens'],
  ['/mandates', 'Mandates'],
  ['/hostedcheckouts', 'Hosted checkouts'],
  ['/disputes', 'Disputes'],
  ['/events', 'Events'],
  ['/deliveries', 'Deliveries'],
  ['/settings', 'Settings'],
];

export function layout(page: Page, token: string, flash: { done?: string; error?: string }): string {
  const nav = NAV.map(
    ([href, label]) => `<li><a href="${href}"${page.nav === href ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`,
  ).join('');
  const banner =
    (flash.done ? `<p class="flash ok" role="status">${esc(flash.done)}</p>` : '') +
    (flash.error ? `<p class="flash err" role="alert">${esc(flash.error)}</p>` : '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="dashboard-token" content="${esc(token)}">
<title>${esc(page.title)} · connect-sandbox</title>
<link rel="stylesheet" href="/_dashboard/assets/dashboard.css">
<script src="/_dashboard/assets/dashboard.js" defer></script>
</head><body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/payments">connect-sandbox</a><span class="sub">dashboard</span>
<span class="live-state" id="live-state" role="status" aria-live="polite">live updates off</span></header>
<div class="frame"><nav aria-label="Sections"><ul>${nav}</ul></nav>
<main id="main" data-live-for="${esc(page.liveFor ?? '')}">${banner}<h1>${esc(page.title)}</h1>${page.head}
<div id="live-region">${page.live}</div></main></div>
</body></html>`;
}

/** Minor units -> `12.50 EUR` (zero-decimal currencies such as JPY stay whole). */
export function money(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined) return '—';
  const d = currencies[currency ?? '']?.decimals ?? 2;
  const v = d === 0 ? String(amount) : (amount / 10 ** d).toFixed(d);
  // a no-break space keeps "12.50 EUR" on one line
  return `${v}\u00a0${currency ?? ''}`.trim();
}

/** `<time>` in UTC, seconds precision (the sandbox clock may be advanced: that is the time shown). */
export function time(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  // month-day and time (UTC) keep tables narrow; the full timestamp is in the tooltip
  return `<time datetime="${iso}" title="${iso}">${iso.slice(5, 10)} ${iso.slice(11, 19)}</time>`;
}

const TONE: Readonly<Record<string, string>> = {
  PAID: 'good',
  CAPTURED: 'good',
  REFUNDED: 'info',
  ACCOUNT_CREDITED: 'good',
  ACTIVE: 'good',
  PAYMENT_CREATED: 'good',
  REJECTED: 'bad',
  CANCELLED: 'muted',
  CHARGEBACKED: 'bad',
  REVERSED: 'bad',
  CHARGEBACK_NOTIFICATION: 'warn',
  REVOKED: 'muted',
  BLOCKED: 'warn',
};

export function badge(status: string | undefined): string {
  const s = status ?? '—';
  const tone = TONE[s] ?? (/PENDING|REQUESTED|REDIRECTED|IN_PROGRESS|CREATED|DRAFT/.test(s) ? 'warn' : 'plain');
  return `<span class="badge ${tone}">${esc(s)}</span>`;
}

/** A table with a caption (screen readers announce it), header cells and pre-rendered row cells. */
export function table(caption: string, headers: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  // a wide table scrolls inside its own focusable region instead of pushing the page sideways
  return `<div class="table-wrap" role="region" aria-label="${esc(caption)}" tabindex="0"><table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function link(href: string, text: string): string {
  return `<a href="${esc(href)}">${esc(text)}</a>`;
}

/** `?a=1&b=2` from the non-empty values. */
export function qs(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s === '' ? '' : `?${s}`;
}

/** Filter form: selects and text inputs, submitted as GET. */
export function filters(
  action: string,
  fields: {
    name: string;
    label: string;
    value: string | undefined;
    options?: readonly (readonly [string, string])[];
  }[],
): string {
  const inner = fields
    .map((f) => {
      const id = `f-${f.name}`;
      if (f.options) {
        const opts = f.options
          .map(([v, l]) => `<option value="${esc(v)}"${v === (f.value ?? '') ? ' selected' : ''}>${esc(l)}</option>`)
          .join('');
        return `<div class="field"><label for="${id}">${esc(f.label)}</label><select id="${id}" name="${esc(f.name)}">${opts}</select></div>`;
      }
      return `<div class="field"><label for="${id}">${esc(f.label)}</label><input id="${id}" name="${esc(f.name)}" value="${esc(f.value ?? '')}"></div>`;
    })
    .join('');
  return `<form class="filters" method="get" action="${esc(action)}" role="search" aria-label="Filters">${inner}<button type="submit">Filter</button></form>`;
}

/** Newer / older links around a page of a newest-first list. */
export function pager(
  base: string,
  params: Record<string, string | undefined>,
  next: number | undefined,
  isFirst: boolean,
  total: number | undefined,
): string {
  const parts: string[] = [];
  if (total !== undefined) parts.push(`<span>${esc(total.toLocaleString('en'))} in total</span>`);
  if (!isFirst) parts.push(link(`${base}${qs(params)}`, 'Newest'));
  if (next !== undefined)
    parts.push(`<a rel="next" href="${esc(`${base}${qs({ ...params, before: next })}`)}">Older</a>`);
  return `<nav class="pager" aria-label="Pages">${parts.join(' ')}</nav>`;
}

/** A POST form with the same-origin token; `fields` are extra inputs (already rendered). */
export function actionForm(action: string, token: string, label: string, fields = '', tone = ''): string {
  return `<form class="action" method="post" action="${esc(action)}"><input type="hidden" name="_token" value="${esc(token)}">${fields}<button type="submit"${tone ? ` class="${tone}"` : ''}>${esc(label)}</button></form>`;
}

/** Pretty-printed JSON in a code block (escaped). */
export function json(v: unknown): string {
  return `<pre class="json" tabindex="0" aria-label="JSON"><code>${esc(JSON.stringify(v, null, 2))}</code></pre>`;
}
