import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseTypes, type JsonSchema, loadSpec, ownPart } from '../scripts/lib/spec.js';

const spec = loadSpec(new URL('../spec/connect-v1.yaml', import.meta.url).pathname);
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Renders a property schema the way the fixture writes it: `Type`, `Type[]`, `integer(int64)`, `... deprecated->x`. */
function render(s: JsonSchema): string {
  let base: string;
  if (s.$ref) base = s.$ref.split('/').pop() as string;
  else if (s.anyOf) base = 'string';
  else if (s.type === 'array') base = `${render(s.items ?? {})}[]`;
  else base = `${s.type}${s.format ? `(${s.format})` : ''}`;
  if (s.deprecated) {
    const rep = s['x-deprecated-replacement'];
    base += rep ? ` deprecated->${rep}` : ' deprecated';
  }
  return base;
}

describe('spec/connect-v1.yaml', () => {
  it('describes exactly the 73 operations of the Server API v1 with their method and path', () => {
    const expected = fixture('operations.txt')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const actual = spec.operations.map((o) => `${o.method} ${o.path} ${o.id}`).sort();
    expect(expected).toHaveLength(73);
    expect(actual).toEqual(expected);
  });

  it('has 405 schemas', () => {
    expect(Object.keys(spec.schemas)).toHaveLength(405);
  });

  it('names every operation <group>.<operation> in lowerCamelCase and tags it with its group', () => {
    for (const op of spec.operations) {
      expect(op.id).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
    }
    const raw = spec.raw.paths as Record<string, Record<string, { operationId: string; tags: string[] }>>;
    for (const item of Object.values(raw)) {
      for (const o of Object.values(item)) expect(o.tags).toEqual([o.operationId.split('.')[0]]);
    }
  });

  const central = JSON.parse(fixture('central-types.json')) as Record<
    string,
    { extends: string[]; fields: Record<string, string> }
  >;
  // by the spec's (the platform's) schema names: spec.schemas is keyed by TypeScript names (x-ts-name)
  const specSchemas = (spec.raw['components'] as { schemas: Record<string, JsonSchema> }).schemas;
  it.each(Object.keys(central))('%s has the platform fields, types, formats, bases and deprecations', (name) => {
    const schema = specSchemas[name];
    expect(schema, name).toBeDefined();
    const want = central[name]!;
    expect(baseTypes(schema!)).toEqual(want.extends);
    const props = ownPart(schema!).properties ?? {};
    expect(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, render(v)]))).toEqual(want.fields);
  });

  it('types the documented value sets as open enums', () => {
    const status = ownPart(spec.schemas.Payment!).properties!.status!;
    expect(status['x-enum-name']).toBe('PaymentStatus');
    const known = status.anyOf!.find((a) => a.enum)!.enum!;
    expect(known).toEqual(
      expect.arrayContaining(['CREATED', 'PENDING_APPROVAL', 'CAPTURE_REQUESTED', 'PAID', 'REJECTED']),
    );
    expect(status.anyOf!.some((a) => a.type === 'string' && !a.enum)).toBe(true); // any other string stays valid
    const eventType = ownPart(spec.schemas.WebhooksEvent!).properties!.type!;
    expect(eventType.anyOf!.find((a) => a.enum)!.enum).toEqual(
      expect.arrayContaining([
        'payment.paid',
        'refund.refunded',
        'payout.account_credited',
        'token.deleted',
        'dispute.created',
      ]),
    );
  });

  it('marks the known success codes, the error bodies, multipart and binary operations', () => {
    const byId = Object.fromEntries(spec.operations.map((o) => [o.id, o]));
    expect(byId['payments.create']).toMatchObject({
      successStatus: 201,
      errorBody: 'PaymentErrorResponse',
      declined: 'payment',
    });
    expect(byId['payouts.create']).toMatchObject({ errorBody: 'PayoutErrorResponse', declined: 'payout' });
    expect(byId['captures.refund']).toMatchObject({ errorBody: 'RefundErrorResponse', declined: 'refund' });
    expect(byId['tokens.remove']).toMatchObject({ method: 'DELETE', successStatus: 204, responseBody: null });
    expect(byId['files.getFile']).toMatchObject({
      responseBody: 'binary',
      path: '/files/v1/{merchantId}/files/{fileId}',
    });
    expect(byId['disputes.uploadFile']).toMatchObject({
      requestContentType: 'multipart/form-data',
      requestBody: 'UploadFileRequest',
    });
    expect(byId['products.find']!.queryParams).toContainEqual({
      name: 'hide',
      type: 'string',
      repeated: true,
      description: expect.any(String),
    });
    expect(byId['payments.find']!.pageItems).toBe('payments');
  });

  it('declares the v1HMAC scheme and the idempotence headers', () => {
    const components = spec.raw.components as Record<string, Record<string, Record<string, unknown>>>;
    expect(components.securitySchemes!.v1HMAC).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(components.parameters!.IdempotenceKey).toMatchObject({ name: 'X-GCS-Idempotence-Key', in: 'header' });
    expect(components.headers!.IdempotenceRequestTimestamp).toBeDefined();
  });
});
