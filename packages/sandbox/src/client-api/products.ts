/**
 * The catalogue as one client session sees it: the merchant's `paymentProductFilters` from
 * sessions.create (restrictTo / exclude, by product id or group), and the session's tokens shown as
 * accounts on file (numbered 1, 2, ... in the order the merchant listed them).
 */
import type { AccountOnFile } from '../../../sdk/src/models/index.js';
import { cardAccountOnFile, type ProductSpec } from '../catalogue/products.js';
import type { ClientApiSession } from './session-auth.js';

/** A stored token as far as an account on file needs it. */
export interface TokenSummary {
  readonly merchantId: string;
  readonly productId: number;
  readonly pan: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
}

interface Filter {
  readonly groups: readonly string[];
  readonly products: readonly number[];
}

function filter(session: ClientApiSession, which: 'restrictTo' | 'exclude'): Filter | undefined {
  const f = (session.request['paymentProductFilters'] as Record<string, unknown> | undefined)?.[which];
  if (typeof f !== 'object' || f === null) return undefined;
  const o = f as Record<string, unknown>;
  const groups = Array.isArray(o['groups']) ? o['groups'].filter((g): g is string => typeof g === 'string') : [];
  const products = Array.isArray(o['products']) ? o['products'].filter((p): p is number => typeof p === 'number') : [];
  return groups.length + products.length > 0 ? { groups, products } : undefined;
}

const matches = (f: Filter, spec: ProductSpec) =>
  f.products.includes(spec.id) || (spec.group !== undefined && f.groups.includes(spec.group));

/** Whether the session's filters let the customer see a product. */
export function sessionAllows(session: ClientApiSession, spec: ProductSpec): boolean {
  const restrict = filter(session, 'restrictTo');
  const exclude = filter(session, 'exclude');
  return (restrict === undefined || matches(restrict, spec)) && (exclude === undefined || !matches(exclude, spec));
}

/** Whether a group is shown: not excluded as a group. (Members are filtered one by one.) */
export function sessionAllowsGroup(session: ClientApiSession, groupId: string): boolean {
  return !(filter(session, 'exclude')?.groups.includes(groupId) ?? false);
}

const mask = (pan: string) => (pan.length <= 4 ? pan : '*'.repeat(pan.length - 4) + pan.slice(-4));

function cardData(t: TokenSummary): Record<string, unknown> {
  const card = t.data['card'] as Record<string, unknown> | undefined;
  const data = card?.['data'] as Record<string, unknown> | undefined;
  return (data?.['cardWithoutCvv'] as Record<string, unknown> | undefined) ?? {};
}

/** The session's tokens for a product, as accounts on file (card tokens; card numbers masked). */
export function accountsOnFile(
  session: ClientApiSession,
  token: (id: string) => TokenSummary | undefined,
  productId: number,
): AccountOnFile[] {
  const out: AccountOnFile[] = [];
  session.tokens.forEach((id, i) => {
    const t = token(id);
    if (!t || t.merchantId !== session.merchantId || t.productId !== productId || t.pan === undefined) return;
    const c = cardData(t);
    out.push(
      cardAccountOnFile(i + 1, productId, {
        alias: mask(t.pan),
        ...(typeof c['expiryDate'] === 'string' ? { expiryDate: c['expiryDate'] } : {}),
        ...(typeof c['cardholderName'] === 'string' ? { cardholderName: c['cardholderName'] } : {}),
      }),
    );
  });
  return out;
}
