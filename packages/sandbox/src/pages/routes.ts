/**
 * The pages surface's routes: which path goes to which page module, the served stylesheet and script, and
 * the translation of one HTTP request into a PageRequest. Errors of the domain become a page, never a stack.
 */
import { SandboxError } from '../domain/errors.js';
import { CARD_FORM_SCRIPT } from './card-script.js';
import { checkoutRoute } from './checkout-pages.js';
import { ASSETS, asset, messagePage, type PageResult } from './layout.js';
import { hostedMandateRoute, mandateSignRoute } from './mandate-pages.js';
import { redirectRoute } from './redirect-pages.js';
import type { PageRequest, PagesEnv } from './request.js';
import { STYLES } from './styles.js';
import { sameSite } from './tokens.js';

const ROUTES: Readonly<Record<string, (env: PagesEnv, req: PageRequest) => PageResult | undefined>> = {
  hostedcheckout: checkoutRoute,
  redirect: redirectRoute,
  hostedmandatemanagement: hostedMandateRoute,
  mandate: mandateSignRoute,
};

/** The first path segments the pages answer (for mounting). */
export const PAGE_PREFIXES = [...Object.keys(ROUTES), ASSETS.slice(1)];

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface RawPageRequest {
  method: string;
  /** the raw (still encoded) path, without the query */
  path: string;
  body: Buffer;
  contentType: string | undefined;
  baseUrl: string;
  secFetchSite: string | string[] | undefined;
}

/** Answers a customer page, or undefined when the path is not one (the caller answers 404/405). */
export function handlePageRequest(env: PagesEnv, raw: RawPageRequest): PageResult | undefined {
  const method = raw.method === 'HEAD' ? 'GET' : raw.method;
  if (method === 'GET' && raw.path === `${ASSETS}/pages.css`) return asset('text/css', STYLES);
  if (method === 'GET' && raw.path === `${ASSETS}/card-form.js`) return asset('text/javascript', CARD_FORM_SCRIPT);
  const segments = raw.path.split('/').slice(1).map(decode);
  if (segments.some((s) => s === undefined || s === '')) return undefined;
  const route = ROUTES[segments[0] as string];
  if (!route || !Object.hasOwn(ROUTES, segments[0] as string)) return undefined;
  const form =
    method === 'POST' && (raw.contentType ?? '').startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(raw.body.toString('utf8'))
      : new URLSearchParams();
  const req: PageRequest = {
    method,
    segments: segments as string[],
    form,
    baseUrl: raw.baseUrl,
    sameSite: sameSite(raw.secFetchSite),
  };
  try {
    return route(env, req);
  } catch (e) {
    if (e instanceof SandboxError) {
      return messagePage('en_GB', 'Not possible', e.errors[0]?.message ?? 'This step is not possible now.', {
        status: e.status,
        kind: 'bad',
      });
    }
    throw e;
  }
}
