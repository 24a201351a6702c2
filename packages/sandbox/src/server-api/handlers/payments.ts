/** Server API handlers: payments. */
import { created, type GroupHandlers, ok } from '../handler.js';

export const payments: GroupHandlers<'payments'> = {
  'payments.create': (ctx, req) => {
    const r = ctx.domain.payments.create(req.merchantId, req.body, req);
    return created(req, 'payments', r.payment.id, r.response);
  },
  'payments.find': (ctx, req) => ok(ctx.domain.payments.find(req.merchantId, req.query)),
  'payments.get': (ctx, req) => {
    const payments = ctx.domain.payments;
    const p = payments.get(req.merchantId, req.pathParams['paymentId']);
    const view = payments.view(p);
    if (req.query.get('returnOperations') === 'true') {
      (view['paymentOutput'] as Record<string, unknown>)['operations'] = payments.operationsOf(p);
    }
    return ok(view);
  },
  'payments.approve': (ctx, req) =>
    ok(ctx.domain.payments.approve(req.merchantId, req.pathParams['paymentId'], req.body)),
  'payments.capture': (ctx, req) =>
    ok(ctx.domain.payments.capture(req.merchantId, req.pathParams['paymentId'], req.body)),
  'payments.finalizeCapture': (ctx, req) =>
    ok(ctx.domain.payments.finalizeCapture(req.merchantId, req.pathParams['paymentId'])),
  'payments.cancel': (ctx, req) => ok(ctx.domain.payments.cancel(req.merchantId, req.pathParams['paymentId'])),
  'payments.cancelApproval': (ctx, req) =>
    ok(ctx.domain.payments.cancelApproval(req.merchantId, req.pathParams['paymentId'])),
  'payments.refund': (ctx, req) => {
    const r = ctx.domain.refunds.create(req.merchantId, req.pathParams['paymentId'], undefined, req.body);
    return created(req, 'refunds', r.id, ctx.domain.refunds.view(r));
  },
  'payments.complete': (ctx, req) =>
    ok(ctx.domain.payments.complete(req.merchantId, req.pathParams['paymentId'], req.body)),
  'payments.processChallenged': (ctx, req) =>
    ok(ctx.domain.payments.processChallenged(req.merchantId, req.pathParams['paymentId'])),
  'payments.tokenize': (ctx, req) => {
    const t = ctx.domain.payments.tokenize(req.merchantId, req.pathParams['paymentId'], req.body);
    const body = { token: t.token, isNewToken: t.isNewToken, originalPaymentId: req.pathParams['paymentId'] };
    return t.isNewToken ? created(req, 'tokens', t.token, body) : ok(body);
  },
  'payments.thirdPartyStatus': (ctx, req) =>
    ok({ thirdPartyStatus: ctx.domain.payments.thirdPartyStatus(req.merchantId, req.pathParams['paymentId']) }),
  'payments.captures': (ctx, req) => {
    const { payments, captures } = ctx.domain;
    const p = payments.get(req.merchantId, req.pathParams['paymentId']);
    return ok({ captures: captures.ofPayment(p).map((c) => captures.view(c)) });
  },
  'payments.refunds': (ctx, req) => {
    const { payments, refunds } = ctx.domain;
    const p = payments.get(req.merchantId, req.pathParams['paymentId']);
    return ok({ refunds: refunds.ofPayment(p.refundIds).map((r) => refunds.view(r)) });
  },
  'payments.dispute': (ctx, req) => {
    const d = ctx.domain.disputes.create(req.merchantId, req.pathParams['paymentId'], undefined, req.body);
    return created(req, 'disputes', d.id, ctx.domain.disputes.view(d));
  },
  'payments.disputes': (ctx, req) => {
    const disputes = ctx.domain.disputes;
    return ok({
      disputes: disputes.ofPayment(req.pathParams['paymentId'], req.merchantId).map((d) => disputes.view(d)),
    });
  },
  'payments.deviceFingerprint': (ctx, req) => {
    const p = ctx.domain.payments.get(req.merchantId, req.pathParams['paymentId']);
    return ok({ paymentId: p.id, rawDeviceFingerprintOutput: JSON.stringify({ provider: 'sandbox', score: 0 }) });
  },
};
