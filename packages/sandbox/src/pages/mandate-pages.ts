/**
 * Mandate pages: hosted mandate management (`/hostedmandatemanagement/<id>`: review the mandate, then sign,
 * make the signing fail or cancel; back to the merchant's returnUrl with RETURNMAC) and the signing page of a
 * mandate created with `signatureType: SMS` (`/mandate/<merchantId>/<reference>/sign`). Every change is a POST.
 */
import { esc, followableUrl } from './escape.js';
import { type PageLocale, type PageText, pageLocale, translator } from './i18n.js';
import { messagePage, type PageResult, renderPage, seeOther } from './layout.js';
import { expiredPage, notFoundPage, stalePage } from './outcome-pages.js';
import { at, merchantName, postButton, returnAction } from './parts.js';
import type { HostedMandateSnapshot } from './port.js';
import { authentic, type PageRequest, type PagesEnv } from './request.js';

const path = (id: string) => `/hostedmandatemanagement/${encodeURIComponent(id)}`;
const OUTCOMES = new Set(['success', 'failure', 'cancel']);

/** An IBAN shows only its country and last four characters. */
function maskIban(iban: unknown): string {
  if (typeof iban !== 'string' || iban.length < 8) return '';
  const clean = iban.replace(/\s+/g, '');
  return `${clean.slice(0, 2)}•• •••• ${clean.slice(-4)}`;
}

function holderName(customer: unknown): string {
  const name = at(customer, 'personalInformation', 'name');
  const parts = [at(name, 'title'), at(name, 'firstName'), at(name, 'surname')].filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
  const company = at(customer, 'companyName');
  return parts.join(' ') || (typeof company === 'string' ? company : '');
}

function mandateFacts(locale: PageLocale, info: unknown, reference: string | undefined): string {
  const t = translator(locale);
  const customer = at(info, 'customer');
  const recurrence = at(info, 'recurrenceType');
  const iban = maskIban(at(customer, 'bankAccountIban', 'iban'));
  const holder = holderName(customer);
  return (
    '<dl class="facts">' +
    (holder ? `<dt>${esc(t('mandateCustomer'))}</dt><dd>${esc(holder)}</dd>` : '') +
    (iban ? `<dt>${esc(t('iban'))}</dt><dd>${esc(iban)}</dd>` : '') +
    `<dt>${esc(t('mandateRecurrence'))}</dt><dd>${esc(t(recurrence === 'UNIQUE' ? 'oneOff' : 'recurring'))}</dd>` +
    (reference ? `<dt>${esc(t('reference'))}</dt><dd>${esc(reference)}</dd>` : '') +
    '</dl>'
  );
}

function hostedLocale(h: HostedMandateSnapshot): PageLocale {
  const locale = at(h.request, 'hostedMandateManagementSpecificInput', 'locale');
  return pageLocale(typeof locale === 'string' ? locale : undefined);
}

const FINAL: Readonly<Record<string, [PageText, PageText, 'good' | 'bad' | 'info']>> = {
  MANDATE_CREATED: ['mandateSigned', 'mandateSignedBody', 'good'],
  FAILED: ['mandateFailed', 'mandateFailedBody', 'bad'],
  CANCELLED_BY_CONSUMER: ['mandateCancelled', 'mandateCancelledBody', 'info'],
};

function hostedPage(env: PagesEnv, h: HostedMandateSnapshot): PageResult {
  const locale = hostedLocale(h);
  const t = translator(locale);
  if (h.expired) return expiredPage(locale, h.returnUrl);
  const info = at(h.request, 'createMandateInfo');
  const final = FINAL[h.status];
  if (final) {
    const [title, body, kind] = final;
    return messagePage(locale, t(title), t(body, { reference: h.mandateReference ?? '' }), {
      kind,
      actions: returnAction(locale, h.returnUrl),
    });
  }
  const token = env.tokens.issue(`hm:${h.id}`);
  const given = at(info, 'uniqueMandateReference');
  const main =
    `<h1>${esc(t('mandateTitle'))}</h1>` +
    `<p>${esc(t('mandateIntro', { merchant: merchantName(locale, h.merchantId) }))}</p>` +
    mandateFacts(locale, info, typeof given === 'string' ? given : undefined) +
    '<div class="actions">' +
    postButton(path(h.id), token, t('signMandate'), { outcome: 'success' }) +
    postButton(path(h.id), token, t('failMandate'), { outcome: 'failure' }, 'danger') +
    postButton(path(h.id), token, t('cancelMandate'), { outcome: 'cancel' }, 'secondary') +
    '</div>';
  return renderPage({ locale, title: t('mandateTitle'), main });
}

export function hostedMandateRoute(env: PagesEnv, req: PageRequest): PageResult | undefined {
  const [, id, extra] = req.segments;
  if (id === undefined || extra !== undefined) return undefined;
  const h = env.port.hostedMandate(id);
  if (!h) return notFoundPage();
  if (req.method === 'GET') return hostedPage(env, h);
  if (req.method !== 'POST') return undefined;
  const locale = hostedLocale(h);
  if (!authentic(env, req, `hm:${h.id}`)) return stalePage(locale, path(h.id));
  const outcome = req.form.get('outcome') ?? '';
  if (!OUTCOMES.has(outcome) || h.status !== 'IN_PROGRESS' || h.expired) return seeOther(path(h.id));
  const url = env.port.finishHostedMandate(h.id, outcome as 'success' | 'failure' | 'cancel', req.baseUrl);
  const back = followableUrl(url);
  return seeOther(back ?? path(h.id));
}

/** `/mandate/<merchantId>/<reference>/sign`: a mandate waiting for the customer's signature. */
export function mandateSignRoute(env: PagesEnv, req: PageRequest): PageResult | undefined {
  const [, merchantId, reference, action] = req.segments;
  if (merchantId === undefined || reference === undefined || action !== 'sign') return undefined;
  const m = env.port.mandate(merchantId, reference);
  const locale: PageLocale = 'en_GB';
  if (!m) return notFoundPage();
  const t = translator(locale);
  const self = `/mandate/${encodeURIComponent(merchantId)}/${encodeURIComponent(reference)}/sign`;
  if (req.method === 'POST') {
    if (!authentic(env, req, `md:${merchantId}/${reference}`)) return stalePage(locale, self);
    env.port.signMandate(merchantId, reference);
    return seeOther(self);
  }
  if (req.method !== 'GET') return undefined;
  if (m.status !== 'CREATED') {
    return messagePage(locale, t('mandateSigned'), t('mandateSignedBody', { reference: m.reference }), {
      kind: m.status === 'ACTIVE' ? 'good' : 'info',
    });
  }
  const token = env.tokens.issue(`md:${merchantId}/${reference}`);
  const main =
    `<h1>${esc(t('mandateTitle'))}</h1>` +
    `<p>${esc(t('mandateIntro', { merchant: merchantName(locale, merchantId) }))}</p>` +
    mandateFacts(locale, { customer: m.customer, recurrenceType: m.recurrenceType }, m.reference) +
    `<div class="actions">${postButton(self, token, t('signMandate'))}</div>`;
  return renderPage({ locale, title: t('mandateTitle'), main });
}
