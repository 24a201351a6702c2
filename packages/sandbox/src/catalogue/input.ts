/**
 * Reading query parameters and JSON bodies of catalogue calls. Every problem becomes a platform-shaped
 * 400 that names the offending property; nothing here ever echoes a card number or IBAN back.
 */
import { invalidValue, parameterMissing, type SandboxError } from '../domain/errors.js';

/** 400 for a required property that is absent (code 20000000). */
export function missing(propertyName: string): SandboxError {
  return parameterMissing(propertyName);
}

/** 400 for a property whose value is wrong (code 21000020); the message never repeats the value. */
export function invalid(propertyName: string, message: string): SandboxError {
  return invalidValue(propertyName, message);
}

/** The payment context every product call accepts (query parameters or `paymentContext`). */
export interface Context {
  countryCode?: string;
  currencyCode?: string;
  amount?: number;
  isRecurring?: boolean;
  isInstallments?: boolean;
  locale?: string;
  hide: ReadonlySet<string>;
  forceBasicFlow?: boolean;
}

const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const LOCALE = /^[a-z]{2}(?:_[A-Z]{2})?$/;

export function checkCountry(value: string, name = 'countryCode'): string {
  if (!COUNTRY.test(value)) throw invalid(name, `${name} must be an ISO 3166-1 alpha-2 code such as NL`);
  return value;
}

export function checkCurrency(value: string, name = 'currencyCode'): string {
  if (!CURRENCY.test(value)) throw invalid(name, `${name} must be an ISO 4217 code such as EUR`);
  return value;
}

export function parseInteger(value: string, name: string): number {
  if (!/^-?\d{1,18}$/.test(value)) throw invalid(name, `${name} must be an integer`);
  const n = Number(value);
  if (n < 0) throw invalid(name, `${name} must not be negative`);
  return n;
}

function parseBoolean(value: string, name: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(name, `${name} must be true or false`);
}

/** Query parameters that may appear at most once: a second value is a client bug worth naming. */
function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw invalid(name, `${name} must be given once`);
  return all[0];
}

export function queryString(query: URLSearchParams, name: string): string | undefined {
  return single(query, name);
}

export function queryInteger(query: URLSearchParams, name: string): number | undefined {
  const v = single(query, name);
  return v === undefined ? undefined : parseInteger(v, name);
}

/** Parses countryCode, currencyCode, amount, isRecurring, isInstallments, locale, hide and forceBasicFlow. */
export function contextFromQuery(query: URLSearchParams): Context {
  const ctx: Context = { hide: new Set(query.getAll('hide').flatMap((h) => h.split(','))) };
  const country = single(query, 'countryCode');
  if (country !== undefined) ctx.countryCode = checkCountry(country);
  const currency = single(query, 'currencyCode');
  if (currency !== undefined) ctx.currencyCode = checkCurrency(currency);
  const amount = single(query, 'amount');
  if (amount !== undefined) ctx.amount = parseInteger(amount, 'amount');
  for (const name of ['isRecurring', 'isInstallments', 'forceBasicFlow'] as const) {
    const v = single(query, name);
    if (v !== undefined) ctx[name] = parseBoolean(v, name);
  }
  const locale = single(query, 'locale');
  if (locale !== undefined) {
    if (!LOCALE.test(locale)) throw invalid('locale', 'locale must look like en_US');
    ctx.locale = locale;
  }
  return ctx;
}

/** A JSON object, or a 400 naming `name` (the body itself when `name` is empty). */
export function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(name || 'body', `${name || 'the request body'} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function optionalObject(parent: Record<string, unknown>, key: string, path: string) {
  const v = parent[key];
  return v === undefined || v === null ? undefined : asObject(v, path);
}

export function optionalString(parent: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(path, `${path} must be a string`);
  return v;
}

export function requiredString(parent: Record<string, unknown>, key: string, path: string): string {
  const v = optionalString(parent, key, path);
  if (v === undefined || v === '') throw missing(path);
  return v;
}

export function optionalInteger(parent: Record<string, unknown>, key: string, path: string): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalid(path, `${path} must be a non-negative integer`);
  }
  return v;
}

export function optionalBoolean(parent: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(path, `${path} must be true or false`);
  return v;
}

/** Reads a `PaymentContext`-shaped object ({countryCode, isRecurring, isInstallments, amountOfMoney}). */
export function contextFromBody(obj: Record<string, unknown> | undefined, path: string): Context {
  const ctx: Context = { hide: new Set() };
  if (!obj) return ctx;
  const country = optionalString(obj, 'countryCode', `${path}.countryCode`);
  if (country !== undefined) ctx.countryCode = checkCountry(country, `${path}.countryCode`);
  const recurring = optionalBoolean(obj, 'isRecurring', `${path}.isRecurring`);
  if (recurring !== undefined) ctx.isRecurring = recurring;
  const installments = optionalBoolean(obj, 'isInstallments', `${path}.isInstallments`);
  if (installments !== undefined) ctx.isInstallments = installments;
  const moneyObj = optionalObject(obj, 'amountOfMoney', `${path}.amountOfMoney`);
  if (moneyObj) {
    const money = amountOfMoney(moneyObj, `${path}.amountOfMoney`);
    if (money.amount === undefined) throw missing(`${path}.amountOfMoney.amount`);
    if (money.currencyCode === undefined) throw missing(`${path}.amountOfMoney.currencyCode`);
    Object.assign(ctx, money);
  }
  return ctx;
}

/** Reads an `AmountOfMoney` object into `{amount?, currencyCode?}`. */
export function amountOfMoney(
  obj: Record<string, unknown> | undefined,
  path: string,
): { amount?: number; currencyCode?: string } {
  const out: { amount?: number; currencyCode?: string } = {};
  if (!obj) return out;
  const amount = optionalInteger(obj, 'amount', `${path}.amount`);
  if (amount !== undefined) out.amount = amount;
  const currency = optionalString(obj, 'currencyCode', `${path}.currencyCode`);
  if (currency !== undefined) out.currencyCode = checkCurrency(currency, `${path}.currencyCode`);
  return out;
}
