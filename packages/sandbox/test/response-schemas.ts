import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Sandbox } from '../src/index.js';

/**
 * Strict response validation from spec/connect-v1.yaml: every object is closed (inheritance via
 * allOf flattened, no properties the spec does not list) and every open enum is narrowed to its
 * known values, so a response field that is misspelt, misplaced, mistyped or carries an unknown
 * status fails.
 */
type Json = Record<string, unknown>;

// ajv-formats is CommonJS; depending on the loader its default export may be wrapped once more
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;
const specPath = fileURLToPath(new URL('../../../spec/connect-v1.yaml', import.meta.url));

function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

function closeSchemas(components: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  const flatten = (s: Json): { properties: Record<string, Json>; required: string[] } => {
    if (typeof s['$ref'] === 'string') return flatten(components[refName(s['$ref'])] as Json);
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (const part of (s['allOf'] as Json[] | undefined) ?? []) {
      const f = flatten(part);
      Object.assign(properties, f.properties);
      required.push(...f.required);
    }
    for (const [k, v] of Object.entries((s['properties'] as Record<string, Json> | undefined) ?? {})) {
      properties[k] = v;
    }
    required.push(...((s['required'] as string[] | undefined) ?? []));
    return { properties, required };
  };
  const convert = (s: Json): Json => {
    if (typeof s['$ref'] === 'string') return { $ref: `#/$defs/${refName(s['$ref'])}` };
    if (Array.isArray(s['anyOf'])) {
      // open enum: [{ type: string, enum }, { type: string }] -> the known values only
      const known = (s['anyOf'] as Json[]).find((x) => Array.isArray(x['enum']));
      if (known) return { type: known['type'], enum: known['enum'] };
      return { anyOf: (s['anyOf'] as Json[]).map(convert) };
    }
    if (s['allOf'] !== undefined || s['properties'] !== undefined || s['type'] === 'object') {
      if (s['additionalProperties'] !== undefined && s['properties'] === undefined && s['allOf'] === undefined) {
        const ap = s['additionalProperties'];
        return { type: 'object', additionalProperties: typeof ap === 'object' ? convert(ap as Json) : ap };
      }
      const f = flatten(s);
      const props: Record<string, Json> = {};
      for (const [k, v] of Object.entries(f.properties)) props[k] = convert(v);
      return {
        type: 'object',
        properties: props,
        ...(f.required.length ? { required: [...new Set(f.required)] } : {}),
        additionalProperties: false,
      };
    }
    if (s['type'] === 'array') return { type: 'array', items: convert((s['items'] as Json | undefined) ?? {}) };
    const copy: Json = {};
    for (const k of ['type', 'enum', 'format', 'minimum', 'maximum', 'pattern', 'const']) {
      if (s[k] !== undefined) copy[k] = s[k];
    }
    return copy;
  };
  for (const [name, s] of Object.entries(components)) out[name] = convert(s);
  return out;
}

let cache: ((schemaName: string) => ValidateFunction) | undefined;

/** A validator per response schema name (compiled lazily, once). */
export function responseValidator(schemaName: string): ValidateFunction {
  if (!cache) {
    const spec = parse(readFileSync(specPath, 'utf8')) as { components: { schemas: Record<string, Json> } };
    const defs = closeSchemas(spec.components.schemas);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'connect', $defs: defs });
    const compiled = new Map<string, ValidateFunction>();
    cache = (name) => {
      let v = compiled.get(name);
      if (!v) {
        v = ajv.compile({ $ref: `connect#/$defs/${name}` });
        compiled.set(name, v);
      }
      return v;
    };
  }
  return cache(schemaName);
}

export interface Recorded {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A transparent HTTP proxy in front of a sandbox that records every exchange. Returns a Sandbox
 * whose url/port point at the proxy, so the official SDKs and signed raw requests go through it.
 */
export async function recordingProxy(target: Sandbox): Promise<{ sandbox: Sandbox; records: Recorded[] }> {
  const records: Recorded[] = [];
  const server = createHttpServer((req, res) => {
    const up = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.rawHeaders },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const body = Buffer.concat(chunks);
          records.push({
            method: req.method ?? '',
            path: req.url ?? '',
            status: upRes.statusCode ?? 0,
            headers: upRes.headers,
            body,
          });
          res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
          res.end(body);
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // a sandbox behind a proxy gives out the proxy's address in its links
  target.context.setPublicUrl(`http://127.0.0.1:${port}`);
  const sandbox: Sandbox = {
    ...target,
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await target.close();
    },
  };
  return { sandbox, records };
}
