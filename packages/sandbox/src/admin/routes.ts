/**
 * The admin API under `/_sandbox` (unsigned; loopback only by default), as one table of
 * `{ method, pattern, handler }`. Every state change goes through a domain (or context) method.
 */
import type { SandboxContext } from '../context.js';
import { badRequest, unknownResource } from '../domain/errors.js';
import { isRecord, str } from '../domain/json.js';
import { TRIGGERS, trigger } from '../domain/triggers.js';
import type { WebhookEndpoint } from '../events/webhooks.js';
import type { Answer } from '../http/respond.js';
import type { Route } from '../http/routes.js';

export interface AdminRequest {
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  /** where customers reach the sandbox (request-scoped) */
  readonly baseUrl: string;
}

export type AdminHandler = (ctx: SandboxContext, req: AdminRequest) => Answer | Promise<Answer>;

const ok = (body: unknown): Answer => ({ status: 200, body });

/** `GET /_sandbox` lists these (method, path, body). */
export const routes: readonly (Route<AdminHandler> & { readonly doc?: string })[] = [
  {
    method: 'GET',
    pattern: '/',
    handler: (ctx) =>
      ok({
        name: 'connect-sandbox admin API',
        merchants: [...ctx.access.merchants],
        apiKeyIds: [...ctx.access.keys.keys()],
        endpoints: routes
          .filter((r) => r.pattern !== '/')
          .map((r) => `${r.method} /_sandbox${r.pattern}${r.doc ? ` ${r.doc}` : ''}`),
      }),
  },
  {
    method: 'POST',
    pattern: '/reset',
    handler: (ctx) => {
      ctx.reset();
      return ok({ reset: true });
    },
  },
  { method: 'GET', pattern: '/clock', handler: (ctx) => ok(clockView(ctx)) },
  {
    method: 'POST',
    pattern: '/clock/advance',
    doc: '{ms|seconds|minutes|hours}',
    handler: (ctx, req) => {
      const d = duration(req.body);
      ctx.domain.advanceClock(d.ms, d.propertyName);
      return ok(clockView(ctx));
    },
  },
  { method: 'POST', pattern: '/settle', handler: (ctx) => ok({ settled: ctx.domain.settle(true) }) },
  { method: 'GET', pattern: '/faults', handler: (ctx) => ok({ faults: ctx.faults.rules }) },
  {
    method: 'POST',
    pattern: '/faults',
    doc: '{operation?, method?, path?, count?, status?, retryAfter?, delayMs?, reset?}',
    handler: (ctx, req) => ({ status: 201, body: ctx.faults.add(req.body) }),
  },
  {
    method: 'DELETE',
    pattern: '/faults',
    handler: (ctx) => {
      ctx.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/keys',
    handler: (ctx) =>
      ok({ keys: [...ctx.access.keys.values()].map((k) => ({ apiKeyId: k.apiKeyId, merchantIds: k.merchantIds })) }),
  },
  {
    method: 'POST',
    pattern: '/keys',
    doc: '{apiKeyId, secretApiKey, merchantIds}',
    handler: (ctx, req) => {
      const apiKeyId = requireString(req.body, 'apiKeyId');
      const secretApiKey = requireString(req.body, 'secretApiKey');
      const m = isRecord(req.body) ? req.body['merchantIds'] : undefined;
      let merchantIds: string[] | '*';
      if (m === '*') merchantIds = '*';
      else if (Array.isArray(m) && m.every((x) => typeof x === 'string' && x !== '')) merchantIds = m as string[];
      else throw badRequest('merchantIds must be an array of merchant ids or "*"', 'merchantIds');
      if (apiKeyId.includes(':')) throw badRequest('apiKeyId must not contain ":"', 'apiKeyId');
      ctx.access.addKey({ apiKeyId, secretApiKey, merchantIds });
      return { status: 201, body: { apiKeyId, merchantIds } };
    },
  },
  {
    method: 'DELETE',
    pattern: '/keys/:apiKeyId',
    handler: (ctx, req) => {
      const id = req.params['apiKeyId'] ?? '';
      if (!ctx.access.removeKey(id)) throw unknownResource('API key', id);
      return { status: 204 };
    },
  },
  { method: 'GET', pattern: '/merchants', handler: (ctx) => ok({ merchants: [...ctx.access.merchants] }) },
  {
    method: 'POST',
    pattern: '/merchants',
    doc: '{merchantId}',
    handler: (ctx, req) => {
      const id = requireString(req.body, 'merchantId');
      ctx.access.addMerchant(id);
      return { status: 201, body: { merchantId: id } };
    },
  },
  {
    method: 'GET',
    pattern: '/webhooks',
    handler: (ctx) => ok({ endpoints: ctx.webhooks.endpoints.map(endpointView) }),
  },
  {
    method: 'POST',
    pattern: '/webhooks',
    doc: '{url, keyId, secretKey, merchantIds?, eventTypes?, verify?}',
    handler: async (ctx, req) => {
      const body = req.body;
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
        if (!Array.isArray(t) || !t.every((x) => typeof x === 'string' && /^([a-z_]+(\.[a-z_]+|\.\*)?|\*)$/.test(x))) {
          throw badRequest('eventTypes must be an array of event types or patterns such as "payment.*"', 'eventTypes');
        }
        ep.eventTypes = t as string[];
      }
      if (isRecord(body) && body['verify'] === true) {
        const v = await ctx.webhooks.verify(ep.url);
        if (!v.ok) {
          throw badRequest(
            `endpoint verification failed (status ${v.status ?? 'no answer'}): the endpoint must answer 200 with the X-GCS-Webhooks-Endpoint-Verification value`,
            'url',
          );
        }
      }
      ctx.webhooks.add(ep);
      return { status: 201, body: endpointView(ep) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/webhooks',
    handler: (ctx) => {
      ctx.webhooks.clear();
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:id',
    handler: (ctx, req) => {
      const id = req.params['id'] ?? '';
      if (!ctx.webhooks.remove(id)) throw unknownResource('webhook endpoint', id);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: '/webhooks/:id/verify',
    handler: async (ctx, req) => {
      const ep = ctx.webhooks.endpoints.find((e) => e.id === req.params['id']);
      if (!ep) throw unknownResource('webhook endpoint', req.params['id'] ?? '');
      const v = await ctx.webhooks.verify(ep.url);
      return ok({ id: ep.id, url: ep.url, verified: v.ok, status: v.status });
    },
  },
  {
    method: 'GET',
    pattern: '/events',
    doc: '?merchantId=&type=&after=&all=true',
    handler: (ctx, req) =>
      ok({
        events: ctx.events.list({
          merchantId: req.query.get('merchantId') ?? undefined,
          type: req.query.get('type') ?? undefined,
          all: req.query.get('all') === 'true',
          after: cursor(req.query.get('after')),
        }),
        cursor: ctx.events.cursor,
      }),
  },
  {
    method: 'GET',
    pattern: '/events/:id',
    handler: (ctx, req) => {
      const e = ctx.events.find(req.params['id'] ?? '');
      if (!e) throw unknownResource('event', req.params['id'] ?? '');
      return ok({
        event: e.toWebhookEvent(),
        body: e.json(),
        deliveries: ctx.webhooks.deliveries.filter((d) => d.eventId === e.id),
      });
    },
  },
  {
    method: 'POST',
    pattern: '/events/:id/resend',
    doc: '{endpointId?}',
    handler: (ctx, req) => {
      const e = ctx.events.find(req.params['id'] ?? '');
      if (!e) throw unknownResource('event', req.params['id'] ?? '');
      const endpointId =
        isRecord(req.body) && typeof req.body['endpointId'] === 'string' ? req.body['endpointId'] : undefined;
      return { status: 202, body: { eventId: e.id, sends: ctx.webhooks.resend(e, endpointId) } };
    },
  },
  {
    method: 'GET',
    pattern: '/deliveries',
    doc: '?eventId=&endpointId=&after=',
    handler: (ctx, req) => {
      const after = cursor(req.query.get('after'));
      const ev = req.query.get('eventId');
      const ep = req.query.get('endpointId');
      return ok({
        deliveries: ctx.webhooks.deliveries.filter(
          (d) => d.seq > after && (ev === null || d.eventId === ev) && (ep === null || d.endpointId === ep),
        ),
        cursor: ctx.webhooks.cursor,
      });
    },
  },
  {
    method: 'GET',
    pattern: '/payments',
    doc: '?status=&merchantId=&limit=&before=',
    handler: (ctx, req) => {
      const q = req.query;
      const limit = q.get('limit') === null ? 20 : Number(q.get('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badRequest('limit must be 1 to 500', 'limit');
      const before = q.get('before');
      const page = ctx.domain.paymentIndex.page({
        status: q.get('status') ?? undefined,
        merchantId: q.get('merchantId') ?? undefined,
        before: before === null ? undefined : cursor(before),
        limit,
      });
      return ok({
        payments: page.items.map((p) => ctx.domain.payments.view(p)),
        next: page.next ?? null,
        total: page.total ?? null,
      });
    },
  },
  {
    method: 'GET',
    pattern: '/trigger',
    handler: () => ok({ types: Object.entries(TRIGGERS).map(([type, t]) => ({ type, how: t.how })) }),
  },
  {
    method: 'POST',
    pattern: '/trigger',
    doc: '{type, merchantId?}',
    handler: (ctx, req) => {
      const type = requireString(req.body, 'type');
      const merchantId =
        isRecord(req.body) && typeof req.body['merchantId'] === 'string'
          ? req.body['merchantId']
          : [...ctx.access.merchants][0];
      if (merchantId === undefined || !ctx.access.merchants.has(merchantId)) {
        throw badRequest(`unknown merchant ${merchantId ?? ''}; add it with POST /_sandbox/merchants`, 'merchantId');
      }
      return { status: 201, body: trigger(ctx.domain, type, merchantId, req.baseUrl) };
    },
  },
  {
    method: 'POST',
    pattern: '/payments/:id/chargeback',
    doc: '{notificationOnly?}',
    handler: (ctx, req) => {
      const p = ctx.domain.payments.lookup(req.params['id'] ?? '');
      if (!p) throw unknownResource('payment', req.params['id'] ?? '');
      const only = isRecord(req.body) && req.body['notificationOnly'] === true;
      return ok(ctx.domain.chargebacks.chargeback(p.merchantId, p.id, only));
    },
  },
  {
    method: 'POST',
    pattern: '/payments/:id/reverse',
    handler: (ctx, req) => {
      const p = ctx.domain.payments.lookup(req.params['id'] ?? '');
      if (!p) throw unknownResource('payment', req.params['id'] ?? '');
      return ok(ctx.domain.chargebacks.reverse(p.merchantId, p.id));
    },
  },
  {
    method: 'GET',
    pattern: '/idempotence',
    handler: (ctx) =>
      ok({
        entries: ctx.idempotence.size,
        dropped: ctx.idempotence.dropped,
        maxEntries: ctx.idempotence.limits.maxEntries,
        ttlMs: ctx.idempotence.limits.ttlMs,
        rejectedTtlMs: ctx.idempotence.limits.rejectedTtlMs,
      }),
  },
  {
    method: 'GET',
    pattern: '/operations',
    handler: (ctx) =>
      ok({
        operations: [...ctx.stats.operationsSeen].sort(),
        succeeded: [...ctx.stats.operationsSucceeded].sort(),
      }),
  },
  {
    method: 'POST',
    pattern: '/payments/:id/status',
    doc: '{status}',
    handler: (ctx, req) => {
      const p = ctx.domain.payments.lookup(req.params['id'] ?? '');
      if (!p) throw unknownResource('payment', req.params['id'] ?? '');
      return ok(ctx.domain.payments.forceStatus(p.merchantId, p.id, requireString(req.body, 'status')));
    },
  },
  {
    method: 'POST',
    pattern: '/payments/:id/redirect',
    doc: '{outcome: success|failure|cancel}',
    handler: (ctx, req) => {
      const p = ctx.domain.payments.lookup(req.params['id'] ?? '');
      if (!p) throw unknownResource('payment', req.params['id'] ?? '');
      const returnUrl = ctx.domain.payments.finishRedirect(p.merchantId, p.id, outcome(req.body));
      return ok({ returnUrl: returnUrl ?? null, status: p.status });
    },
  },
  {
    method: 'POST',
    pattern: '/hostedcheckouts/:id/pay',
    doc: '{card?: {cardNumber, expiryDate, cvv}, paymentProductId?}',
    handler: (ctx, req) => {
      const hc = ctx.domain.hostedCheckouts;
      const found = hc.lookup(req.params['id'] ?? '');
      if (!found) throw unknownResource('hosted checkout', req.params['id'] ?? '');
      const h = hc.get(found.merchantId, found.id); // 404 when expired
      const body = req.body;
      const card = isRecord(body) && isRecord(body['card']) ? body['card'] : undefined;
      const productId =
        isRecord(body) && typeof body['paymentProductId'] === 'number' ? body['paymentProductId'] : undefined;
      const r = hc.pay(
        h,
        {
          card: card
            ? {
                cardNumber: String(card['cardNumber'] ?? ''),
                expiryDate: String(card['expiryDate'] ?? ''),
                ...(typeof card['cvv'] === 'string' ? { cvv: card['cvv'] } : {}),
              }
            : undefined,
          paymentProductId: productId,
        },
        req,
      );
      return ok({
        status: r.status,
        result: r.body,
        redirectUrl: r.redirectUrl ?? null,
        returnUrl: r.returnUrl ?? null,
      });
    },
  },
  {
    method: 'POST',
    pattern: '/hostedcheckouts/:id/cancel',
    handler: (ctx, req) => {
      const h = ctx.domain.hostedCheckouts.lookup(req.params['id'] ?? '');
      if (!h) throw unknownResource('hosted checkout', req.params['id'] ?? '');
      return ok({ returnUrl: ctx.domain.hostedCheckouts.cancel(h) ?? null, status: h.status });
    },
  },
  {
    method: 'POST',
    pattern: '/hostedmandatemanagements/:id/finish',
    doc: '{outcome: success|failure|cancel}',
    handler: (ctx, req) => {
      const h = ctx.domain.hostedMandates.lookup(req.params['id'] ?? '');
      if (!h) throw unknownResource('hosted mandate management', req.params['id'] ?? '');
      const url = ctx.domain.hostedMandates.finish(h, outcome(req.body), req);
      return ok({ returnUrl: url ?? null, status: h.status, uniqueMandateReference: h.mandateReference ?? null });
    },
  },
];

/** What the admin API shows of an endpoint: never its secret key. */
function endpointView(e: WebhookEndpoint): Record<string, unknown> {
  return { id: e.id, url: e.url, keyId: e.keyId, merchantIds: e.merchantIds, eventTypes: e.eventTypes };
}

/** A `?after=` / `?before=` cursor: an integer >= 0 (0 when absent). */
function cursor(v: string | null): number {
  if (v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest('a cursor must be an integer >= 0', 'after');
  return n;
}

function clockView(ctx: SandboxContext): Record<string, unknown> {
  return { now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offset };
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

/** `{ ms }`, `{ seconds }`, `{ minutes }`, `{ hours }` (or a sum of them) in ms; the largest unit names it in errors. */
function duration(body: unknown): { ms: number; propertyName: string } {
  if (!isRecord(body)) throw badRequest('send { ms } or { seconds } or { minutes } or { hours }');
  const units: [string, number][] = [
    ['ms', 1],
    ['seconds', 1000],
    ['minutes', 60_000],
    ['hours', 3600_000],
  ];
  let total = 0;
  let propertyName: string | undefined;
  for (const [k, f] of units) {
    const v = body[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badRequest(`${k} must be a number >= 0`, k);
    total += v * f;
    propertyName = k;
  }
  if (propertyName === undefined) throw badRequest('send { ms } or { seconds } or { minutes } or { hours }', 'ms');
  return { ms: Math.round(total), propertyName };
}
