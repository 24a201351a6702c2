/**
 * The sandbox's payment product catalogue and stateless services. `handleCatalogueOperation` answers
 * the 18 catalogue operations; the product data and helpers are exported for the Client API.
 */
import { productNotAvailable, unknownProductGroup } from '../domain/errors.js';
import { bankDetails, idealIssuers } from './banking.js';
import {
  type Context,
  checkCurrency,
  contextFromQuery,
  invalid,
  missing,
  parseInteger,
  queryInteger,
  queryString,
} from './input.js';
import { convertAmount } from './money.js';
import {
  availableNetworks,
  findProductGroups,
  findProducts,
  getProductGroup,
  isAvailable,
  type ProductSpec,
  productSpec,
  renderProduct,
} from './products.js';
import {
  applePaySession,
  customerDetails,
  deviceFingerprint,
  iinDetails,
  installmentsInfo,
  privacyPolicy,
  riskAssessBankAccount,
  riskAssessCard,
  unknownProduct,
} from './services.js';

export { banks, ibanFromBban, ibanProblem, ibanValid, idealIssuers } from './banking.js';
export * from './cards.js';
export { type Context, contextFromQuery } from './input.js';
export * from './money.js';
export * from './products.js';
export { iinDetails } from './services.js';

export interface CatalogueRequest {
  merchantId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface CatalogueResponse {
  status: number;
  body: unknown;
}

const ok = (body: unknown): CatalogueResponse => ({ status: 200, body });

/** The product named by the `paymentProductId` path parameter, or 400 (not a number) / 404 (unknown). */
function pathProduct(req: CatalogueRequest): ProductSpec {
  const raw = req.pathParams['paymentProductId'];
  if (raw === undefined) throw missing('paymentProductId');
  const id = parseInteger(raw, 'paymentProductId');
  const spec = productSpec(id);
  if (!spec) throw unknownProduct(id);
  return spec;
}

/** Like pathProduct, but a 400 when the product does not match the query's filters (as the platform documents). */
function availableProduct(req: CatalogueRequest, ctx: Context): ProductSpec {
  const spec = pathProduct(req);
  if (!isAvailable(spec, ctx)) {
    const filters = [ctx.countryCode, ctx.currencyCode, ctx.amount, ctx.isRecurring ? 'recurring' : undefined]
      .filter((f) => f !== undefined)
      .join(', ');
    throw productNotAvailable(spec.id, filters);
  }
  return spec;
}

/** The query's payment context; product and group lookups require countryCode and currencyCode. */
function requiredContext(req: CatalogueRequest): Context {
  const ctx = contextFromQuery(req.query);
  if (ctx.countryCode === undefined) throw missing('countryCode');
  if (ctx.currencyCode === undefined) throw missing('currencyCode');
  return ctx;
}

function groupId(req: CatalogueRequest): string {
  const id = req.pathParams['paymentProductGroupId'];
  if (!id) throw missing('paymentProductGroupId');
  return id;
}

const handlers: Readonly<Record<string, (req: CatalogueRequest) => CatalogueResponse>> = {
  'products.find': (req) => ok({ paymentProducts: findProducts(requiredContext(req)) }),
  'products.get': (req) => {
    const ctx = requiredContext(req);
    return ok(renderProduct(availableProduct(req, ctx), ctx));
  },
  'products.directory': (req) => {
    const ctx = requiredContext(req);
    const spec = availableProduct(req, ctx);
    if (spec.id !== 809) throw invalid('paymentProductId', `payment product ${spec.id} has no directory`);
    return ok({ entries: structuredClone(idealIssuers) });
  },
  'products.networks': (req) => {
    const ctx = requiredContext(req);
    const spec = availableProduct(req, ctx);
    if (!spec.networks) {
      throw invalid('paymentProductId', 'networks are only available for Apple Pay (302) and Google Pay (320)');
    }
    return ok({ networks: availableNetworks(spec, ctx) });
  },
  'products.customerDetails': (req) => ok(customerDetails(pathProduct(req), req.body)),
  'products.deviceFingerprint': (req) => {
    pathProduct(req);
    return ok(deviceFingerprint(req.body));
  },
  'products.sessions': (req) => ok(applePaySession(pathProduct(req), req.merchantId, req.body)),
  'productGroups.find': (req) => ok({ paymentProductGroups: findProductGroups(requiredContext(req)) }),
  'productGroups.get': (req) => {
    const id = groupId(req);
    const group = getProductGroup(id, requiredContext(req));
    if (!group) throw unknownProductGroup(id);
    return ok(group);
  },
  'productGroups.deviceFingerprint': (req) => {
    const id = groupId(req);
    if (!getProductGroup(id, { hide: new Set() })) throw unknownProductGroup(id);
    return ok(deviceFingerprint(req.body));
  },
  'services.convertAmount': (req) => {
    const source = queryString(req.query, 'source');
    const target = queryString(req.query, 'target');
    const amount = queryInteger(req.query, 'amount');
    if (source === undefined) throw missing('source');
    if (target === undefined) throw missing('target');
    if (amount === undefined) throw missing('amount');
    checkCurrency(source, 'source');
    checkCurrency(target, 'target');
    return ok({ convertedAmount: convertAmount(amount, source, target) });
  },
  'services.bankAccount': (req) => ok(bankDetails(req.body)),
  'services.getIINDetails': (req) => ok(iinDetails(req.body)),
  'services.privacyPolicy': (req) => {
    const locale = queryString(req.query, 'locale');
    const id = queryInteger(req.query, 'paymentProductId');
    const spec = id === undefined ? undefined : productSpec(id);
    if (id !== undefined && !spec) throw unknownProduct(id);
    return ok(privacyPolicy(locale, spec));
  },
  'services.testConnection': () => ok({ result: 'OK' }),
  'installments.getInstallmentsInfo': (req) => ok(installmentsInfo(req.body)),
  'riskAssessments.bankAccounts': (req) => ok(riskAssessBankAccount(req.body)),
  'riskAssessments.cards': (req) => ok(riskAssessCard(req.body)),
};

/** The operation ids this module answers. */
export const catalogueOperationIds: readonly string[] = Object.keys(handlers);

/**
 * Answers a catalogue operation, or returns undefined when `opId` is not one. Problems are thrown as
 * `SandboxError` (400 with propertyName, 404 for unknown products and groups).
 */
export function handleCatalogueOperation(opId: string, req: CatalogueRequest): CatalogueResponse | undefined {
  const handler = Object.hasOwn(handlers, opId) ? handlers[opId] : undefined;
  return handler?.(req);
}
