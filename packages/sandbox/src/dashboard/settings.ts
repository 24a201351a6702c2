/**
 * Settings: the sandbox clock (advance, settle now), API keys and merchants, webhook endpoints (add,
 * verify, remove) and faults (add, list, clear). Secrets are accepted here but never shown.
 */
import { actionForm, esc, type Page, table, time } from './html.js';
import type { Source } from './source.js';

function input(id: string, label: string, name: string, extra = ''): string {
  return `<div class="field"><label for="${id}">${esc(label)}</label><input id="${id}" name="${name}"${extra}></div>`;
}

export function settingsPage(src: Source, token: string): Page {
  const a = (name: string) => `/settings/actions/${name}`;
  const clock = src.clock();
  const clockSection =
    '<h2>Clock</h2>' +
    `<p>Sandbox time ${time(clock.now)} (offset ${esc(Math.round(clock.offsetMs / 60_000))} min). Payments in CAPTURE_REQUESTED, refunds and payouts settle when their delay has passed on this clock.</p>` +
    '<section class="actions" aria-label="Clock">' +
    actionForm(
      a('advance'),
      token,
      'Advance clock',
      input('advance-minutes', 'Minutes', 'minutes', ' inputmode="numeric" size="5" value="60"'),
    ) +
    actionForm(a('settle'), token, 'Settle everything now') +
    '</section>';

  const keyRows = src
    .keys()
    .map((k) => [
      `<span class="mono">${esc(k.apiKeyId)}</span>`,
      esc(k.merchantIds === '*' ? 'all merchants' : k.merchantIds.join(', ')),
      actionForm(
        a('remove-key'),
        token,
        'Remove',
        `<input type="hidden" name="apiKeyId" value="${esc(k.apiKeyId)}">`,
        'secondary',
      ),
    ]);
  const keysSection =
    '<h2>API keys and merchants</h2>' +
    table('API keys (secrets are never shown)', ['API key id', 'Merchants', ''], keyRows, 'No API keys.') +
    '<section class="actions" aria-label="Add an API key">' +
    actionForm(
      a('add-key'),
      token,
      'Add API key',
      input('key-id', 'API key id', 'apiKeyId', ' required') +
        input('key-secret', 'Secret API key', 'secretApiKey', ' type="password" required autocomplete="off"') +
        input('key-merchants', 'Merchant ids (comma-separated, or *)', 'merchantIds', ' required'),
    ) +
    '</section>' +
    `<p>Merchants: ${src
      .merchants()
      .map((m) => `<span class="mono">${esc(m)}</span>`)
      .join(', ')}</p>` +
    '<section class="actions" aria-label="Add a merchant">' +
    actionForm(
      a('add-merchant'),
      token,
      'Add merchant',
      input('merchant-id', 'Merchant id', 'merchantId', ' required'),
    ) +
    '</section>';

  const epRows = src
    .endpoints()
    .map((e) => [
      `<span class="mono">${esc(e.id ?? '')}</span>`,
      `<span class="mono">${esc(e.url)}</span>`,
      esc(e.keyId),
      esc(e.merchantIds?.join(', ') ?? 'all'),
      esc(e.eventTypes?.join(', ') ?? 'all'),
      actionForm(
        a('verify-endpoint'),
        token,
        'Verify',
        `<input type="hidden" name="id" value="${esc(e.id ?? '')}">`,
        'secondary',
      ) +
        actionForm(
          a('remove-endpoint'),
          token,
          'Remove',
          `<input type="hidden" name="id" value="${esc(e.id ?? '')}">`,
          'danger',
        ),
    ]);
  const webhooksSection =
    '<h2>Webhook endpoints</h2>' +
    table(
      'Webhook endpoints',
      ['Id', 'URL', 'Key id', 'Merchants', 'Event types', ''],
      epRows,
      'No webhook endpoints: events are logged but not delivered.',
    ) +
    '<section class="actions" aria-label="Add a webhook endpoint">' +
    actionForm(
      a('add-endpoint'),
      token,
      'Add endpoint',
      input('ep-url', 'URL', 'url', ' type="url" required placeholder="http://localhost:3000/webhooks"') +
        input('ep-key', 'Key id', 'keyId', ' required') +
        input('ep-secret', 'Secret key', 'secretKey', ' type="password" required autocomplete="off"') +
        input('ep-types', 'Event types (comma-separated, blank = all)', 'eventTypes', ' placeholder="payment.*"') +
        '<div class="field check"><input id="ep-verify" type="checkbox" name="verify" value="1"><label for="ep-verify">Verify first</label></div>',
    ) +
    '</section>';

  const faultRows = src
    .faults()
    .map((f) => [
      `<span class="mono">${esc(f.id)}</span>`,
      esc(f.operation ?? f.path ?? 'any'),
      esc(f.method ?? 'any'),
      esc(f.count),
      esc(f.status ?? '—'),
      esc(f.delayMs ?? '—'),
      esc(f.reset ? 'yes' : 'no'),
    ]);
  const faultsSection =
    '<h2>Faults</h2>' +
    table(
      'Faults waiting for matching Server API requests',
      ['Id', 'Operation or path', 'Method', 'Remaining', 'Status', 'Delay ms', 'Drop connection'],
      faultRows,
      'No faults.',
    ) +
    '<section class="actions" aria-label="Faults">' +
    actionForm(
      a('add-fault'),
      token,
      'Add fault',
      input('fault-op', 'Operation (e.g. payments.create)', 'operation') +
        input('fault-status', 'HTTP status', 'status', ' inputmode="numeric" size="4" value="503"') +
        input('fault-count', 'Count', 'count', ' inputmode="numeric" size="3" value="1"'),
    ) +
    actionForm(a('clear-faults'), token, 'Clear faults', '', 'secondary') +
    '</section>';

  return {
    title: 'Settings',
    nav: '/settings',
    head: '',
    live: clockSection + keysSection + webhooksSection + faultsSection,
  };
}
