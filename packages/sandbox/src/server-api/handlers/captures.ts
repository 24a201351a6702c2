/** Server API handlers: captures. */
import { created, type GroupHandlers, ok } from '../handler.js';

export const captures: GroupHandlers<'captures'> = {
  'captures.get': (ctx, req) => {
    const c = ctx.domain.captures.get(req.merchantId, req.pathParams['captureId']);
    return ok(ctx.domain.captures.view(c));
  },
  'captures.refund': (ctx, req) => {
    const c = ctx.domain.captures.get(req.merchantId, req.pathParams['captureId']);
    const r = ctx.domain.refunds.create(req.merchantId, c.paymentId, c, req.body);
    return created(req, 'refunds', r.id, ctx.domain.refunds.view(r));
  },
  'captures.dispute': (ctx, req) => {
    const c = ctx.domain.captures.get(req.merchantId, req.pathParams['captureId']);
    const d = ctx.domain.disputes.create(req.merchantId, c.paymentId, c, req.body);
    return created(req, 'disputes', d.id, ctx.domain.disputes.view(d));
  },
  'captures.disputes': (ctx, req) => {
    const { captures, disputes } = ctx.domain;
    const c = captures.get(req.merchantId, req.pathParams['captureId']);
    return ok({ disputes: disputes.ofPayment(c.paymentId, req.merchantId, c.id).map((d) => disputes.view(d)) });
  },
};
