/** Server API handlers: hosted checkouts, hosted mandate management and client sessions. */
import { created, type GroupHandlers, NO_CONTENT, ok } from '../handler.js';

export const hostedCheckouts: GroupHandlers<'hostedCheckouts'> = {
  'hostedCheckouts.create': (ctx, req) => {
    const r = ctx.domain.hostedCheckouts.create(req.merchantId, req.body, req);
    return created(req, 'hostedcheckouts', r.checkout.id, r.response);
  },
  'hostedCheckouts.get': (ctx, req) => {
    const hc = ctx.domain.hostedCheckouts;
    return ok(hc.view(hc.get(req.merchantId, req.pathParams['hostedCheckoutId'])));
  },
  'hostedCheckouts.remove': (ctx, req) => {
    ctx.domain.hostedCheckouts.remove(req.merchantId, req.pathParams['hostedCheckoutId']);
    return NO_CONTENT;
  },
};

export const hostedMandateManagements: GroupHandlers<'hostedMandateManagements'> = {
  'hostedMandateManagements.create': (ctx, req) => {
    const r = ctx.domain.hostedMandates.create(req.merchantId, req.body, req);
    return created(req, 'hostedmandatemanagements', r.session.id, r.response);
  },
  'hostedMandateManagements.get': (ctx, req) => {
    const hm = ctx.domain.hostedMandates;
    return ok(hm.view(hm.get(req.merchantId, req.pathParams['hostedMandateManagementId'])));
  },
};

export const sessions: GroupHandlers<'sessions'> = {
  'sessions.create': (ctx, req) => {
    const s = ctx.domain.sessions.create(req.merchantId, req.body);
    return { status: 201, body: ctx.domain.sessions.view(s, req) };
  },
};
