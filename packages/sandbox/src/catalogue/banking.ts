/**
 * Bank accounts: IBAN checking (ISO 13616 mod-97), BBAN <-> IBAN for the countries whose layout the
 * sandbox knows, a small bank directory (names, BICs) and the iDEAL issuer list.
 */
import type { BankAccountBban, BankDetailsResponse, DirectoryEntry } from '../../../sdk/src/models/index.js';
import { asObject, invalid, missing, optionalObject, optionalString } from './input.js';

/** IBAN length per country (SEPA area and a few more). */
const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
};

type BbanPart = 'bankCode' | 'branchCode' | 'accountNumber' | 'checkDigit';

/** BBAN layout (parts in order, with their widths) for countries whose BBAN the sandbox can split and build. */
const bbanLayouts: Readonly<Record<string, readonly (readonly [BbanPart, number])[]>> = {
  AT: [
    ['bankCode', 5],
    ['accountNumber', 11],
  ],
  BE: [
    ['bankCode', 3],
    ['accountNumber', 7],
    ['checkDigit', 2],
  ],
  CH: [
    ['bankCode', 5],
    ['accountNumber', 12],
  ],
  DE: [
    ['bankCode', 8],
    ['accountNumber', 10],
  ],
  ES: [
    ['bankCode', 4],
    ['branchCode', 4],
    ['checkDigit', 2],
    ['accountNumber', 10],
  ],
  FR: [
    ['bankCode', 5],
    ['branchCode', 5],
    ['accountNumber', 11],
    ['checkDigit', 2],
  ],
  GB: [
    ['bankCode', 4],
    ['branchCode', 6],
    ['accountNumber', 8],
  ],
  IT: [
    ['checkDigit', 1],
    ['bankCode', 5],
    ['branchCode', 5],
    ['accountNumber', 12],
  ],
  NL: [
    ['bankCode', 4],
    ['accountNumber', 10],
  ],
};

interface Bank {
  readonly name: string;
  readonly bic: string;
  readonly city: string;
}

/** Known banks by `country:bankCode`. */
export const banks: Readonly<Record<string, Bank>> = {
  'AT:20111': { name: 'Erste Bank der oesterreichischen Sparkassen AG', bic: 'GIBAATWWXXX', city: 'Wien' },
  'BE:001': { name: 'BNP Paribas Fortis', bic: 'GEBABEBBXXX', city: 'Brussel' },
  'BE:310': { name: 'ING Belgie', bic: 'BBRUBEBBXXX', city: 'Brussel' },
  'DE:10010010': { name: 'Postbank Ndl der Deutsche Bank', bic: 'PBNKDEFFXXX', city: 'Berlin' },
  'DE:37040044': { name: 'Commerzbank', bic: 'COBADEFFXXX', city: 'Koeln' },
  'DE:50010517': { name: 'ING-DiBa', bic: 'INGDDEFFXXX', city: 'Frankfurt am Main' },
  'ES:2100': { name: 'CaixaBank', bic: 'CAIXESBBXXX', city: 'Barcelona' },
  'FR:30003': { name: 'Societe Generale', bic: 'SOGEFRPPXXX', city: 'Paris' },
  'FR:30004': { name: 'BNP Paribas', bic: 'BNPAFRPPXXX', city: 'Paris' },
  'GB:BARC': { name: 'Barclays Bank', bic: 'BARCGB22XXX', city: 'London' },
  'GB:NWBK': { name: 'National Westminster Bank', bic: 'NWBKGB2LXXX', city: 'London' },
  'IT:03069': { name: 'Intesa Sanpaolo', bic: 'BCITITMMXXX', city: 'Milano' },
  'NL:ABNA': { name: 'ABN AMRO Bank', bic: 'ABNANL2AXXX', city: 'Amsterdam' },
  'NL:INGB': { name: 'ING Bank', bic: 'INGBNL2AXXX', city: 'Amsterdam' },
  'NL:RABO': { name: 'Rabobank', bic: 'RABONL2UXXX', city: 'Utrecht' },
  'NL:SNSB': { name: 'de Volksbank (SNS)', bic: 'SNSBNL2AXXX', city: 'Utrecht' },
  'NL:TRIO': { name: 'Triodos Bank', bic: 'TRIONL2UXXX', city: 'Zeist' },
};

/** iDEAL (product 809) issuers: the two most used lists of the platform, "short" (main banks) and "long". */
export const idealIssuers: readonly DirectoryEntry[] = (
  [
    ['ABNANL2A', 'ABN AMRO', 'short'],
    ['ASNBNL21', 'ASN Bank', 'long'],
    ['BUNQNL2A', 'bunq', 'long'],
    ['INGBNL2A', 'ING', 'short'],
    ['KNABNL2H', 'Knab', 'long'],
    ['RABONL2U', 'Rabobank', 'short'],
    ['RBRBNL21', 'RegioBank', 'long'],
    ['REVOLT21', 'Revolut', 'long'],
    ['SNSBNL2A', 'SNS', 'short'],
    ['TRIONL2U', 'Triodos Bank', 'long'],
    ['FVLBNL22', 'Van Lanschot Kempen', 'long'],
  ] as const
).map(([issuerId, issuerName, issuerList]) => ({ issuerId, issuerName, issuerList, countryNames: ['Nederland'] }));

function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
}

const toDigits = (s: string) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

/** Removes spaces and upper-cases: `nl91 abna 0417 1643 00` -> `NL91ABNA0417164300`. */
export function normaliseIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** Why an IBAN is invalid (a message that never repeats the IBAN), or undefined when it is valid. */
export function ibanProblem(raw: string): string | undefined {
  const iban = normaliseIban(raw);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) {
    return 'the IBAN must be a country code, 2 check digits and the BBAN';
  }
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined) return `IBANs of country ${country} are not supported`;
  if (iban.length !== length) return `an IBAN of country ${country} has ${length} characters, not ${iban.length}`;
  if (mod97(toDigits(iban.slice(4) + iban.slice(0, 4))) !== 1) {
    return 'the IBAN check digits are wrong (mod-97 check failed)';
  }
  return undefined;
}

export function ibanValid(iban: string): boolean {
  return ibanProblem(iban) === undefined;
}

/** Builds the IBAN for a BBAN of `country` (computes the two check digits). */
export function ibanFromBban(country: string, bban: string): string {
  const check = 98 - mod97(toDigits(bban + country + '00'));
  return country + String(check).padStart(2, '0') + bban;
}

function splitBban(country: string, bban: string): BankAccountBban {
  const layout = bbanLayouts[country];
  const out: BankAccountBban = { countryCode: country };
  if (!layout) return out;
  let at = 0;
  for (const [part, width] of layout) {
    out[part] = bban.slice(at, at + width);
    at += width;
  }
  return out;
}

function bankResponse(country: string, bban: BankAccountBban, iban: string, holder: string | undefined) {
  const bank = banks[`${country}:${bban.bankCode ?? ''}`];
  const response: BankDetailsResponse = {
    bankAccountBban: {
      ...bban,
      ...(bank ? { bankName: bank.name } : {}),
      ...(holder ? { accountHolderName: holder } : {}),
    },
    bankAccountIban: { iban, ...(holder ? { accountHolderName: holder } : {}) },
    bankData: {
      ...(bank ? { newBankName: bank.name } : {}),
      ...(bban.accountNumber ? { reformattedAccountNumber: bban.accountNumber } : {}),
      ...(bban.bankCode ? { reformattedBankCode: bban.bankCode } : {}),
      ...(bban.branchCode ? { reformattedBranchCode: bban.branchCode } : {}),
    },
  };
  if (bank) {
    response.swift = {
      bic: bank.bic,
      category: 'SUPERVISED',
      poBoxCountry: country,
      poBoxLocation: bank.city,
      routingBic: bank.bic,
      services: 'FIN',
    };
  }
  return response;
}

/** BBAN built from its parts (zero-padded to the country's widths), or a 400 naming the part that is wrong. */
function bbanFromParts(country: string, parts: Record<string, unknown>, path: string): string {
  const layout = bbanLayouts[country];
  if (!layout) throw invalid(`${path}.countryCode`, `converting a BBAN of country ${country} is not supported`);
  return layout
    .map(([part, width]) => {
      const value = optionalString(parts, part, `${path}.${part}`);
      if (value === undefined) {
        if (part === 'checkDigit' || part === 'branchCode') return ''.padStart(width, '0');
        throw missing(`${path}.${part}`);
      }
      const v = value.replace(/\s+/g, '').toUpperCase();
      if (!/^[A-Z0-9]+$/.test(v) || v.length > width) {
        throw invalid(`${path}.${part}`, `${path}.${part} must be at most ${width} letters or digits`);
      }
      return /^\d+$/.test(v) ? v.padStart(width, '0') : v;
    })
    .join('');
}

/** services.bankAccount: checks an IBAN, or converts a BBAN into an IBAN, and returns the bank's details. */
export function bankDetails(body: unknown): BankDetailsResponse {
  const req = asObject(body, '');
  const ibanObj = optionalObject(req, 'bankAccountIban', 'bankAccountIban');
  const bbanObj = optionalObject(req, 'bankAccountBban', 'bankAccountBban');
  const ibanRaw = ibanObj && optionalString(ibanObj, 'iban', 'bankAccountIban.iban');
  if (ibanObj && ibanRaw) {
    const problem = ibanProblem(ibanRaw);
    if (problem) throw invalid('bankAccountIban.iban', `invalid IBAN: ${problem}`);
    const iban = normaliseIban(ibanRaw);
    const country = iban.slice(0, 2);
    return bankResponse(
      country,
      splitBban(country, iban.slice(4)),
      iban,
      optionalString(ibanObj, 'accountHolderName', 'bankAccountIban.accountHolderName'),
    );
  }
  if (!bbanObj) throw missing('bankAccountIban.iban');
  const countryRaw = optionalString(bbanObj, 'countryCode', 'bankAccountBban.countryCode');
  if (!countryRaw) throw missing('bankAccountBban.countryCode');
  const country = countryRaw.toUpperCase();
  const bban = bbanFromParts(country, bbanObj, 'bankAccountBban');
  return bankResponse(
    country,
    splitBban(country, bban),
    ibanFromBban(country, bban),
    optionalString(bbanObj, 'accountHolderName', 'bankAccountBban.accountHolderName'),
  );
}
