/**
 * Events and deliveries: the bounded event log (newest first), one event with the exact body sent and
 * every delivery attempt (status, latency, next retry) and a "Resend" button, and all delivery attempts.
 */
import { actionForm, badge, esc, filters, json, type Page, table, time } from './html.js';
import type { Delivery, LoggedEvent, Source } from './source.js';

const LIMIT = 200;

function statusCell(d: Delivery): string {
  if (d.status === null) return `<span class="badge bad">no answer</span> ${esc(d.error ?? '')}`;
  return `<span class="badge ${d.status >= 200 && d.status < 300 ? 'good' : 'bad'}">HTTP ${esc(d.status)}</span>`;
}

function eventLink(id: string, text: string): string {
  return `<a href="/events/${esc(encodeURIComponent(id))}">${esc(text)}</a>`;
}

function resourceCell(src: Source, e: LoggedEvent): string {
  const id = (e.resource as { id?: unknown }).id;
  const pid = src.paymentIdOf(e);
  const text = typeof id === 'string' ? id : '—';
  if (pid !== undefined && src.payments.has(pid)) {
    return `<a class="mono" href="/payments/${esc(encodeURIComponent(pid))}">${esc(text)}</a>`;
  }
  return `<span class="mono">${esc(text)}</span>`;
}

export function eventsPage(src: Source, q: URLSearchParams): Page {
  const type = q.get('type') ?? '';
  const merchantId = q.get('merchantId') ?? '';
  const all = src.events();
  const types = [...new Set(all.map((e) => e.type))].sort();
  const byEvent = new Map<string, Delivery[]>();
  for (const d of src.deliveries()) {
    const l = byEvent.get(d.eventId) ?? [];
    l.push(d);
    byEvent.set(d.eventId, l);
  }
  const rows: string[][] = [];
  for (let i = all.length - 1; i >= 0 && rows.length < LIMIT; i--) {
    const e = all[i] as LoggedEvent;
    if ((type !== '' && e.type !== type) || (merchantId !== '' && e.merchantId !== merchantId)) continue;
    const ds = byEvent.get(e.id) ?? [];
    const last = ds[ds.length - 1];
    rows.push([
      time(e.at),
      eventLink(e.id, e.type),
      resourceCell(src, e),
      esc(e.merchantId),
      last ? `${statusCell(last)} · ${ds.length} attempt${ds.length === 1 ? '' : 's'}` : '—',
    ]);
  }
  const head = filters('/events', [
    {
      name: 'type',
      label: 'Type',
      value: type,
      options: [['', 'All types'], ...types.map((t): [string, string] => [t, t])],
    },
    {
      name: 'merchantId',
      label: 'Merchant',
      value: merchantId,
      options: [['', 'All merchants'], ...src.merchants().map((m): [string, string] => [m, m])],
    },
  ]);
  const live = table(
    `Events, newest first (the last ${LIMIT} shown; the sandbox keeps 2,000)`,
    ['Time', 'Type', 'Resource', 'Merchant', 'Last delivery'],
    rows,
    'No events yet.',
  );
  return { title: 'Events', nav: '/events', head, live, liveFor: 'events' };
}

export function eventPage(src: Source, e: LoggedEvent, token: string): Page {
  const deliveries = src.deliveries().filter((d) => d.eventId === e.id);
  const rows = deliveries.map((d) => [
    time(Date.parse(d.at)),
    `<span class="mono">${esc(d.url)}</span>`,
    `${esc(d.attempt)}${d.resend ? ' (resend)' : ''}`,
    statusCell(d),
    `${esc(d.latencyMs)} ms`,
    d.nextRetryAt ? time(Date.parse(d.nextRetryAt)) : '—',
  ]);
  const pid = src.paymentIdOf(e);
  const head =
    `<p><a href="/events">← All events</a>${pid && src.payments.has(pid) ? ` · <a href="/payments/${esc(encodeURIComponent(pid))}">Payment ${esc(pid)}</a>` : ''}</p>` +
    `<section class="actions" aria-label="Actions">${actionForm(`/events/${encodeURIComponent(e.id)}/resend`, token, 'Resend to every endpoint')}</section>`;
  const live =
    `<dl class="summary"><div><dt>Type</dt><dd>${esc(e.type)}</dd></div><div><dt>Created</dt><dd>${time(e.at)}</dd></div><div><dt>Merchant</dt><dd>${esc(e.merchantId)}</dd></div><div><dt>Status</dt><dd>${badge(String((e.resource as { status?: unknown }).status ?? '—'))}</dd></div></dl>` +
    '<h2>Delivery attempts</h2>' +
    table(
      'Delivery attempts',
      ['Time', 'Endpoint', 'Attempt', 'Response', 'Latency', 'Next retry'],
      rows,
      'Not delivered: no endpoint took this event when it happened.',
    ) +
    '<h2>Body sent (pretty-printed; the wire body is the compact JSON)</h2>' +
    `<p>Signed with each endpoint's secret key: <code>X-GCS-Signature</code> = base64(HMAC-SHA256(body)).</p>` +
    json(JSON.parse(e.json()));
  return { title: `Event ${e.type}`, nav: '/events', head, live, liveFor: e.id };
}

export function deliveriesPage(src: Source, q: URLSearchParams): Page {
  const only = q.get('failed') === '1';
  const all = src.deliveries();
  const rows: string[][] = [];
  for (let i = all.length - 1; i >= 0 && rows.length < LIMIT; i--) {
    const d = all[i] as Delivery;
    if (only && d.status !== null && d.status >= 200 && d.status < 300) continue;
    rows.push([
      time(Date.parse(d.at)),
      eventLink(d.eventId, d.eventType),
      `<span class="mono">${esc(d.url)}</span>`,
      `${esc(d.attempt)}${d.resend ? ' (resend)' : ''}`,
      statusCell(d),
      `${esc(d.latencyMs)} ms`,
      d.nextRetryAt ? time(Date.parse(d.nextRetryAt)) : '—',
    ]);
  }
  const head = filters('/deliveries', [
    {
      name: 'failed',
      label: 'Show',
      value: only ? '1' : '',
      options: [
        ['', 'All attempts'],
        ['1', 'Failed attempts only'],
      ],
    },
  ]);
  const live = table(
    `Delivery attempts, newest first (the last ${LIMIT} shown)`,
    ['Time', 'Event', 'Endpoint', 'Attempt', 'Response', 'Latency', 'Next retry'],
    rows,
    src.endpoints().length === 0 ? 'No deliveries: add a webhook endpoint in Settings.' : 'No deliveries yet.',
  );
  return { title: 'Deliveries', nav: '/deliveries', head, live, liveFor: 'deliveries' };
}
