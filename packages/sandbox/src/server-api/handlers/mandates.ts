/** Server API handlers: mandates. */
import { created, type GroupHandlers, type Handler, ok } from '../handler.js';

/** get, block, unblock and revoke: the step on the mandate the path names, answered with its view. */
function answerMandate(step: 'get' | 'block' | 'unblock' | 'revoke'): Handler {
  return (ctx, req) => {
    const mandates = ctx.domain.mandates;
    return ok({ mandate: mandates.view(mandates[step](req.merchantId, req.pathParams['uniqueMandateReference'])) });
  };
}

export const mandates: GroupHandlers<'mandates'> = {
  'mandates.create': (ctx, req) => {
    const r = ctx.domain.mandates.create(req.merchantId, req.body, undefined, req);
    return created(req, 'mandates', r.mandate.reference, r.response);
  },
  'mandates.createWithMandateReference': (ctx, req) => {
    const r = ctx.domain.mandates.create(req.merchantId, req.body, req.pathParams['uniqueMandateReference'], req);
    return created(req, 'mandates', r.mandate.reference, r.response);
  },
  'mandates.get': answerMandate('get'),
  'mandates.block': answerMandate('block'),
  'mandates.unblock': answerMandate('unblock'),
  'mandates.revoke': answerMandate('revoke'),
};
