/**
 * Validation stage: request bodies against the JSON Schemas generated from the spec, with the
 * platform's 400s naming the first offending property.
 *
 * The compiled validators are the one thing shared between sandbox instances in a process, on
 * purpose: each is a pure function of the generated schema (no state that any request can change),
 * and compiling them per instance would cost every sandbox about half a second.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { badRequest, missingProperty, type SandboxError, unknownProperty } from '../domain/errors.js';
import { requestSchemas } from '../generated/validation.js';

// ajv-formats is CommonJS; depending on the loader its default export may be wrapped once more
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: true });
    addFormats(ajv);
  }
  return ajv;
}

/** The validator for one request body type, compiled once per process (shared by all sandbox instances). */
export function validator(typeName: string): ValidateFunction | undefined {
  let v = compiled.get(typeName);
  if (v) return v;
  const schema = requestSchemas[typeName];
  if (!schema) return undefined;
  v = instance().compile(schema);
  compiled.set(typeName, v);
  return v;
}

/** Compiles every request body schema now (about half a second for all of them). */
export function validators(): Map<string, ValidateFunction> {
  for (const name of Object.keys(requestSchemas)) validator(name);
  return compiled;
}

let warming = false;

/**
 * Compiles the schemas in the background, one per event-loop turn, so that starting a sandbox
 * stays fast while no request pays for a compilation later (a request that comes first compiles
 * just its own schema, once).
 */
export function warmUpValidators(): void {
  if (warming) return;
  warming = true;
  const names = Object.keys(requestSchemas).filter((n) => !compiled.has(n));
  const next = () => {
    const n = names.shift();
    if (n === undefined) return;
    validator(n);
    setImmediate(next);
  };
  setImmediate(next);
}

/** `/order/items/0/amount` -> `order.items[0].amount` (the platform's propertyName style). */
export function toPropertyName(instancePath: string, extra?: string): string {
  let out = '';
  for (const seg of instancePath.split('/').slice(1)) {
    const s = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  if (extra !== undefined) out += out === '' ? extra : `.${extra}`;
  return out;
}

export function validationError(e: ErrorObject): SandboxError {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      return unknownProperty(toPropertyName(e.instancePath, String(params['additionalProperty'])));
    }
    case 'required': {
      return missingProperty(toPropertyName(e.instancePath, String(params['missingProperty'])));
    }
    default: {
      const prop = toPropertyName(e.instancePath);
      return badRequest(
        `invalid value for ${prop || 'the request body'}: ${e.message ?? e.keyword}`,
        prop || undefined,
      );
    }
  }
}

/** Throws a 400 naming the first offending property, or returns when the body is valid. */
export function validateBody(typeName: string, body: unknown): void {
  const v = validator(typeName);
  if (!v) return;
  if (!v(body)) {
    const first = v.errors?.[0];
    throw first ? validationError(first) : badRequest('invalid request body');
  }
  const unsafe = unsafeNumberPath(body, '');
  if (unsafe !== undefined) {
    throw badRequest(
      `invalid value for ${unsafe || 'the request body'}: integers beyond 2^53 - 1 cannot be handled exactly`,
      unsafe || undefined,
    );
  }
}

/**
 * Where the body holds a number JSON.parse could not keep exactly (an int64 amount above
 * Number.MAX_SAFE_INTEGER): accepting it would let the books drift (1e20 - 7 === 1e20).
 */
function unsafeNumberPath(v: unknown, path: string): string | undefined {
  if (typeof v === 'number') return Math.abs(v) > Number.MAX_SAFE_INTEGER ? path : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = unsafeNumberPath(v[i], `${path}[${i}]`);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  for (const k in v) {
    const r = unsafeNumberPath((v as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
    if (r !== undefined) return r;
  }
  return undefined;
}
