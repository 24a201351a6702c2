/**
 * The dashboard's POSTs: payment and refund buttons, resend, settings. Each form carries the
 * dashboard's same-origin token (`_token`, or the `X-Dashboard-Token` header for scripts); a request
 * without it, or from another origin (Origin / Sec-Fetch-Site), is refused before anything changes.
 * Answers are 303 redirects back to the page with a message (`?done=` / `?error=`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crossOriginReason } from '../http/browser.js';
import { minorUnits } from './payment-page.js';
import type { Source, WebhookEndpoint } from './source.js';

export interface ActionRequest {
  path: string[];
  form: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  req: IncomingMessage;
  /** this server's origins (`http://<Host>`, the public URL's) */
  origins: string[];
}

export interface ActionResult {
  status: number;
  location?: string;
  message?: string;
}

/** Why a POST is refused (undefined: accepted). */
export function refusal(req: ActionRequest, token: string): string | undefined {
  // the same rule as the admin API's: a browser request must be same-origin (Origin, Sec-Fetch-Site)
  const cross = crossOriginReason(req.req, req.origins);
  if (cross !== undefined) return `refused: ${cross}`;
  const given =
    req.form.get('_token') ??
    (typeof req.headers['x-dashboard-token'] === 'string' ? req.headers['x-dashboard-token'] : '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'missing or wrong dashboard token (reload the page)';
  return undefined;
}

function back(location: string, key: 'done' | 'error', message: string): ActionResult {
  return {
    status: 303,
    location: `${location}${location.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(message)}`,
  };
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'errors' in e && Array.isArray((e as { errors: unknown }).errors)) {
    const first = (e as { errors: { id?: string; message?: string }[] }).errors[0];
    return `${first?.id ?? 'ERROR'}: ${first?.message ?? ''}`.trim();
  }
  return e instanceof Error ? e.message : String(e);
}

/** Runs one action; `path` is the request path split on '/' (decoded). */
export async function runAction(src: Source, req: ActionRequest): Promise<ActionResult> {
  const [kind, id, word, action] = req.path;
  const f = req.form;
  if (kind === 'payments' && id !== undefined && word === 'actions') {
    const p = src.payments.get(id);
    if (!p) return { status: 404, message: `no payment ${id}` };
    const page = `/payments/${encodeURIComponent(p.id)}`;
    try {
      switch (action) {
        case 'approve':
        case 'cancel':
          src.act.payment(p, action);
          break;
        case 'capture': {
          const amount = minorUnits(f.get('amount') ?? '', p.currency);
          if (Number.isNaN(amount)) return back(page, 'error', 'the capture amount must be a number such as 12.50');
          src.act.payment(p, 'capture', amount);
          break;
        }
        case 'refund': {
          const amount = minorUnits(f.get('amount') ?? '', p.currency);
          if (Number.isNaN(amount)) return back(page, 'error', 'the refund amount must be a number such as 12.50');
          src.act.refund(p, amount);
          return back(page, 'done', 'Refund requested');
        }
        case 'settle':
          return back(page, 'done', `Settled ${src.act.settle(p)} pending object(s)`);
        case 'force':
          src.act.forceStatus(p, f.get('status') ?? '');
          break;
        case 'redirect': {
          const o = f.get('outcome');
          if (o !== 'success' && o !== 'failure' && o !== 'cancel')
            return back(page, 'error', 'outcome must be success, failure or cancel');
          src.act.finishRedirect(p, o);
          break;
        }
        case 'chargeback':
          src.act.chargeback(p);
          break;
        case 'reverse':
          src.act.reverse(p);
          break;
        default:
          return { status: 404, message: `no payment action ${action ?? ''}` };
      }
      return back(page, 'done', `${action}: the payment is now ${p.status}`);
    } catch (e) {
      return back(page, 'error', errorText(e));
    }
  }
  if (kind === 'refunds' && id !== undefined && word === 'actions') {
    const r = src.refunds.get(id);
    if (!r) return { status: 404, message: `no refund ${id}` };
    const page = `/payments/${encodeURIComponent(r.paymentId)}`;
    if (action !== 'approve' && action !== 'cancel')
      return { status: 404, message: `no refund action ${action ?? ''}` };
    try {
      src.act.refundAction(r, action);
      return back(page, 'done', `Refund ${r.id} is now ${r.status}`);
    } catch (e) {
      return back(page, 'error', errorText(e));
    }
  }
  if (kind === 'events' && id !== undefined && word === 'resend') {
    const page = `/events/${encodeURIComponent(id)}`;
    const n = src.act.resend(id);
    if (n < 0) return { status: 404, message: `no event ${id} (the log keeps the last 2,000)` };
    return back(
      page,
      n === 0 ? 'error' : 'done',
      n === 0 ? 'No webhook endpoint takes this event' : `Resent to ${n} endpoint(s)`,
    );
  }
  if (kind === 'settings' && id === 'actions') return settingsAction(src, word ?? '', f);
  return { status: 404, message: 'no such action' };
}

async function settingsAction(src: Source, action: string, f: URLSearchParams): Promise<ActionResult> {
  const page = '/settings';
  const need = (k: string) => {
    const v = (f.get(k) ?? '').trim();
    if (v === '') throw new Error(`${k} is required`);
    return v;
  };
  try {
    switch (action) {
      case 'advance': {
        const minutes = Number(f.get('minutes'));
        if (!Number.isFinite(minutes) || minutes < 0) return back(page, 'error', 'minutes must be a number >= 0');
        src.act.advanceClock(Math.round(minutes * 60_000));
        return back(page, 'done', `Clock advanced by ${minutes} min`);
      }
      case 'settle':
        return back(page, 'done', `Settled ${src.act.settleAll()} pending object(s)`);
      case 'add-key': {
        const apiKeyId = need('apiKeyId');
        if (apiKeyId.includes(':')) return back(page, 'error', 'apiKeyId must not contain ":"');
        const m = need('merchantIds');
        const merchantIds =
          m === '*'
            ? '*'
            : m
                .split(',')
                .map((x) => x.trim())
                .filter((x) => x !== '');
        src.act.addKey(apiKeyId, need('secretApiKey'), merchantIds);
        return back(page, 'done', `API key ${apiKeyId} added`);
      }
      case 'remove-key':
        return src.act.removeKey(need('apiKeyId'))
          ? back(page, 'done', 'API key removed')
          : back(page, 'error', 'no such API key');
      case 'add-merchant':
        src.act.addMerchant(need('merchantId'));
        return back(page, 'done', 'Merchant added');
      case 'add-endpoint': {
        const url = need('url');
        if (!/^https?:\/\//.test(url)) return back(page, 'error', 'url must be an http(s) URL');
        const ep: WebhookEndpoint = { url, keyId: need('keyId'), secretKey: need('secretKey') };
        const types = (f.get('eventTypes') ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
        if (types.length > 0) ep.eventTypes = types;
        const added = await src.act.addEndpoint(ep, f.get('verify') === '1');
        return back(page, 'done', `Endpoint ${added.id ?? ''} added`);
      }
      case 'verify-endpoint': {
        const v = await src.act.verifyEndpoint(need('id'));
        return v.ok
          ? back(page, 'done', 'Endpoint verified: it echoed the challenge')
          : back(page, 'error', `Verification failed (answer: ${v.status ?? 'none'})`);
      }
      case 'remove-endpoint':
        return src.act.removeEndpoint(need('id'))
          ? back(page, 'done', 'Endpoint removed')
          : back(page, 'error', 'no such endpoint');
      case 'add-fault': {
        const body: Record<string, unknown> = {};
        const op = (f.get('operation') ?? '').trim();
        if (op !== '') body['operation'] = op;
        for (const k of ['status', 'count', 'delayMs']) {
          const v = (f.get(k) ?? '').trim();
          if (v !== '') body[k] = Number(v);
        }
        const fault = src.act.addFault(body);
        return back(page, 'done', `Fault ${fault.id} added`);
      }
      case 'clear-faults':
        src.act.clearFaults();
        return back(page, 'done', 'Faults cleared');
    }
    return { status: 404, message: `no settings action ${action}` };
  } catch (e) {
    return back(page, 'error', errorText(e));
  }
}
