/**
 * A payment's page: a summary, the buttons for what a tester does next (each a POST with the
 * same-origin token), its operations (captures and refunds), a timeline of every event about it with
 * each webhook delivery attempt, and its current JSON as `payments.get` returns it (card masked).
 */
import { currencies } from '../catalogue/money.js';
import { actionForm, badge, esc, json, money, type Page, table, time } from './html.js';
import type { Delivery, LoggedEvent, Payment, Source } from './source.js';

const REDIRECT_OUTCOMES = ['success', 'failure', 'cancel'] as const;

/** "12.50" in major units -> 1250 minor units for the currency; undefined when blank, NaN when invalid. */
export function minorUnits(text: string | undefined, currency: string): number | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  const d = currencies[currency]?.decimals ?? 2;
  if (!/^\d+(\.\d+)?$/.test(t) || (t.split('.')[1]?.length ?? 0) > d) return Number.NaN;
  return Math.round(Number(t) * 10 ** d);
}

function deliveryLine(d: Delivery): string {
  const outcome =
    d.status === null
      ? `<span class="badge bad">no answer</span> ${esc(d.error ?? '')}`
      : `<span class="badge ${d.status >= 200 && d.status < 300 ? 'good' : 'bad'}">HTTP ${esc(d.status)}</span>`;
  const retry = d.nextRetryAt ? ` · next retry ${esc(d.nextRetryAt.slice(11, 19))}` : '';
  return `<li>Delivery to <span class="mono">${esc(d.url)}</span> · attempt ${esc(d.attempt)}${d.resend ? ' (resend)' : ''} · ${outcome} · ${esc(d.latencyMs)} ms${retry}</li>`;
}

function timeline(src: Source, p: Payment): string {
  const events: LoggedEvent[] = src.events().filter((e) => src.paymentIdOf(e) === p.id);
  const byEvent = new Map<string, Delivery[]>();
  if (events.length > 0) {
    const ids = new Set(events.map((e) => e.id));
    for (const d of src.deliveries()) {
      if (!ids.has(d.eventId)) continue;
      const list = byEvent.get(d.eventId) ?? [];
      list.push(d);
      byEvent.set(d.eventId, list);
    }
  }
  const items = [
    `<li><span class="when">${time(p.createdAt)}</span><strong>Payment created</strong> · ${esc(money(p.amount, p.currency))} · ${esc(p.method)}</li>`,
  ];
  for (const e of events) {
    const status = (e.resource as { status?: unknown }).status;
    const deliveries = byEvent.get(e.id) ?? [];
    const list =
      deliveries.length > 0
        ? `<ul>${deliveries.map(deliveryLine).join('')}</ul>`
        : `<ul><li>${src.endpoints().length === 0 ? 'not delivered: no webhook endpoint is configured' : 'delivery pending'}</li></ul>`;
    items.push(
      `<li><span class="when">${time(e.at)}</span><strong>Event <a href="/events/${esc(encodeURIComponent(e.id))}">${esc(e.type)}</a></strong>${typeof status === 'string' ? ` · ${badge(status)}` : ''}${list}</li>`,
    );
  }
  return `<ol class="timeline" aria-label="Timeline">${items.join('')}</ol>`;
}

function actions(src: Source, p: Payment, token: string): string {
  const base = `/payments/${encodeURIComponent(p.id)}/actions`;
  const forms: string[] = [];
  const cur = esc(p.currency);
  if (p.status === 'PENDING_APPROVAL') forms.push(actionForm(`${base}/approve`, token, 'Approve'));
  if (p.status === 'PENDING_APPROVAL' || p.status === 'PENDING_CAPTURE') {
    forms.push(
      actionForm(
        `${base}/capture`,
        token,
        'Capture',
        `<div class="field"><label for="capture-amount">Capture amount (${cur})</label><input id="capture-amount" name="amount" inputmode="decimal" size="8" placeholder="all"></div>`,
      ),
    );
  }
  if (p.status === 'PAID') {
    forms.push(
      actionForm(
        `${base}/refund`,
        token,
        'Refund',
        `<div class="field"><label for="refund-amount">Refund amount (${cur})</label><input id="refund-amount" name="amount" inputmode="decimal" size="8" placeholder="all"></div>`,
      ),
    );
  }
  const pendingRefund = p.refundIds.some((id) => src.refunds.get(id)?.status === 'REFUND_REQUESTED');
  if (p.status === 'CAPTURE_REQUESTED' || pendingRefund) forms.push(actionForm(`${base}/settle`, token, 'Settle now'));
  if (p.status === 'REDIRECTED') {
    const opts = REDIRECT_OUTCOMES.map((o) => `<option value="${o}">${o}</option>`).join('');
    forms.push(
      actionForm(
        `${base}/redirect`,
        token,
        'Finish redirect',
        `<div class="field"><label for="redirect-outcome">Outcome</label><select id="redirect-outcome" name="outcome">${opts}</select></div>`,
      ),
    );
  }
  if (
    [
      'PENDING_APPROVAL',
      'PENDING_CAPTURE',
      'PENDING_COMPLETION',
      'PENDING_FRAUD_APPROVAL',
      'REDIRECTED',
      'PENDING_PAYMENT',
    ].includes(p.status)
  ) {
    forms.push(actionForm(`${base}/cancel`, token, 'Cancel payment', '', 'secondary'));
  }
  if (p.status === 'PAID') {
    forms.push(actionForm(`${base}/chargeback`, token, 'Charge back', '', 'danger'));
    forms.push(actionForm(`${base}/reverse`, token, 'Reverse', '', 'danger'));
  }
  const statuses = src.paymentStatuses
    .map((s) => `<option value="${esc(s)}"${s === p.status ? ' selected' : ''}>${esc(s)}</option>`)
    .join('');
  forms.push(
    actionForm(
      `${base}/force`,
      token,
      'Force status',
      `<div class="field"><label for="force-status">Status</label><select id="force-status" name="status">${statuses}</select></div>`,
      'secondary',
    ),
  );
  return `<section class="actions" aria-label="Actions">${forms.join('')}</section>`;
}

function operations(src: Source, p: Payment, token: string): string {
  const rows: string[][] = [];
  for (const id of p.captureIds) {
    const c = src.captures.get(id);
    if (c)
      rows.push([
        `<span class="mono">${esc(c.id)}</span>`,
        'Capture',
        badge(c.status),
        esc(money(c.amount, p.currency)),
        time(c.changedAt),
        '',
      ]);
  }
  for (const id of p.refundIds) {
    const r = src.refunds.get(id);
    if (!r) continue;
    const base = `/refunds/${encodeURIComponent(r.id)}/actions`;
    const buttons =
      r.status === 'PENDING_APPROVAL'
        ? actionForm(`${base}/approve`, token, 'Approve refund') +
          actionForm(`${base}/cancel`, token, 'Cancel refund', '', 'secondary')
        : r.status === 'REFUND_REQUESTED'
          ? actionForm(`${base}/cancel`, token, 'Cancel refund', '', 'secondary')
          : '';
    rows.push([
      `<span class="mono">${esc(r.id)}</span>`,
      'Refund',
      badge(r.status),
      esc(money(r.amount, r.currency)),
      time(r.changedAt),
      buttons,
    ]);
  }
  return table(
    'Operations',
    ['Id', 'Type', 'Status', 'Amount', 'Changed', 'Actions'],
    rows,
    'No captures or refunds yet.',
  );
}

export function paymentPage(src: Source, p: Payment, token: string): Page {
  const summary: [string, string][] = [
    ['Status', badge(p.status)],
    ['Amount', esc(money(p.amount, p.currency))],
    ['Merchant reference', esc(p.merchantReference ?? '—')],
    ['Merchant', esc(p.merchantId)],
    ['Created', time(p.createdAt)],
    ['Last change', time(p.changedAt)],
    ['Method', `${esc(p.method)} (product ${esc(p.productId)})`],
  ];
  const dl = `<dl class="summary">${summary.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
  const live =
    dl +
    actions(src, p, token) +
    '<h2>Operations</h2>' +
    operations(src, p, token) +
    '<h2>Timeline</h2>' +
    timeline(src, p) +
    '<h2>Current JSON</h2>' +
    json(src.paymentView(p));
  return {
    title: `Payment ${p.id}`,
    nav: '/payments',
    head: '<p><a href="/payments">← All payments</a></p>',
    live,
    liveFor: p.id,
  };
}
