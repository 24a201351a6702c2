/**
 * Reads spec/connect-v1.yaml into a small, typed model that the emitters share.
 * Nothing here knows about TypeScript output or the sandbox: it only answers questions about the spec.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type JsonSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  maximum?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: string[];
  description?: string;
  deprecated?: boolean;
  contentMediaType?: string;
  'x-enum-name'?: string;
  'x-deprecated-replacement'?: string;
  'x-kind'?: string;
  'x-required-rule'?: string;
  'x-ts-name'?: string;
};

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface SpecOperation {
  id: string;
  group: string;
  name: string;
  legacyGroup: string;
  legacyName: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  docsUrl: string | undefined;
  pathParams: { name: string; type: 'string' | 'integer' }[];
  queryParams: { name: string; type: 'string' | 'integer' | 'boolean'; repeated: boolean; description?: string }[];
  queryParamsType: string | undefined;
  requestBody: string | null;
  requestContentType: 'application/json' | 'multipart/form-data' | null;
  responseBody: string | null;
  successStatus: number | null;
  successStatuses: string[];
  errorBody: 'ErrorResponse' | 'PaymentErrorResponse' | 'PayoutErrorResponse' | 'RefundErrorResponse';
  declined: 'payment' | 'payout' | 'refund' | null;
  pageItems: string | null;
}

/** A Client API call (`x-surface: client-api`): served by the sandbox's client-api surface, not part of the Server SDK. */
export interface ClientOperation {
  id: string;
  method: 'GET' | 'POST';
  /** relative to `/client/v1/{customerId}` */
  path: string;
  summary: string;
  responseBody: string;
}

export interface Spec {
  raw: Record<string, unknown>;
  /** Server API operations */
  operations: SpecOperation[];
  clientOperations: ClientOperation[];
  /** Server API schemas (Client API-only schemas are left out, so the SDK's models do not grow) */
  schemas: Record<string, JsonSchema>;
}

/**
 * Schema name -> TypeScript name, from `x-ts-name` (set by loadSpec). The spec keeps the platform's names; a type
 * whose name would collide with an SDK export (the schema `APIError` vs the error class `ApiError`) is renamed here.
 */
const tsNames = new Map<string, string>();

const CLIENT_PREFIX = '/client/v1/{customerId}';

const refName = (ref: string): string => {
  const m = /^#\/components\/(?:schemas|parameters|responses)\/(.+)$/.exec(ref);
  if (!m?.[1]) throw new Error(`unsupported $ref ${ref}`);
  return (ref.startsWith('#/components/schemas/') && tsNames.get(m[1])) || m[1];
};
export const schemaRefName = refName;

const METHODS = ['get', 'post', 'put', 'delete'] as const;

export function loadSpec(file: string): Spec {
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const components = raw.components as {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, SpecParameter>;
    responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  };
  tsNames.clear();
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(components.schemas)) {
    // Client API-only schemas stay out of the Server API model, so the SDK's types do not grow
    if ((schema as { 'x-surface'?: string })['x-surface'] === 'client-api') continue;
    const ts = schema['x-ts-name'];
    if (ts) tsNames.set(name, ts);
    schemas[ts ?? name] = schema;
  }
  const clientOperations: ClientOperation[] = [];
  const paths = raw.paths as Record<string, Record<string, Record<string, unknown>>>;
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const m of METHODS) {
      const o = item[m];
      if (!o) continue;
      const id = String(o.operationId);
      if (o['x-surface'] === 'client-api') {
        if (!path.startsWith(CLIENT_PREFIX)) throw new Error(`${id}: Client API paths start with ${CLIENT_PREFIX}`);
        const ok = (o.responses as Record<string, { content?: Record<string, { schema: JsonSchema }> }>)['200'];
        clientOperations.push({
          id,
          method: m.toUpperCase() as ClientOperation['method'],
          path: path.slice(CLIENT_PREFIX.length),
          summary: String(o.summary ?? id),
          responseBody: refName(ok?.content?.['application/json']?.schema.$ref ?? ''),
        });
        continue;
      }
      const [group, name] = id.split('.') as [string, string];
      const [legacyGroup, legacyName] = String(o['x-legacy-name'] ?? id).split('.') as [string, string];
      const params = ((o.parameters as unknown[]) ?? []).map((p) => {
        const ref = (p as { $ref?: string }).$ref;
        return ref ? (components.parameters[refName(ref)] as SpecParameter) : (p as SpecParameter);
      });
      const pathParams = params
        .filter((p) => p.in === 'path')
        .map((p) => ({ name: p.name, type: p.schema.type === 'integer' ? ('integer' as const) : ('string' as const) }));
      // keep path order
      const order = [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
      pathParams.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
      const queryParams = params
        .filter((p) => p.in === 'query')
        .map((p) => {
          const repeated = p.schema.type === 'array';
          const t = (repeated ? p.schema.items?.type : p.schema.type) as 'string' | 'integer' | 'boolean';
          return { name: p.name, type: t, repeated, ...(p.description ? { description: p.description } : {}) };
        });
      const rb = o.requestBody as { content: Record<string, { schema: JsonSchema }> } | undefined;
      let requestBody: string | null = null;
      let requestContentType: SpecOperation['requestContentType'] = null;
      if (rb) {
        const [ct, media] = Object.entries(rb.content)[0] as [string, { schema: JsonSchema }];
        requestContentType = ct as SpecOperation['requestContentType'];
        requestBody = refName(media.schema.$ref ?? '');
      }
      const responses = o.responses as Record<
        string,
        { $ref?: string; content?: Record<string, { schema: JsonSchema }> }
      >;
      const successStatuses = Object.keys(responses).filter((c) => c.startsWith('2'));
      let responseBody: string | null = null;
      for (const c of successStatuses) {
        const content = responses[c]?.content;
        if (!content) continue;
        if (content['application/octet-stream']) responseBody = 'binary';
        const js = content['application/json'];
        if (js?.schema.$ref) responseBody = refName(js.schema.$ref);
      }
      const exact = successStatuses.filter((c) => /^\d+$/.test(c)).map(Number);
      const successStatus = exact.length === 1 && successStatuses.length === 1 ? (exact[0] as number) : null;
      const errRef = responses['4XX']?.$ref;
      const errorBody = (errRef ? refName(errRef) : 'ErrorResponse') as SpecOperation['errorBody'];
      const declined =
        errorBody === 'PaymentErrorResponse'
          ? 'payment'
          : errorBody === 'PayoutErrorResponse'
            ? 'payout'
            : errorBody === 'RefundErrorResponse'
              ? 'refund'
              : null;
      const hasPaging = queryParams.some((q) => q.name === 'offset') && queryParams.some((q) => q.name === 'limit');
      let pageItems: string | null = null;
      if (hasPaging && responseBody) {
        const props = flattenProperties(schemas, responseBody);
        pageItems = Object.entries(props).find(([, s]) => s.type === 'array')?.[0] ?? null;
      }
      const docs = o.externalDocs as { url?: string } | undefined;
      operations.push({
        id,
        group,
        name,
        legacyGroup,
        legacyName,
        method: m.toUpperCase() as SpecOperation['method'],
        path,
        summary: String(o.summary ?? id),
        docsUrl: docs?.url,
        pathParams,
        queryParams,
        queryParamsType: o['x-query-params-type'] as string | undefined,
        requestBody,
        requestContentType,
        responseBody,
        successStatus,
        successStatuses,
        errorBody,
        declined,
        pageItems,
      });
    }
  }
  operations.sort((a, b) => (a.group === b.group ? 0 : a.group < b.group ? -1 : 1));
  return { raw, operations, clientOperations, schemas };
}

/** Base type names of a schema (its allOf `$ref`s). */
export function baseTypes(schema: JsonSchema): string[] {
  return (schema.allOf ?? []).filter((s) => s.$ref).map((s) => refName(s.$ref as string));
}

/** The schema's own object part: the schema itself, or its inline allOf member. */
export function ownPart(schema: JsonSchema): JsonSchema {
  if (!schema.allOf) return schema;
  return schema.allOf.find((s) => !s.$ref) ?? {};
}

/** All properties of a type, inherited ones first (as the platform serialises them). */
export function flattenProperties(schemas: Record<string, JsonSchema>, name: string): Record<string, JsonSchema> {
  const schema = schemas[name];
  if (!schema) throw new Error(`unknown schema ${name}`);
  const out: Record<string, JsonSchema> = {};
  for (const b of baseTypes(schema)) Object.assign(out, flattenProperties(schemas, b));
  Object.assign(out, ownPart(schema).properties ?? {});
  return out;
}

/** Required property names of a type, inherited ones included. */
export function flattenRequired(schemas: Record<string, JsonSchema>, name: string): string[] {
  const schema = schemas[name];
  if (!schema) throw new Error(`unknown schema ${name}`);
  const out = new Set<string>();
  for (const b of baseTypes(schema)) for (const r of flattenRequired(schemas, b)) out.add(r);
  for (const r of ownPart(schema).required ?? []) out.add(r);
  return [...out];
}

/** Names of the schemas a schema mentions directly (bases and property types). */
export function referencedTypes(schema: JsonSchema): string[] {
  const out = new Set<string>();
  const walk = (s: JsonSchema | undefined): void => {
    if (!s) return;
    if (s.$ref) out.add(refName(s.$ref));
    walk(s.items);
    for (const p of Object.values(s.properties ?? {})) walk(p);
    for (const a of s.allOf ?? []) walk(a);
    for (const a of s.anyOf ?? []) walk(a);
  };
  walk(schema);
  return [...out];
}

/** Every schema reachable from the given roots, roots included. */
export function closure(schemas: Record<string, JsonSchema>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    const s = schemas[n];
    if (!s) throw new Error(`unknown schema ${n}`);
    stack.push(...referencedTypes(s));
  }
  return seen;
}
