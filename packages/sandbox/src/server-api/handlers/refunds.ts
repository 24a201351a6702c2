/** Server API handlers: refunds. */
import { type GroupHandlers, NO_CONTENT, ok } from '../handler.js';

export const refunds: GroupHandlers<'refunds'> = {
  'refunds.find': (ctx, req) => ok(ctx.domain.refunds.find(req.merchantId, req.query)),
  'refunds.get': (ctx, req) =>
    ok(ctx.domain.refunds.view(ctx.domain.refunds.get(req.merchantId, req.pathParams['refundId']))),
  'refunds.approve': (ctx, req) => {
    ctx.domain.refunds.approve(req.merchantId, req.pathParams['refundId'], req.body);
    return NO_CONTENT;
  },
  'refunds.cancel': (ctx, req) => {
    ctx.domain.refunds.cancel(req.merchantId, req.pathParams['refundId']);
    return NO_CONTENT;
  },
  'refunds.cancelApproval': (ctx, req) => {
    ctx.domain.refunds.cancelApproval(req.merchantId, req.pathParams['refundId']);
    return NO_CONTENT;
  },
};
