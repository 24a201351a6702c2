/**
 * The Client API calls the browser Client SDK 6.x makes, under `/client/v1/{customerId}/`: one handler
 * per call, over the same catalogue the Server API serves (one copy of the products), seen through the
 * client session (its product filters and its tokens as accounts on file).
 */
import type { CatalogueRequest, CatalogueResponse } from '../catalogue/index.js';
import { contextFromQuery } from '../catalogue/input.js';
import {
  findProductGroups,
  findProducts,
  getProductGroup,
  isAvailable,
  productSpec,
  type RenderOptions,
  renderProduct,
} from '../catalogue/products.js';
import type { PublicKeyResponse } from '../domain/customer-input/keys.js';
import { productNotAvailable, unknownPayment, unknownProduct, unknownProductGroup } from '../domain/errors.js';
import {
  type ClientApiOperationDef,
  type ClientApiOperationId,
  clientApiOperations,
} from '../generated/client-api-routes.js';
import { accountsOnFile, sessionAllows, sessionAllowsGroup, type TokenSummary } from './products.js';
import type { ClientApiSession } from './session-auth.js';

/** What the Client API reads from the rest of the sandbox (all read-only). */
export interface ClientApiDeps {
  now(): number;
  session(clientSessionId: string): ClientApiSession | undefined;
  token(tokenId: string): TokenSummary | undefined;
  payment(paymentId: string): { readonly merchantId: string; readonly status: string } | undefined;
  publicKey(): Promise<PublicKeyResponse>;
  /** the sandbox's catalogue operations (a catalogue configured in the options first, as for the Server API) */
  catalogue(opId: string, req: CatalogueRequest): CatalogueResponse | undefined;
}

export interface RouteCall {
  readonly deps: ClientApiDeps;
  readonly session: ClientApiSession;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
}

type Handler = (call: RouteCall) => unknown;

function renderOptions(call: RouteCall): RenderOptions {
  return {
    allow: (spec) => sessionAllows(call.session, spec),
    accountsOnFile: (productId) => accountsOnFile(call.session, (id) => call.deps.token(id), productId),
  };
}

/** The product named in the path, when it exists and the session may see it (404 otherwise). */
function pathProduct(call: RouteCall) {
  const raw = call.params[0] ?? '';
  const spec = /^\d{1,9}$/.test(raw) ? productSpec(Number(raw)) : undefined;
  if (!spec || !sessionAllows(call.session, spec)) throw unknownProduct(raw.slice(0, 40));
  return spec;
}

/** Delegates a stateless call to the catalogue's Server API operation of the same meaning. */
function catalogue(opId: string, call: RouteCall, pathParams: Record<string, string> = {}): unknown {
  return call.deps.catalogue(opId, {
    merchantId: call.session.merchantId,
    pathParams,
    query: call.query,
    body: call.body,
  })?.body;
}

/** thirdPartyStatus from a payment's status: the customer is still busy, has started, or is done. */
function thirdPartyStatus(status: string): string {
  if (status === 'CREATED' || status === 'REDIRECTED') return 'WAITING';
  if (status.startsWith('PENDING_') && status !== 'PENDING_APPROVAL' && status !== 'PENDING_CAPTURE') {
    return 'INITIALIZED';
  }
  if (['PENDING_APPROVAL', 'PENDING_CAPTURE', 'AUTHORIZATION_REQUESTED', 'ACCOUNT_VERIFIED'].includes(status)) {
    return 'AUTHORIZED';
  }
  return 'COMPLETED';
}

/** One handler per Client API operation of the spec: a call the spec adds without a handler fails the compiler. */
const handlers: Readonly<Record<ClientApiOperationId, Handler>> = {
  'clientApi.getPublicKey': (c) => c.deps.publicKey(),
  'clientApi.getPaymentProducts': (c) => ({
    paymentProducts: findProducts(contextFromQuery(c.query), renderOptions(c)),
  }),
  'clientApi.getPaymentProduct': (c) => {
    const spec = pathProduct(c);
    const ctx = contextFromQuery(c.query);
    if (!isAvailable(spec, ctx)) {
      const filters = [ctx.countryCode, ctx.currencyCode, ctx.amount, ctx.isRecurring ? 'recurring' : undefined];
      throw productNotAvailable(spec.id, filters.filter((f) => f !== undefined).join(', '));
    }
    return renderProduct(spec, ctx, renderOptions(c));
  },
  'clientApi.getPaymentProductDirectory': (c) =>
    catalogue('products.directory', c, { paymentProductId: String(pathProduct(c).id) }),
  'clientApi.getPaymentProductNetworks': (c) =>
    catalogue('products.networks', c, { paymentProductId: String(pathProduct(c).id) }),
  'clientApi.createPaymentProductSession': (c) =>
    catalogue('products.sessions', c, { paymentProductId: String(pathProduct(c).id) }),
  'clientApi.getPaymentProductGroups': (c) => ({
    paymentProductGroups: findProductGroups(contextFromQuery(c.query), renderOptions(c)).filter(
      (g) => g.id !== undefined && sessionAllowsGroup(c.session, g.id),
    ),
  }),
  'clientApi.getPaymentProductGroup': (c) => {
    const id = c.params[0] ?? '';
    const group = sessionAllowsGroup(c.session, id)
      ? getProductGroup(id, contextFromQuery(c.query), renderOptions(c))
      : undefined;
    if (!group) {
      throw unknownProductGroup(id.slice(0, 40));
    }
    return group;
  },
  'clientApi.getIINDetails': (c) => {
    const out = catalogue('services.getIINDetails', c) as {
      paymentProductId: number;
      isAllowedInContext?: boolean;
      coBrands?: { paymentProductId: number; isAllowedInContext?: boolean }[];
    };
    // a product the session's filters hide is "existing but not allowed" for this customer
    const allowed = (id: number) => {
      const spec = productSpec(id);
      return spec !== undefined && sessionAllows(c.session, spec);
    };
    if (out.isAllowedInContext === true && !allowed(out.paymentProductId)) out.isAllowedInContext = false;
    for (const b of out.coBrands ?? [])
      if (b.isAllowedInContext === true && !allowed(b.paymentProductId)) b.isAllowedInContext = false;
    return out;
  },
  'clientApi.convertAmount': (c) => catalogue('services.convertAmount', c),
  'clientApi.getPrivacyPolicy': (c) => catalogue('services.privacyPolicy', c),
  'clientApi.getThirdPartyStatus': (c) => {
    const id = c.params[0] ?? '';
    const p = c.deps.payment(id);
    if (!p || p.merchantId !== c.session.merchantId) {
      throw unknownPayment(id.slice(0, 40));
    }
    return { thirdPartyStatus: thirdPartyStatus(p.status) };
  },
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RouteMatch {
  readonly op: ClientApiOperationDef;
  readonly handle: Handler;
  readonly params: string[];
}

/** The operation for a path below `/client/v1/{customerId}/`: the match, a 405 (path known) or undefined. */
export function matchRoute(method: string, rest: string): RouteMatch | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const op of clientApiOperations) {
    const m = op.pattern.exec(rest);
    if (!m) continue;
    if (op.method === method)
      return { op, handle: handlers[op.id as ClientApiOperationId], params: m.slice(1).map(decodeSegment) };
    allowed.push(op.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
