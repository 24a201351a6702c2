/** Server API handlers: tokens. */
import { badRequest } from '../../domain/errors.js';
import { created, type GroupHandlers, NO_CONTENT, ok } from '../handler.js';

export const tokens: GroupHandlers<'tokens'> = {
  'tokens.create': (ctx, req) => {
    const t = ctx.domain.tokens.create(req.merchantId, req.body);
    const body = { token: t.token, isNewToken: t.isNewToken };
    return t.isNewToken ? created(req, 'tokens', t.token, body) : ok(body);
  },
  'tokens.get': (ctx, req) =>
    ok(ctx.domain.tokens.view(ctx.domain.tokens.get(req.merchantId, req.pathParams['tokenId']))),
  'tokens.update': (ctx, req) => {
    ctx.domain.tokens.update(req.merchantId, req.pathParams['tokenId'], req.body);
    return NO_CONTENT;
  },
  'tokens.remove': (ctx, req) => {
    const date = req.query.get('mandateCancelDate');
    // the token must exist before the query is judged (404 before 400, as before)
    ctx.domain.tokens.get(req.merchantId, req.pathParams['tokenId']);
    if (date !== null && !/^\d{8}$/.test(date))
      throw badRequest('mandateCancelDate must be YYYYMMDD', 'mandateCancelDate');
    ctx.domain.tokens.remove(req.merchantId, req.pathParams['tokenId']);
    return NO_CONTENT;
  },
  'tokens.approveSepaDirectDebit': (ctx, req) => {
    ctx.domain.tokens.approveSepaDirectDebit(req.merchantId, req.pathParams['tokenId']);
    return NO_CONTENT;
  },
};
