import { TRIGGERS, trigger } from './domain/triggers.js';
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
 * GET    /_sandbox/webhooks  POST { url, keyId, secretKey, merchantIds?, eventTypes?, verify? }  DELETE (clear)
 * DELETE /_sandbox/webhooks/{id}          POST /_sandbox/webhooks/{id}/verify
 * GET    /_sandbox/events?merchantId=&type=&after=    GET /_sandbox/events/{id}    POST .../{id}/resend
 * GET    /_sandbox/deliveries?eventId=&endpointId=&after=
 * GET    /_sandbox/payments?status=&merchantId=&limit=&before=   (newest first, through the payment index)
 * GET    /_sandbox/trigger               POST { type, merchantId? }: produce that event with real resources
 * POST   /_sandbox/payments/{id}/chargeback { notificationOnly? }   POST /_sandbox/payments/{id}/reverse
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
    if (parts.length > 3) return notFound(method, rawPath);
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
        return ok({ endpoints: state.webhooks.endpoints.map(endpointView) });
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
        const t = isRecord(body) ? body['eventTypes'] : undefined;
        if (t !== undefined) {
          if (
            !Array.isArray(t) ||
            !t.every((x) => typeof x === 'string' && /^[a-z_]+(\.[a-z_]+|\.\*)?$|^\*$/.test(x))
          ) {
            throw badRequest(
              'eventTypes must be an array of event types or patterns such as "payment.*"',
              'eventTypes',
            );
          }
          ep.eventTypes = t as string[];
        }
        if (isRecord(body) && body['verify'] === true) await verifyOrThrow(state, ep.url);
        state.webhooks.addEndpoint(ep);
        return { status: 201, body: endpointView(ep) };
      }
      case 'DELETE webhooks':
        state.webhooks.endpoints = [];
        return { status: 204 };
      case 'DELETE webhooks/*':
        if (!state.webhooks.removeEndpoint(b ?? '')) throw unknownResource('webhook endpoint', b ?? '');
        return { status: 204 };
      case 'POST webhooks/*/verify': {
        const ep = state.webhooks.endpoints.find((e) => e.id === b);
        if (!ep) throw unknownResource('webhook endpoint', b ?? '');
        const v = await state.webhooks.verify(ep.url);
        return ok({ id: ep.id, url: ep.url, verified: v.ok, status: v.status });
      }
      case 'GET events': {
        const m = query.get('merchantId');
        const t = query.get('type');
        const after = cursor(query.get('after'));
        const records = state.webhooks.records.filter(
          (e) => e.seq > after && (m === null || e.merchantId === m) && (t === null || e.type === t),
        );
        const last = state.webhooks.records[state.webhooks.records.length - 1];
        return ok({ events: records.map((r) => r.toEvent()), cursor: last?.seq ?? after });
      }
      case 'GET events/*': {
        const r = state.webhooks.record(b ?? '');
        if (!r) throw unknownResource('event', b ?? '');
        return ok({
          event: r.toEvent(),
          body: r.body(),
          deliveries: state.webhooks.deliveries.filter((d) => d.eventId === r.id),
        });
      }
      case 'POST events/*/resend': {
        const endpointId = isRecord(body) && typeof body['endpointId'] === 'string' ? body['endpointId'] : undefined;
        const n = state.webhooks.resend(b ?? '', endpointId);
        if (n < 0) throw unknownResource('event', b ?? '');
        return { status: 202, body: { eventId: b, sends: n } };
      }
      case 'GET deliveries': {
        const after = cursor(query.get('after'));
        const ev = query.get('eventId');
        const ep = query.get('endpointId');
        const list = state.webhooks.deliveries.filter(
          (d) => d.seq > after && (ev === null || d.eventId === ev) && (ep === null || d.endpointId === ep),
        );
        const last = state.webhooks.deliveries[state.webhooks.deliveries.length - 1];
        return ok({ deliveries: list, cursor: last?.seq ?? after });
      }
      case 'GET payments': {
        const limit = query.get('limit') === null ? 20 : Number(query.get('limit'));
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badRequest('limit must be 1 to 500', 'limit');
        const before = query.get('before');
        const page = state.paymentIndex.page({
          status: query.get('status') ?? undefined,
          merchantId: query.get('merchantId') ?? undefined,
          before: before === null ? undefined : cursor(before),
          limit,
        });
        return ok({
          payments: page.items.map((p) => state.platform.publicPaymentView(p)),
          next: page.next ?? null,
          total: page.total ?? null,
        });
      }
      case 'GET trigger':
        return ok({ types: Object.entries(TRIGGERS).map(([type, t]) => ({ type, how: t.how })) });
      case 'POST trigger': {
        const type = requireString(body, 'type');
        const merchantId =
          isRecord(body) && typeof body['merchantId'] === 'string' ? body['merchantId'] : [...state.merchants][0];
        if (merchantId === undefined || !state.merchants.has(merchantId)) {
          throw badRequest(`unknown merchant ${merchantId ?? ''}; add it with POST /_sandbox/merchants`, 'merchantId');
        }
        return { status: 201, body: trigger(state.platform, type, merchantId, baseUrl) };
      }
      case 'POST payments/*/chargeback': {
        const p = state.platform.payments.get(b ?? '');
        if (!p) throw unknownResource('payment', b ?? '');
        const only = isRecord(body) && body['notificationOnly'] === true;
        return ok(state.platform.chargeback(p.merchantId, p.id, only));
      }
      case 'POST payments/*/reverse': {
        const p = state.platform.payments.get(b ?? '');
        if (!p) throw unknownResource('payment', b ?? '');
        return ok(state.platform.reverse(p.merchantId, p.id));
      }
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
    return notFound(method, rawPath);
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
  'GET|POST|DELETE /_sandbox/webhooks {url, keyId, secretKey, merchantIds?, eventTypes?, verify?}',
  'DELETE /_sandbox/webhooks/{endpointId}',
  'POST /_sandbox/webhooks/{endpointId}/verify',
  'GET /_sandbox/events?merchantId=&type=&after=',
  'GET /_sandbox/events/{eventId}',
  'POST /_sandbox/events/{eventId}/resend {endpointId?}',
  'GET /_sandbox/deliveries?eventId=&endpointId=&after=',
  'GET /_sandbox/payments?status=&merchantId=&limit=&before=',
  'GET /_sandbox/trigger',
  'POST /_sandbox/trigger {type, merchantId?}',
  'POST /_sandbox/payments/{paymentId}/chargeback {notificationOnly?}',
  'POST /_sandbox/payments/{paymentId}/reverse',
  'GET /_sandbox/operations',
  'POST /_sandbox/payments/{paymentId}/status {status}',
  'POST /_sandbox/payments/{paymentId}/redirect {outcome: success|failure|cancel}',
  'POST /_sandbox/hostedcheckouts/{id}/pay {card?: {cardNumber, expiryDate, cvv}, paymentProductId?}',
  'POST /_sandbox/hostedcheckouts/{id}/cancel',
  'POST /_sandbox/hostedmandatemanagements/{id}/finish {outcome: success|failure|cancel}',
];

function notFound(method: string, rawPath: string): OpResult {
  const err = new SandboxError(404, [
    {
      code: '1002',
      id: 'UNKNOWN_ADMIN_ENDPOINT',
      message: `no admin endpoint ${method} ${rawPath}; GET /_sandbox lists them`,
    },
  ]);
  return { status: 404, body: err.toBody() };
}

/** What the admin API shows of an endpoint: never its secret key. */
function endpointView(e: WebhookEndpoint): Record<string, unknown> {
  return { id: e.id, url: e.url, keyId: e.keyId, merchantIds: e.merchantIds, eventTypes: e.eventTypes };
}

async function verifyOrThrow(state: SandboxState, url: string): Promise<void> {
  const v = await state.webhooks.verify(url);
  if (!v.ok) {
    throw badRequest(
      `endpoint verification failed (status ${v.status ?? 'no answer'}): the endpoint must answer 200 with the X-GCS-Webhooks-Endpoint-Verification value`,
      'url',
    );
  }
}

/** A `?after=` / `?before=` cursor: an integer >= 0 (0 when absent). */
function cursor(v: string | null): number {
  if (v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest('a cursor must be an integer >= 0', 'after');
  return n;
}

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
