/** Path and query building: every value URL-encoded, suspicious ids rejected before anything is sent. */
import type { OperationDef } from '../generated/operations.js';

interface CompiledPath {
  /** Literal pieces around the placeholders: parts.length === names.length + 1. */
  readonly parts: readonly string[];
  readonly names: readonly string[];
  readonly types: readonly ('string' | 'integer')[];
}

const compiled = new WeakMap<OperationDef, CompiledPath>();

function compile(op: OperationDef): CompiledPath {
  let c = compiled.get(op);
  if (c) return c;
  const parts: string[] = [];
  const names: string[] = [];
  const re = /\{([^}]+)\}/g;
  let last = 0;
  for (let m = re.exec(op.path); m !== null; m = re.exec(op.path)) {
    parts.push(op.path.slice(last, m.index));
    names.push(m[1]!);
    last = m.index + m[0].length;
  }
  parts.push(op.path.slice(last));
  const types = names.map((n) => op.pathParams.find((p) => p.name === n)?.type ?? 'string');
  c = { parts, names, types };
  compiled.set(op, c);
  return c;
}

/**
 * Checks one path value and returns it encoded. Ids may not be empty or contain `/`, `?`, `#` or `..`
 * (they would change which resource is addressed); everything else is percent-encoded.
 */
export function encodePathValue(name: string, value: unknown, type: 'string' | 'integer' = 'string'): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || (type === 'string' && value < 0)) {
      throw new TypeError(`${name} must be a string or a whole number, got ${value}`);
    }
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${typeof value}`);
  if (value === '') throw new TypeError(`${name} must not be empty`);
  if (type === 'integer' && !/^-?\d+$/.test(value)) throw new TypeError(`${name} must be an integer`);
  if (value.includes('/') || value.includes('?') || value.includes('#') || value.includes('..') || value === '.') {
    throw new TypeError(`${name} must not contain '/', '?', '#' or '..': ${JSON.stringify(value)}`);
  }
  return encode(name, value);
}

/** encodeURIComponent with a clear error for unpaired surrogates (which cannot be sent as UTF-8). */
function encode(name: string, value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new TypeError(`${name} contains an unpaired UTF-16 surrogate and cannot be URL-encoded`);
  }
}

/** Checks a merchant id once (at `connect.merchant(id)`) and returns its encoded form. */
export function encodeMerchantId(merchantId: unknown): string {
  return encodePathValue('merchantId', merchantId);
}

/**
 * The raw path of an operation. `values` are ALL path values in path order; `encodedFirst`, when given, is the
 * already-checked encoding of the first one (the merchant id).
 */
export function buildPath(op: OperationDef, values: readonly unknown[], encodedFirst?: string): string {
  const c = compile(op);
  if (values.length !== c.names.length) {
    throw new TypeError(`${op.id} needs ${c.names.length} path values (${c.names.join(', ')}), got ${values.length}`);
  }
  let path = c.parts[0]!;
  for (let i = 0; i < c.names.length; i++) {
    path +=
      (i === 0 && encodedFirst !== undefined ? encodedFirst : encodePathValue(c.names[i]!, values[i], c.types[i])) +
      c.parts[i + 1]!;
  }
  return path;
}

export interface BuiltQuery {
  /** Encoded query without "?" ("" when empty). */
  readonly encoded: string;
  /** The same, percent-decoded: what the signature covers. */
  readonly decoded: string;
}

const EMPTY_QUERY: BuiltQuery = { encoded: '', decoded: '' };

function queryValue(name: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`query parameter ${name} must be a finite number`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  throw new TypeError(`query parameter ${name} must be a string, number or boolean, got ${typeof v}`);
}

/**
 * Serialises a query object in key order; arrays repeat the parameter; undefined and null are skipped.
 * Names and values are encoded with encodeURIComponent (space → %20).
 */
export function buildQuery(query: object | undefined): BuiltQuery {
  if (query === undefined || query === null) return EMPTY_QUERY;
  if (typeof query !== 'object') throw new TypeError('query must be an object');
  let encoded = '';
  let decoded = '';
  for (const name of Object.keys(query)) {
    const v = (query as Record<string, unknown>)[name];
    if (v === undefined || v === null) continue;
    const en = encode('a query parameter name', name);
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item === undefined || item === null) continue;
        const s = queryValue(name, item);
        encoded += `${encoded === '' ? '' : '&'}${en}=${encode(`query parameter ${name}`, s)}`;
        decoded += `${decoded === '' ? '' : '&'}${name}=${s}`;
      }
    } else {
      const s = queryValue(name, v);
      encoded += `${encoded === '' ? '' : '&'}${en}=${encode(`query parameter ${name}`, s)}`;
      decoded += `${decoded === '' ? '' : '&'}${name}=${s}`;
    }
  }
  return encoded === '' ? EMPTY_QUERY : { encoded, decoded };
}
