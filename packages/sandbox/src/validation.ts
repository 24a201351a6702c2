import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { badRequest, type SandboxError } from './errors.js';
import { requestSchemas } from './generated/validation.js';

// ajv-formats is CommonJS; depending on the loader its default export may be wrapped once more
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

let compiled: Map<string, ValidateFunction> | undefined;

/** Compiles every request body schema once per process (shared by all sandbox instances). */
export function validators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: true });
  addFormats(ajv);
  const map = new Map<string, ValidateFunction>();
  for (const [name, schema] of Object.entries(requestSchemas)) map.set(name, ajv.compile(schema));
  compiled = map;
  return map;
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
      const prop = toPropertyName(e.instancePath, String(params['additionalProperty']));
      return badRequest(`unknown property ${prop}`, prop, '21000140', 'UNKNOWN_PROPERTY');
    }
    case 'required': {
      const prop = toPropertyName(e.instancePath, String(params['missingProperty']));
      return badRequest(`missing property ${prop}`, prop, '21000020', 'PARAMETER_NOT_FOUND_IN_REQUEST');
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
  const v = validators().get(typeName);
  if (!v) return;
  if (!v(body)) {
    const first = v.errors?.[0];
    throw first ? validationError(first) : badRequest('invalid request body');
  }
}
