/**
 * Which payment methods a hosted checkout offers: the catalogue's products for the checkout's order
 * (country, currency, amount, recurring), narrowed by `hostedCheckoutSpecificInput.paymentProductFilters`
 * (`restrictTo` / `exclude`, by product id or group) and by a `paymentProductId` fixed in the card or
 * redirect input. Card brands of the `cards` group are offered together as one "cards" choice, as the
 * platform groups them by `paymentProductGroup`; the card form then recognises the brand from the number.
 */
import { type Context, findProducts, type ProductSpec, productSpec } from '../catalogue/index.js';

/** How the pages let a customer pay with a product. Wallets, direct debit, cash and invoices are not offered. */
export type MethodKind = 'card' | 'redirect' | 'bankTransfer';

export interface OfferedMethod {
  /** `cards` for the group, otherwise the product id as text (the path segment of the method's page) */
  readonly key: string;
  readonly kind: MethodKind;
  /** the products this choice covers (several card brands for `cards`) */
  readonly products: readonly ProductSpec[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const key of path) cur = isRecord(cur) ? cur[key] : undefined;
  return cur;
};
const ints = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The catalogue context of a hosted checkout request (what `products.find` would be asked). */
export function checkoutContext(request: Json, locale: string): Context {
  const amount = at(request, 'order', 'amountOfMoney', 'amount');
  const country = at(request, 'order', 'customer', 'billingAddress', 'countryCode');
  const currency = at(request, 'order', 'amountOfMoney', 'currencyCode');
  return {
    ...(typeof country === 'string' ? { countryCode: country } : {}),
    ...(typeof currency === 'string' ? { currencyCode: currency } : {}),
    ...(typeof amount === 'number' ? { amount } : {}),
    isRecurring: at(request, 'hostedCheckoutSpecificInput', 'isRecurring') === true,
    locale,
    hide: new Set(),
  };
}

function kindOf(p: ProductSpec): MethodKind | undefined {
  if (p.paymentMethod === 'card' && !p.redirect) return 'card';
  if (p.paymentMethod === 'bankTransfer') return 'bankTransfer';
  // redirect products, including the redirect "mobile" ones (Alipay, WeChat Pay) and Bancontact's redirect flow
  if (p.redirect) return 'redirect';
  return undefined;
}

/** The methods the checkout page lists, in catalogue display order. */
export function offeredMethods(request: Json, locale: string): OfferedMethod[] {
  const filters = at(request, 'hostedCheckoutSpecificInput', 'paymentProductFilters');
  const onlyProducts = ints(at(filters, 'restrictTo', 'products'));
  const onlyGroups = strings(at(filters, 'restrictTo', 'groups'));
  const notProducts = new Set(ints(at(filters, 'exclude', 'products')));
  const notGroups = new Set(strings(at(filters, 'exclude', 'groups')));
  const fixedCard = at(request, 'cardPaymentMethodSpecificInput', 'paymentProductId');
  const fixedRedirect = at(request, 'redirectPaymentMethodSpecificInput', 'paymentProductId');
  const restricted = onlyProducts.length > 0 || onlyGroups.length > 0;

  const specs = findProducts(checkoutContext(request, locale))
    .map((p) => (p.id === undefined ? undefined : productSpec(p.id)))
    .filter((p): p is ProductSpec => p !== undefined)
    .filter((p) => {
      const group = p.group;
      if (restricted && !onlyProducts.includes(p.id) && !(group !== undefined && onlyGroups.includes(group))) {
        return false;
      }
      if (notProducts.has(p.id) || (group !== undefined && notGroups.has(group))) return false;
      const kind = kindOf(p);
      if (kind === 'card' && typeof fixedCard === 'number' && p.id !== fixedCard) return false;
      if (kind === 'redirect' && typeof fixedRedirect === 'number' && p.id !== fixedRedirect) return false;
      return kind !== undefined;
    });

  const methods: OfferedMethod[] = [];
  const cards = specs.filter((p) => p.group === 'cards' && kindOf(p) === 'card');
  for (const p of specs) {
    const kind = kindOf(p) as MethodKind;
    if (p.group === 'cards' && kind === 'card') {
      if (p === cards[0]) methods.push({ key: 'cards', kind, products: cards });
      continue;
    }
    methods.push({ key: String(p.id), kind, products: [p] });
  }
  return methods;
}
