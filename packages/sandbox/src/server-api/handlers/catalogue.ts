/** Server API handlers: the stateless catalogue operations, answered by the sandbox's catalogue (per instance). */
import { internalError } from '../../domain/errors.js';
import type { GroupHandlers, Handler } from '../handler.js';

const catalogue: Handler = (ctx, req) => {
  const r = ctx.catalogue(req.opId, {
    merchantId: req.merchantId,
    pathParams: req.pathParams,
    query: req.query,
    body: req.body,
  });
  if (r === undefined) throw internalError();
  return { status: r.status, body: r.body };
};

export const catalogueHandlers: GroupHandlers<
  'products' | 'productGroups' | 'services' | 'installments' | 'riskAssessments'
> = {
  'products.find': catalogue,
  'products.get': catalogue,
  'products.directory': catalogue,
  'products.customerDetails': catalogue,
  'products.deviceFingerprint': catalogue,
  'products.networks': catalogue,
  'products.sessions': catalogue,
  'productGroups.find': catalogue,
  'productGroups.get': catalogue,
  'productGroups.deviceFingerprint': catalogue,
  'services.convertAmount': catalogue,
  'services.bankAccount': catalogue,
  'services.getIINDetails': catalogue,
  'services.privacyPolicy': catalogue,
  'services.testConnection': catalogue,
  'installments.getInstallmentsInfo': catalogue,
  'riskAssessments.bankAccounts': catalogue,
  'riskAssessments.cards': catalogue,
};
