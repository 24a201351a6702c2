import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connect, type OperationDef, operations } from '../src/index.js';
import { baseConfig, json, startServer, type TestServer, verifySignature } from './helpers/server.js';

let server: TestServer;
let connect: Connect;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.startsWith('/files/v1/') && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '3' });
      res.end('abc');
      return;
    }
    if (req.method === 'DELETE' || (req.url.includes('/tokens/t-1') && req.method === 'PUT')) {
      res.writeHead(204).end();
      return;
    }
    json(res, 200, { ok: true, echo: req.url });
  });
  connect = new Connect({ ...baseConfig(server), maxRetries: 0 });
});
afterAll(async () => {
  await connect.close();
  await server.close();
});

function argsFor(op: OperationDef): { args: unknown[]; path: string } {
  const ids = op.pathParams.slice(1).map((p, i) => (p.type === 'integer' ? 100 + i : `id ${i}`));
  let path = op.path.replace('{merchantId}', 'm-1');
  op.pathParams.slice(1).forEach((p, i) => {
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(ids[i])));
  });
  const args: unknown[] = [...ids];
  if (op.requestContentType === 'multipart/form-data') args.push({ file: Buffer.from('pdf'), filename: 'a.pdf' });
  else if (op.requestBody !== null) args.push({});
  else if (op.queryParams.length > 0) args.push(undefined);
  return { args, path };
}

describe('every generated operation goes through the core', () => {
  it('there are 73 operations', () => {
    expect(operations).toHaveLength(73);
  });

  it.each(operations.map((op) => [op.id, op] as const))('%s: right method and path, signed', async (_id, op) => {
    const group = (
      connect.merchant('m-1') as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>
    )[op.group];
    const method = group?.[op.name];
    expect(typeof method).toBe('function');
    const { args, path } = argsFor(op);
    const result = await method!.apply(group, args);
    const req = server.requests[server.requests.length - 1]!;
    expect(req.method).toBe(op.method);
    expect(req.url).toBe(path);
    expect(verifySignature(req)).toBe(true);
    if (op.responseBody === 'binary') {
      expect(result).toMatchObject({ contentType: 'application/octet-stream', contentLength: 3 });
      (result as { body: NodeJS.ReadableStream }).body.resume();
    } else if (op.responseBody === null) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toEqual({ ok: true, echo: path });
    }
    if (op.requestContentType === 'application/json' && op.requestBody !== null) {
      expect(req.headers['content-type']).toBe('application/json');
    }
  });
});
