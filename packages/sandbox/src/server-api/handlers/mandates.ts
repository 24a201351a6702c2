/** Server API handlers: mandates. */
import { created, type GroupHandlers, ok } from '../handler.js';

export const mandates: GroupHandlers<'mandates'> = {
  'mandates.create': (ctx, req) => {
    const r = ctx.domain.mandates.create(req.merchantId, req.body, undefined, req);
    return created(req, 'mandates', r.mandate.reference, r.response);
  },
  'mandates.createWithMandateReference': (ctx, req) => {
    const r = ctx.domain.mandates.create(req.merchantId, req.body, req.pathParams['uniqueMandateReference'], req);
    return created(req, 'mandates', r.mandate.reference, r.response);
  },
  'mandates.get': (ctx, req) =>
    ok({
      mandate: ctx.domain.mandates.view(
        ctx.domain.mandates.get(req.merchantId, req.pathParams['uniqueMandateReference']),
      ),
    }),
  'mandates.block': (ctx, req) =>
    ok({
      mandate: ctx.domain.mandates.view(
        ctx.domain.mandates.block(req.merchantId, req.pathParams['uniqueMandateReference']),
      ),
    }),
  'mandates.unblock': (ctx, req) =>
    ok({
      mandate: ctx.domain.mandates.view(
        ctx.domain.mandates.unblock(req.merchantId, req.pathParams['uniqueMandateReference']),
      ),
    }),
  'mandates.revoke': (ctx, req) =>
    ok({
      mandate: ctx.domain.mandates.view(
        ctx.domain.mandates.revoke(req.merchantId, req.pathParams['uniqueMandateReference']),
      ),
    }),
};
