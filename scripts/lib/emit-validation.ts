/**
 * Emits packages/sandbox/src/generated/validation.ts: a self-contained JSON Schema (2020-12) per JSON request body
 * type, inheritance flattened and unknown properties rejected, as the platform does.
 */
import { GENERATED_HEADER } from './emit-models.js';
import { closure, flattenProperties, type JsonSchema, type Spec, schemaRefName } from './spec.js';

type Out = Record<string, unknown>;

function convert(s: JsonSchema): Out {
  if (s.$ref) return { $ref: `#/$defs/${schemaRefName(s.$ref)}` };
  if (s.anyOf) return { type: 'string' }; // open enum: any string is valid
  switch (s.type) {
    case 'array':
      return { type: 'array', items: convert(s.items ?? {}) };
    case 'integer':
      return s.maximum !== undefined ? { type: 'integer', maximum: s.maximum } : { type: 'integer' };
    case 'string':
    case 'boolean':
      return { type: s.type };
    default:
      throw new Error(`cannot convert schema ${JSON.stringify(s)}`);
  }
}

export function emitValidation(spec: Spec): string {
  const bodies = [
    ...new Set(
      spec.operations
        .filter((o) => o.requestContentType === 'application/json' && o.requestBody)
        .map((o) => o.requestBody as string),
    ),
  ].sort();
  const all = closure(spec.schemas, bodies);
  const defs: Record<string, Out> = {};
  for (const name of [...all].sort()) {
    const props = flattenProperties(spec.schemas, name);
    defs[name] = {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v)])),
      additionalProperties: false,
    };
  }
  const closures = Object.fromEntries(bodies.map((b) => [b, [...closure(spec.schemas, [b])].sort()]));
  return `${GENERATED_HEADER}
/** JSON request body types, each validated by {@link requestSchemas}. */
export const requestBodyTypes = ${JSON.stringify(bodies)} as const;

const defs: Record<string, object> = ${JSON.stringify(defs)};

const closures: Record<string, readonly string[]> = ${JSON.stringify(closures)};

/**
 * One self-contained JSON Schema (draft 2020-12) per request body type: inheritance flattened, every object closed
 * (\`additionalProperties: false\`), referenced types under \`$defs\`. Compile with ajv's Ajv2020.
 */
export const requestSchemas: Record<string, object> = Object.fromEntries(
  requestBodyTypes.map((name) => [
    name,
    { $ref: \`#/$defs/\${name}\`, $defs: Object.fromEntries((closures[name] ?? []).map((d) => [d, defs[d]])) },
  ]),
);
`;
}
