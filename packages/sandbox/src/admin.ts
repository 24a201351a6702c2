import { badRequest, SandboxError, unknownResource } from './errors.js';
import { parseFault } from './faults.js';
import type { SandboxState } from './server.js';
import type { OpResult } from './types.js';
import { isRecord, str } from './util.js';
import type { WebhookEndpoint } from './webhooks.js';

/**
 * The admin API under `/_sandbox/` (unsigned; loopback only by default).
 *
 * GET    /_sandbox                       what is here
 * POST   /_sandbox/reset                 forget all state (keys and webhook endpoints stay)
 * GET    /_sandbox/clock                 { now, offsetMs }
 * POST   /_sandbox/clock/advance         { ms } or { seconds } or { minutes } or { hours }
 * POST   /_sandbox/settle                settle everything pending now (800 -> PAID, refunds, payouts)
 * GET    /_sandbox/faults  POST (add)  DELETE (clear)
 * GET    /_sandbox/keys    POST { apiKeyId, secretApiKey, merchantIds }   DELETE /_sandbox/keys/{id}
 * GET    /_sandbox/merchants  POST { merchantId }
 * GET    /_sandbox/webhooks  POST { url, keyId, secretKey, merchantIds?, verify? }  DELETE (clear)
 * GET    /_sandbox/events?merchantId=&type=
 * GET    /_sandbox/deliveries
 * GET    /_sandbox/operations            operation ids answered since the last reset
 * POST   /_sandbox/payments/{id}/status  { status }
 * POST   /_sandbox/payments/{id}/redirect { outcome: success|failure|cancel }
 * POST   /_sandbox/hostedcheckouts/{id}/pay { card?: {cardNumber, expiryDate, cvv}, paymentProductId? }
 * POST   /_sandbox/hostedcheckouts/{id}/cancel
 * POST   /_sandbox/hostedmandatemanagements/{id}/finish { outcome }
 */
export async function handleAdmin(
  state: SandboxState,
  method: string,
  rawPath: string,
  rawQuery: string | undefined,
  raw: Buffer,
  baseUrl: string,
): Promise<OpResult> {
  try {
    const path = rawPath.replace(/\/+$/, '');
    const parts = path.split('/').slice(2).map(decodeURIComponent);
    const body = parseBody(raw);
    const query = new URLSearchParams(rawQuery ?? '');
    const [a, b, c] = parts;
    const route = `${method} ${a ?? ''}${b !== undefined ? '/*' : ''}${c !== undefined ? `/${c}` : ''}`;
    switch (route) {
      case 'GET ':
        return ok({
          name: 'connect-sandbox admin API',
          merchants: [...state.merchants],
          apiKeyIds: [...state.keys.keys()],
          endpoints: ADMIN_ENDPOINTS,
        });
      case 'POST reset':
        state.reset();
        return ok({ reset: true });
      case 'GET clock':
        return ok({ now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offset });
      case 'POST clock/*':
        if (b !== 'advance') break;
        {
          const ms = durationMs(body);
          state.advanceClock(ms);
          return ok({ now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offset });
        }
      case 'POST settle':
        return ok({ settled: state.platform.settle(true) });
      case 'GET faults':
        return ok({ faults: state.faults.rules });
      case 'POST faults': {
        const f = parseFault(body);
        state.faults.rules.push(f);
        return { status: 201, body: f };
      }
      case 'DELETE faults':
        state.faults.rules = [];
        return { status: 204 };
      case 'GET keys':
        return ok({
          keys: [...state.keys.values()].map((k) => ({ apiKeyId: k.apiKeyId, merchantIds: k.merchantIds })),
        });
      case 'POST keys': {
        const apiKeyId = requireString(body, 'apiKeyId');
        const secretApiKey = requireString(body, 'secretApiKey');
        const m = isRecord(body) ? body['merchantIds'] : undefined;
        let merchantIds: string[] | '*';
        if (m === '*') merchantIds = '*';
        else if (Array.isArray(m) && m.every((x) => typeof x === 'string' && x !== '')) merchantIds = m as string[];
        else throw badRequest('merchantIds must be an array of merchant ids or "*"', 'merchantIds');
        if (apiKeyId.includes(':')) throw badRequest('apiKeyId must not contain ":"', 'apiKeyId');
        state.keys.set(apiKeyId, { apiKeyId, secretApiKey, merchantIds });
        if (merchantIds !== '*') for (const id of merchantIds) state.merchants.add(id);
        return { status: 201, body: { apiKeyId, merchantIds } };
      }
      case 'DELETE keys/*':
        if (!state.keys.delete(b ?? '')) throw unknownResource('API key', b ?? '');
        return { status: 204 };
      case 'GET merchants':
        return ok({ merchants: [...state.merchants] });
      case 'POST merchants': {
        const id = requireString(body, 'merchantId');
        state.merchants.add(id);
        return { status: 201, body: { merchantId: id } };
      }
      case 'GET webhooks':
        return ok({
          endpoints: state.webhooks.endpoints.map((e) => ({ url: e.url, keyId: e.keyId, merchantIds: e.merchantIds })),
        });
      case 'POST webhooks': {
        const ep: WebhookEndpoint = {
          url: requireString(body, 'url'),
          keyId: requireString(body, 'keyId'),
          secretKey: requireString(body, 'secretKey'),
        };
        if (!/^https?:\/\//.test(ep.url)) throw badRequest('url must be an http(s) URL', 'url');
        const m = isRecord(body) ? body['merchantIds'] : undefined;
        if (m !== undefined) {
          if (!Array.isArray(m) || !m.every((x) => typeof x === 'string')) {
            throw badRequest('merchantIds must be an array of strings', 'merchantIds');
          }
          ep.merchantIds = m as string[];
        }
        if (isRecord(body) && body['verify'] === true) {
          const v = await state.webhooks.verify(ep.url);
          if (!v.ok) {
            throw badRequest(
              `endpoint verification failed (status ${v.status ?? 'no answer'}): the endpoint must answer 200 with the X-GCS-Webhooks-Endpoint-Verification value`,
              'url',
            );
          }
        }
        state.webhooks.endpoints.push(ep);
        return { status: 201, body: { url: ep.url, keyId: ep.keyId, merchantIds: ep.merchantIds } };
      }
      case 'DELETE webhooks':
        state.webhooks.endpoints = [];
        return { status: 204 };
      case 'GET events': {
        const m = query.get('merchantId');
        const t = query.get('type');
        return ok({
          events: state.webhooks.events.filter(
            (e) => (m === null || e.merchantId === m) && (t === null || e.type === t),
          ),
        });
      }
      case 'GET deliveries':
        return ok({ deliveries: state.webhooks.deliveries });
      case 'GET operations':
        return ok({ operations: [...state.operationsSeen].sort(), succeeded: [...state.operationsSucceeded].sort() });
      case 'POST payments/*/status': {
        const p = state.platform.payments.get(b ?? '');
        if (!p) throw unknownResource('payment', b ?? '');
        return ok(state.platform.forcePaymentStatus(p.merchantId, p.id, requireString(body, 'status')));
      }
      case 'POST payments/*/redirect': {
        const p = state.platform.payments.get(b ?? '');
        if (!p) throw unknownResource('payment', b ?? '');
        const returnUrl = state.platform.finishRedirect(p.merchantId, p.id, outcome(body));
        return ok({ returnUrl: returnUrl ?? null, status: p.status });
      }
      case 'POST hostedcheckouts/*/pay': {
        const h = state.platform.hostedCheckouts.get(b ?? '');
        if (!h) throw unknownResource('hosted checkout', b ?? '');
        state.platform.hostedCheckout(h.merchantId, h.id); // expiry check
        const card = isRecord(body) && isRecord(body['card']) ? body['card'] : undefined;
        const productId =
          isRecord(body) && typeof body['paymentProductId'] === 'number' ? body['paymentProductId'] : undefined;
        const r = state.platform.payHostedCheckout(
          h,
          card
            ? {
                cardNumber: String(card['cardNumber'] ?? ''),
                expiryDate: String(card['expiryDate'] ?? ''),
                ...(typeof card['cvv'] === 'string' ? { cvv: card['cvv'] } : {}),
              }
            : undefined,
          productId,
          baseUrl,
        );
        return ok({
          status: r.status,
          result: r.body,
          redirectUrl: r.redirectUrl ?? null,
          returnUrl: r.returnUrl ?? null,
        });
      }
      case 'POST hostedcheckouts/*/cancel': {
        const h = state.platform.hostedCheckouts.get(b ?? '');
        if (!h) throw unknownResource('hosted checkout', b ?? '');
        return ok({ returnUrl: state.platform.cancelHostedCheckout(h) ?? null, status: h.status });
      }
      case 'POST hostedmandatemanagements/*/finish': {
        const h = state.platform.hostedMandates.get(b ?? '');
        if (!h) throw unknownResource('hosted mandate management', b ?? '');
        const url = state.platform.finishHostedMandate(h, outcome(body), baseUrl);
        return ok({ returnUrl: url ?? null, status: h.status, uniqueMandateReference: h.mandateReference ?? null });
      }
    }
    throw new SandboxError(404, [
      {
        code: '1002',
        id: 'UNKNOWN_ADMIN_ENDPOINT',
        message: `no admin endpoint ${method} ${rawPath}; GET /_sandbox lists them`,
      },
    ]);
  } catch (e) {
    const err = e instanceof SandboxError ? e : badRequest(e instanceof Error ? e.message : 'bad request');
    return { status: err.status, body: err.toBody() };
  }
}

const ADMIN_ENDPOINTS = [
  'POST /_sandbox/reset',
  'GET /_sandbox/clock',
  'POST /_sandbox/clock/advance {ms|seconds|minutes|hours}',
  'POST /_sandbox/settle',
  'GET|POST|DELETE /_sandbox/faults {operation?, method?, path?, count?, status?, retryAfter?, delayMs?, reset?}',
  'GET|POST /_sandbox/keys {apiKeyId, secretApiKey, merchantIds}',
  'DELETE /_sandbox/keys/{apiKeyId}',
  'GET|POST /_sandbox/merchants {merchantId}',
  'GET|POST|DELETE /_sandbox/webhooks {url, keyId, secretKey, merchantIds?, verify?}',
  'GET /_sandbox/events?merchantId=&type=',
  'GET /_sandbox/deliveries',
  'GET /_sandbox/operations',
  'POST /_sandbox/payments/{paymentId}/status {status}',
  'POST /_sandbox/payments/{paymentId}/redirect {outcome: success|failure|cancel}',
  'POST /_sandbox/hostedcheckouts/{id}/pay {card?: {cardNumber, expiryDate, cvv}, paymentProductId?}',
  'POST /_sandbox/hostedcheckouts/{id}/cancel',
  'POST /_sandbox/hostedmandatemanagements/{id}/finish {outcome: success|failure|cancel}',
];

function ok(body: unknown): OpResult {
  return { status: 200, body };
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('the request body is not valid JSON', undefined, '21000040', 'INVALID_JSON');
  }
}

function requireString(body: unknown, key: string): string {
  const v = isRecord(body) ? str(body[key]) : undefined;
  if (v === undefined || v === '') throw badRequest(`${key} is required (a non-empty string)`, key);
  return v;
}

function outcome(body: unknown): 'success' | 'failure' | 'cancel' {
  const o = isRecord(body) ? body['outcome'] : undefined;
  if (o === undefined) return 'success';
  if (o === 'success' || o === 'failure' || o === 'cancel') return o;
  throw badRequest('outcome must be success, failure or cancel', 'outcome');
}

function durationMs(body: unknown): number {
  if (!isRecord(body)) throw badRequest('send { ms } or { seconds } or { minutes } or { hours }');
  const units: [string, number][] = [
    ['ms', 1],
    ['seconds', 1000],
    ['minutes', 60_000],
    ['hours', 3600_000],
  ];
  let total = 0;
  let any = false;
  for (const [k, f] of units) {
    const v = body[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badRequest(`${k} must be a number >= 0`, k);
    total += v * f;
    any = true;
  }
  if (!any) throw badRequest('send { ms } or { seconds } or { minutes } or { hours }', 'ms');
  return Math.round(total);
}
