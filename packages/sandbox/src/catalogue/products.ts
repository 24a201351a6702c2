/**
 * The payment product catalogue: one compact row per product, rendered per request into the platform's
 * `PaymentProduct` shape and filtered by the payment context (country, currency, amount, recurring,
 * installments) and the `hide` options.
 */
import type { AccountOnFile, PaymentProduct, PaymentProductGroup } from '../../../sdk/src/models/index.js';
import { idealIssuers } from './banking.js';
import {
  boletoFields,
  type CardShape,
  cardFields,
  type FieldSpec,
  invoiceFields,
  issuerField,
  renderField,
  sepaFields,
} from './fields.js';
import { type MessageKey, resolveLocale, text } from './i18n.js';
import type { Context } from './input.js';
import { currencies } from './money.js';

const LOGOS = 'templates/master/global/css/img/ppimages';
const SEPA = 'AT BE CY DE EE ES FI FR GR IE IT LT LU LV MT NL PT SI SK'.split(' ');
const NORDICS_AND_DACH = ['AT', 'DE', 'DK', 'FI', 'NL', 'NO', 'SE'];
/** Countries where card products offer installments. */
export const installmentCountries: readonly string[] = ['AR', 'BR', 'CL', 'CO', 'MX', 'PE', 'TR'];

export interface ProductSpec {
  readonly id: number;
  /** Brand name, or a message key for names that are translated. */
  readonly label: string;
  readonly labelKey?: MessageKey;
  readonly paymentMethod: 'card' | 'redirect' | 'mobile' | 'directDebit' | 'bankTransfer' | 'cash' | 'invoice';
  readonly group?: 'cards';
  readonly fields: readonly FieldSpec[];
  readonly countries?: readonly string[];
  readonly currencies?: readonly string[];
  readonly minAmount?: number;
  readonly maxAmount?: number;
  readonly recurring: boolean;
  readonly tokenization: boolean;
  readonly installments?: boolean;
  readonly redirect: boolean;
  /** Shows payment instructions to the customer (bank transfer, Boleto): hidden by `productsWithoutInstructions`. */
  readonly instructions?: boolean;
  readonly mobile: 'OPTIMISED_SUPPORT' | 'BASIC_SUPPORT' | 'NO_SUPPORT';
  readonly mandates?: boolean;
  /** Answers products.customerDetails (a fiscal-number lookup) in its countries. */
  readonly customerLookup?: boolean;
  /** Card networks a wallet accepts (Apple Pay, Google Pay): network name -> card product id. */
  readonly networks?: Readonly<Record<string, number>>;
  readonly extra?: Partial<PaymentProduct>;
}

type CardRow = [id: number, label: string, shape: CardShape, extra?: Partial<ProductSpec>];

const c16 = (pattern: string, cvv: 3 | 4 | 0 = 3, minLength = 16, maxLength = 16): CardShape => ({
  pattern,
  minLength,
  maxLength,
  cvv,
});
const AR = { countries: ['AR'], currencies: ['ARS'], installments: true };

const cardRows: CardRow[] = [
  [1, 'VISA', c16('^4[0-9]{12}(?:[0-9]{3}){0,2}$', 3, 13, 19), { installments: true }],
  [2, 'American Express', c16('^3[47][0-9]{13}$', 4, 15, 15), { installments: true }],
  [
    3,
    'MasterCard',
    c16('^(?:5[1-5][0-9]{2}|2(?:2[2-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720))[0-9]{12}$'),
    { installments: true },
  ],
  [56, 'UnionPay International', c16('^62[0-9]{14,17}$', 3, 16, 19)],
  [114, 'Visa Debit', c16('^4[0-9]{15}$')],
  [
    117,
    'Maestro',
    { pattern: '^(?:5[06-8]|6[0-9])[0-9]{10,17}$', minLength: 12, maxLength: 19, cvv: 3, cvvRequired: false },
    { recurring: false },
  ],
  [119, 'MasterCard Debit', c16('^5[1-5][0-9]{14}$')],
  [122, 'Visa Electron', c16('^4[0-9]{15}$')],
  [125, 'JCB', c16('^35[0-9]{14,17}$', 3, 16, 19)],
  [
    128,
    'Discover',
    c16('^6(?:011|22[0-9]|4[4-9][0-9]|5[0-9]{2})[0-9]{12,15}$', 3, 16, 19),
    { currencies: ['USD', 'CAD'] },
  ],
  [130, 'Carte Bancaire', c16('^[45][0-9]{15}$'), { countries: ['FR'], currencies: ['EUR'] }],
  [132, 'Diners Club', c16('^3(?:0[0-5]|095|[689][0-9])[0-9]{10,15}$', 3, 14, 19)],
  [136, 'Naranja', c16('^589562[0-9]{10}$'), AR],
  [145, 'Nativa', c16('^487017[0-9]{10}$'), AR],
  [147, 'Elo', c16('^[456][0-9]{15}$'), { countries: ['BR'], currencies: ['BRL'], installments: true }],
];

const cardSpecs: ProductSpec[] = cardRows.map(([id, label, shape, extra]) => ({
  id,
  label,
  paymentMethod: 'card',
  group: 'cards',
  fields: cardFields(shape),
  recurring: true,
  tokenization: true,
  redirect: false,
  mobile: 'OPTIMISED_SUPPORT',
  extra: { canBeIframed: true, allowsMultiplePartialCaptures: true, isAuthenticationSupported: true },
  ...extra,
}));

const WALLET_NETWORKS = { Amex: 2, Discover: 128, JCB: 125, MasterCard: 3, Visa: 1 };
/** Defaults of the non-card products: no recurring, no tokens, no fields; redirects go to a third party. */
const plain = { recurring: false, tokenization: false, redirect: false, mobile: 'BASIC_SUPPORT', fields: [] } as const;
const redirect = { ...plain, redirect: true } as const;

/** Apple Pay and Google Pay: no fields, JavaScript in the browser, the card networks they accept. */
const wallet = (id: number, label: string, networks: Readonly<Record<string, number>>): ProductSpec => ({
  id,
  label,
  paymentMethod: 'mobile',
  fields: [],
  recurring: false,
  tokenization: false,
  redirect: false,
  mobile: 'OPTIMISED_SUPPORT',
  networks,
  extra: { isJavaScriptRequired: true },
});

const otherSpecs: ProductSpec[] = [
  wallet(302, 'Apple Pay', WALLET_NETWORKS),
  wallet(320, 'Google Pay', { AMEX: 2, DISCOVER: 128, JCB: 125, MASTERCARD: 3, VISA: 1 }),
  {
    id: 809,
    label: 'iDEAL | Wero',
    paymentMethod: 'redirect',
    ...redirect,
    fields: [issuerField(idealIssuers)],
    countries: ['NL'],
    currencies: ['EUR'],
  },
  {
    id: 840,
    label: 'PayPal',
    paymentMethod: 'redirect',
    ...redirect,
    recurring: true,
    currencies: ['AUD', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'JPY', 'NOK', 'PLN', 'SEK', 'USD'],
  },
  {
    id: 838,
    label: 'Klarna',
    paymentMethod: 'redirect',
    ...redirect,
    countries: [...NORDICS_AND_DACH, 'GB'],
    currencies: ['DKK', 'EUR', 'GBP', 'NOK', 'SEK'],
    minAmount: 100,
    maxAmount: 1_000_000,
    customerLookup: true,
  },
  { id: 861, label: 'Alipay', paymentMethod: 'mobile', ...redirect, currencies: ['CNY', 'EUR', 'GBP', 'HKD', 'USD'] },
  {
    id: 863,
    label: 'WeChat Pay',
    paymentMethod: 'mobile',
    ...redirect,
    currencies: ['CNY', 'EUR', 'HKD', 'USD'],
    extra: { paymentProduct863SpecificData: { integrationTypes: ['desktopQRCode', 'urlIntent', 'nativeInApp'] } },
  },
  { id: 869, label: 'China UnionPay', paymentMethod: 'redirect', ...redirect, countries: ['CN'], currencies: ['CNY'] },
  { id: 882, label: 'Net Banking', paymentMethod: 'redirect', ...redirect, countries: ['IN'], currencies: ['INR'] },
  { id: 4101, label: 'UPI', paymentMethod: 'redirect', ...redirect, countries: ['IN'], currencies: ['INR'] },
  { id: 740, label: 'PromptPay', paymentMethod: 'redirect', ...redirect, countries: ['TH'], currencies: ['THB'] },
  {
    id: 3012,
    label: 'Bancontact',
    paymentMethod: 'card',
    ...redirect,
    mobile: 'OPTIMISED_SUPPORT',
    countries: ['BE'],
    currencies: ['EUR'],
  },
  {
    ...plain,
    id: 770,
    label: 'SEPA Direct Debit',
    labelKey: 'sepaDirectDebit',
    paymentMethod: 'directDebit',
    fields: sepaFields,
    countries: SEPA,
    currencies: ['EUR'],
    recurring: true,
    tokenization: true,
    mandates: true,
    mobile: 'OPTIMISED_SUPPORT',
  },
  {
    ...plain,
    id: 11,
    label: 'Bank transfer',
    labelKey: 'bankTransfer',
    paymentMethod: 'bankTransfer',
    instructions: true,
  },
  {
    ...plain,
    id: 1503,
    label: 'Boleto Bancario',
    paymentMethod: 'cash',
    fields: boletoFields,
    countries: ['BR'],
    currencies: ['BRL'],
    minAmount: 100,
    instructions: true,
    customerLookup: true,
  },
  {
    ...plain,
    id: 9000,
    label: 'AfterPay',
    paymentMethod: 'invoice',
    fields: invoiceFields,
    countries: NORDICS_AND_DACH,
    currencies: ['DKK', 'EUR', 'NOK', 'SEK'],
    minAmount: 500,
    maxAmount: 500_000,
    customerLookup: true,
  },
];

/** Every product the sandbox knows, in display order. Reused by the Client API. */
export const paymentProducts: readonly ProductSpec[] = [...cardSpecs, ...otherSpecs];
const byId = new Map(paymentProducts.map((p) => [p.id, p]));

export function productSpec(id: number): ProductSpec | undefined {
  return byId.get(id);
}

/** Bancontact's basic flow (`forceBasicFlow=true`) is a card form instead of the redirect/QR flow. */
const bancontactCard = cardFields({ pattern: '^6703[0-9]{12,15}$', minLength: 16, maxLength: 19, cvv: 0 });

function effective(spec: ProductSpec, ctx: Context): ProductSpec {
  return spec.id === 3012 && ctx.forceBasicFlow ? { ...spec, fields: bancontactCard, redirect: false } : spec;
}

function allowsInstallments(spec: ProductSpec, ctx: Context): boolean {
  return !!spec.installments && (ctx.countryCode === undefined || installmentCountries.includes(ctx.countryCode));
}

/** Whether a product can be used in a payment context. */
export function isAvailable(spec: ProductSpec, ctx: Context): boolean {
  if (ctx.countryCode && spec.countries && !spec.countries.includes(ctx.countryCode)) return false;
  if (ctx.currencyCode && !(spec.currencies ?? Object.keys(currencies)).includes(ctx.currencyCode)) return false;
  if (ctx.amount !== undefined && spec.minAmount !== undefined && ctx.amount < spec.minAmount) return false;
  if (ctx.amount !== undefined && spec.maxAmount !== undefined && ctx.amount > spec.maxAmount) return false;
  if (ctx.isRecurring && !spec.recurring) return false;
  if (ctx.isInstallments && !allowsInstallments(spec, ctx)) return false;
  return true;
}

/** Products hidden from lists by the product-level `hide` values. */
function hiddenFromList(spec: ProductSpec, hide: ReadonlySet<string>): boolean {
  // The platform documents productsWithoutFields as "don't return products that require any additional data".
  if (hide.has('productsWithoutFields') && spec.fields.length > 0) return true;
  if (hide.has('productsWithoutInstructions') && spec.instructions) return true;
  if (hide.has('productsWithRedirects') && spec.redirect) return true;
  return false;
}

export interface RenderOptions {
  /** Accounts on file (tokens) to show per product, e.g. from a Client API session. */
  readonly accountsOnFile?: (productId: number) => readonly AccountOnFile[];
  /** Products a caller may see at all, e.g. a client session's paymentProductFilters (default: all). */
  readonly allow?: (spec: ProductSpec) => boolean;
}

/** The platform's `PaymentProduct` JSON for a spec in a context (locale, hide=fields/translations/accountsOnFile). */
export function renderProduct(raw: ProductSpec, ctx: Context, options: RenderOptions = {}): PaymentProduct {
  const spec = effective(raw, ctx);
  const locale = resolveLocale(ctx.locale);
  const withTexts = !ctx.hide.has('translations');
  const product: PaymentProduct = {
    id: spec.id,
    paymentMethod: spec.paymentMethod,
    ...(spec.group ? { paymentProductGroup: spec.group } : {}),
    allowsInstallments: allowsInstallments(spec, ctx),
    allowsRecurring: spec.recurring,
    allowsTokenization: spec.tokenization,
    autoTokenized: false,
    deviceFingerprintEnabled: false,
    mobileIntegrationLevel: spec.mobile,
    usesRedirectionTo3rdParty: spec.redirect,
    ...(spec.minAmount !== undefined ? { minAmount: spec.minAmount } : {}),
    ...(spec.maxAmount !== undefined ? { maxAmount: spec.maxAmount } : {}),
    ...(spec.mandates ? { supportsMandates: true } : {}),
    ...structuredClone(spec.extra ?? {}),
    displayHints: {
      displayOrder: paymentProducts.indexOf(raw) + 1,
      ...(withTexts ? { label: spec.labelKey ? text(spec.labelKey, locale) : spec.label } : {}),
      logo: `${LOGOS}/pp_logo_${spec.id}_v1.png`,
    },
  };
  if (spec.networks) {
    const networks = availableNetworks(spec, ctx);
    if (spec.id === 302) product.paymentProduct302SpecificData = { networks };
    if (spec.id === 320) product.paymentProduct320SpecificData = { gateway: 'ingenicoglobalcollect', networks };
  }
  if (!ctx.hide.has('fields')) {
    product.fields = [...spec.fields].sort((a, b) => a.order - b.order).map((f) => renderField(f, locale, withTexts));
  }
  const accounts = ctx.hide.has('accountsOnFile') ? [] : (options.accountsOnFile?.(spec.id) ?? []);
  if (accounts.length > 0) product.accountsOnFile = structuredClone([...accounts]);
  return product;
}

/** Networks of a wallet whose card product is usable in the context. */
export function availableNetworks(spec: ProductSpec, ctx: Context): string[] {
  return Object.entries(spec.networks ?? {})
    .filter(([, cardId]) => {
      const card = byId.get(cardId);
      return card !== undefined && isAvailable(card, { ...ctx, isInstallments: false });
    })
    .map(([name]) => name);
}

/** products.find: the available products, in display order. */
export function findProducts(ctx: Context, options?: RenderOptions): PaymentProduct[] {
  return paymentProducts
    .filter((p) => isAvailable(p, ctx) && !hiddenFromList(p, ctx.hide) && (options?.allow?.(p) ?? true))
    .map((p) => renderProduct(p, ctx, options));
}

/** products.get: the product when it exists and is available in the context. */
export function getProduct(id: number, ctx: Context, options?: RenderOptions): PaymentProduct | undefined {
  const spec = byId.get(id);
  return spec && isAvailable(spec, ctx) && (options?.allow?.(spec) ?? true)
    ? renderProduct(spec, ctx, options)
    : undefined;
}

/** The product groups: only `cards`, whose members are the products with `paymentProductGroup: 'cards'`. */
export const paymentProductGroups = [
  {
    id: 'cards',
    labelKey: 'cards',
    fields: cardFields({ pattern: '^[0-9]{12,19}$', minLength: 12, maxLength: 19, cvv: 3, cvvRequired: false }).map(
      (f) =>
        f.id === 'cvv'
          ? {
              ...f,
              validators: {
                length: { minLength: 3, maxLength: 4 },
                regularExpression: { regularExpression: '^[0-9]{3}[0-9]?$' },
              },
            }
          : f,
    ),
  },
] as const satisfies readonly { id: string; labelKey: MessageKey; fields: readonly FieldSpec[] }[];

type GroupSpec = (typeof paymentProductGroups)[number];

function groupMembers(group: GroupSpec, ctx: Context, options: RenderOptions = {}): ProductSpec[] {
  return paymentProducts.filter((p) => p.group === group.id && isAvailable(p, ctx) && (options.allow?.(p) ?? true));
}

function renderGroup(group: GroupSpec, ctx: Context, options: RenderOptions): PaymentProductGroup {
  const locale = resolveLocale(ctx.locale);
  const withTexts = !ctx.hide.has('translations');
  const members = groupMembers(group, ctx, options);
  const out: PaymentProductGroup = {
    id: group.id,
    allowsInstallments: members.some((m) => allowsInstallments(m, ctx)),
    deviceFingerprintEnabled: false,
    displayHints: {
      displayOrder: 0,
      ...(withTexts ? { label: text(group.labelKey, locale) } : {}),
      logo: `${LOGOS}/pp_group_${group.id}_v1.png`,
    },
  };
  if (!ctx.hide.has('fields')) out.fields = group.fields.map((f) => renderField(f, locale, withTexts));
  const accounts = ctx.hide.has('accountsOnFile') ? [] : members.flatMap((m) => options.accountsOnFile?.(m.id) ?? []);
  if (accounts.length > 0) out.accountsOnFile = structuredClone(accounts);
  return out;
}

/** productGroups.find: groups with at least one product available in the context. */
export function findProductGroups(ctx: Context, options: RenderOptions = {}): PaymentProductGroup[] {
  return paymentProductGroups
    .filter((g) => groupMembers(g, ctx, options).length > 0)
    .map((g) => renderGroup(g, ctx, options));
}

/** productGroups.get: the group when it exists and has an available product in the context. */
export function getProductGroup(
  id: string,
  ctx: Context,
  options: RenderOptions = {},
): PaymentProductGroup | undefined {
  const group = paymentProductGroups.find((g) => g.id === id);
  return group && groupMembers(group, ctx, options).length > 0 ? renderGroup(group, ctx, options) : undefined;
}

/** An account on file for a stored card (token), shaped as the Client SDK reads it (logo, labelTemplate, attributes). */
export function cardAccountOnFile(
  id: number,
  paymentProductId: number,
  card: { readonly alias: string; readonly expiryDate?: string; readonly cardholderName?: string },
): AccountOnFile {
  // the Client SDK treats a required field as filled when an attribute of the same key exists, so the
  // masked card number is an attribute too (else its validate() asks for the card number again)
  const attributes: NonNullable<AccountOnFile['attributes']> = [
    { key: 'alias', value: card.alias, status: 'READ_ONLY' },
    { key: 'cardNumber', value: card.alias, status: 'READ_ONLY' },
  ];
  if (card.cardholderName) attributes.push({ key: 'cardholderName', value: card.cardholderName, status: 'READ_ONLY' });
  if (card.expiryDate) attributes.push({ key: 'expiryDate', value: card.expiryDate, status: 'CAN_WRITE' });
  return {
    id,
    paymentProductId,
    displayHints: {
      logo: `${LOGOS}/pp_logo_${paymentProductId}_v1.png`,
      labelTemplate: [
        { attributeKey: 'alias' },
        ...(card.expiryDate ? [{ attributeKey: 'expiryDate', mask: '{{99}}/{{99}}' }] : []),
      ],
    },
    attributes,
  };
}
