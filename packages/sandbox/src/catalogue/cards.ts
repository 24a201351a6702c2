/**
 * Card numbers: the Luhn check and the sandbox's IIN (BIN) table, which maps the leading digits of a card
 * number to a payment product, the issuing country and any co-brands.
 */

/** True when `pan` is 12 to 19 digits and passes the Luhn (mod 10) check. */
export function luhnValid(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** One IIN range: numbers whose first `lo.length` digits lie in [lo, hi] belong to `product`. */
interface IinRange {
  readonly lo: string;
  readonly hi: string;
  readonly product: number;
  readonly country: string;
  /** Other products the same card can be processed as (co-badged cards). */
  readonly coBrands?: readonly number[];
}

// [lo, hi, product, issuing country, co-brands]; the longest matching prefix wins.
const table: readonly (readonly [string, string, number, string, (readonly number[])?])[] = [
  ['4', '4', 1, 'NL'], // Visa (4567350000427977, 4012000033330026, 4000000000000002)
  ['446200', '446299', 114, 'GB'], // Visa Debit
  ['4026', '4026', 122, 'GB'], // Visa Electron
  ['4508', '4508', 122, 'GB'],
  ['4844', '4844', 122, 'GB'],
  ['4913', '4913', 122, 'GB'],
  ['4917', '4917', 122, 'GB'],
  ['497010', '497019', 1, 'FR', [130]], // Visa co-badged with Carte Bancaire
  ['34', '34', 2, 'US'], // American Express
  ['37', '37', 2, 'US'],
  ['51', '55', 3, 'NL'], // MasterCard
  ['2221', '2720', 3, 'NL'],
  ['513100', '513199', 3, 'FR', [130]], // MasterCard co-badged with Carte Bancaire
  ['542418', '542418', 119, 'US'], // Mastercard Debit (5424180279791732)
  ['50', '50', 117, 'NL'], // Maestro
  ['56', '58', 117, 'NL'],
  ['6759', '6759', 117, 'GB'],
  ['676770', '676774', 117, 'GB'],
  ['6703', '6703', 3012, 'BE', [117]], // Bancontact, co-badged with Maestro
  ['589562', '589562', 136, 'AR'], // Naranja (5895620033330020)
  ['487017', '487017', 145, 'AR'], // Nativa (4870179877664434)
  ['300', '305', 132, 'US'], // Diners Club (3000000000000004)
  ['3095', '3095', 132, 'US'],
  ['36', '36', 132, 'US'],
  ['38', '39', 132, 'US'],
  ['3528', '3589', 125, 'JP'], // JCB
  ['6011', '6011', 128, 'US'], // Discover (6011000991300009)
  ['644', '649', 128, 'US'],
  ['65', '65', 128, 'US'],
  ['62', '62', 56, 'CN'], // UnionPay International
  ['622126', '622925', 128, 'CN', [56]], // Discover co-badged with UnionPay
  // Elo (BR): its many small ranges
  ...[
    '401178-401179',
    '431274',
    '438935',
    '451416',
    '457631-457632',
    '504175',
    '506699-506778',
    '509000-509999',
    '627780',
    '636297',
    '636368',
    '650031-650033',
    '650035-650051',
  ].map((r) => {
    const [lo, hi = lo] = r.split('-') as [string, string?];
    return [lo, hi, 147, 'BR'] as const;
  }),
];

export const iinRanges: readonly IinRange[] = table.map(([lo, hi, product, country, coBrands]) =>
  coBrands ? { lo, hi, product, country, coBrands } : { lo, hi, product, country },
);

/** The most specific IIN range that `digits` (at least 6 leading digits of a card number) falls in. */
export function iinRange(digits: string): IinRange | undefined {
  let best: IinRange | undefined;
  for (const r of iinRanges) {
    if (digits.length < r.lo.length) continue;
    const head = digits.slice(0, r.lo.length);
    if (head >= r.lo && head <= r.hi && (!best || r.lo.length > best.lo.length)) best = r;
  }
  return best;
}

/** The payment product id of a card number (Visa 1, American Express 2, MasterCard 3, ...), if known. */
export function cardProductId(pan: string): number | undefined {
  const digits = pan.replace(/[\s-]/g, '');
  return /^\d{6,19}$/.test(digits) ? iinRange(digits)?.product : undefined;
}

/** Well-known test card numbers from the platform's testing pages, by product. All pass the Luhn check. */
export const testCards = {
  visa: '4567350000427977',
  visa3ds: '4012000033330026',
  mastercardDebit: '5424180279791732',
  diners: '3000000000000004',
  discover: '6011000991300009',
  naranja: '5895620033330020',
  nativa: '4870179877664434',
} as const;
