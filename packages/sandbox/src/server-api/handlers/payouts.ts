/** Server API handlers: payouts. */
import { created, type GroupHandlers, NO_CONTENT, ok } from '../handler.js';

export const payouts: GroupHandlers<'payouts'> = {
  'payouts.create': (ctx, req) => {
    const o = ctx.domain.payouts.create(req.merchantId, req.body);
    return created(req, 'payouts', o.id, ctx.domain.payouts.view(o));
  },
  'payouts.find': (ctx, req) => ok(ctx.domain.payouts.find(req.merchantId, req.query)),
  'payouts.get': (ctx, req) =>
    ok(ctx.domain.payouts.view(ctx.domain.payouts.get(req.merchantId, req.pathParams['payoutId']))),
  'payouts.approve': (ctx, req) =>
    ok(ctx.domain.payouts.view(ctx.domain.payouts.approve(req.merchantId, req.pathParams['payoutId']))),
  'payouts.cancel': (ctx, req) => {
    ctx.domain.payouts.cancel(req.merchantId, req.pathParams['payoutId']);
    return NO_CONTENT;
  },
  'payouts.cancelApproval': (ctx, req) => {
    ctx.domain.payouts.cancelApproval(req.merchantId, req.pathParams['payoutId']);
    return NO_CONTENT;
  },
};
