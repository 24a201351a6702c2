import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connect, type Payment } from '../src/index.js';
import { baseConfig, json, type Recorded, startServer, type TestServer, verifySignature } from './helpers/server.js';

const FILE = Buffer.from([0, 1, 2, 3, 254, 255, 13, 10, 45, 45]);
let server: TestServer;
let connect: Connect;
const TOTAL = 23;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/files/v1/1234/files/')) {
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Length': String(FILE.length),
        'Content-Disposition': `attachment; filename="evidence \\"1\\".pdf"`,
      });
      res.end(FILE);
      return;
    }
    if (url.pathname.startsWith('/files/v1/1234/disputes/')) {
      json(res, 200, { result: 'OK', id: 'file-1' });
      return;
    }
    if (url.pathname === '/v1/1234/payments') {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const payments = [];
      for (let i = offset; i < Math.min(offset + limit, TOTAL); i++) payments.push({ id: `p${i}` });
      json(res, 200, { offset, limit, totalCount: TOTAL, payments });
      return;
    }
    if (url.pathname === '/v1/1234/refunds') {
      json(res, 200, { offset: 0, limit: 10, totalCount: 0, refunds: [] });
      return;
    }
    json(res, 404, { errorId: 'x', errors: [{ code: '0' }] });
  });
  connect = new Connect({ ...baseConfig(server), maxRetries: 0 });
});
afterAll(async () => {
  await connect.close();
  await server.close();
});
const m = () => connect.merchant('1234');

function multipartFile(req: Recorded): { headers: string; content: Buffer } {
  const ct = req.headers['content-type'] ?? '';
  const boundary = /boundary=(.+)$/.exec(ct)?.[1];
  if (!boundary) throw new Error(`no boundary in ${ct}`);
  const body = req.body;
  const start = body.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
  const headEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(`\r\n--${boundary}--\r\n`, headEnd);
  return { headers: body.subarray(start, headEnd).toString('utf8'), content: body.subarray(headEnd + 4, end) };
}

describe('files', () => {
  it.each([
    ['Buffer', () => FILE],
    ['Uint8Array', () => new Uint8Array(FILE)],
    ['Blob', () => new Blob([FILE], { type: 'application/pdf' })],
    ['Readable', () => Readable.from([FILE.subarray(0, 4), FILE.subarray(4)])],
  ] as const)('disputes.uploadFile sends a signed multipart body from a %s', async (_name, make) => {
    const res = await m().disputes.uploadFile('d 1', {
      file: make(),
      filename: 'evidence.pdf',
      contentType: 'application/pdf',
    });
    expect(res).toMatchObject({ id: 'file-1' });
    const req = server.requests[server.requests.length - 1]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/files/v1/1234/disputes/d%201');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(verifySignature(req)).toBe(true);
    const part = multipartFile(req);
    expect(part.headers).toContain('Content-Disposition: form-data; name="file"; filename="evidence.pdf"');
    expect(part.headers).toContain('Content-Type: application/pdf');
    expect(Buffer.compare(part.content, FILE)).toBe(0);
  });

  it('uploadFile rejects something that is not a file with a clear error', async () => {
    await expect(m().disputes.uploadFile('d1', { file: 42 as unknown as Buffer })).rejects.toThrow(/file must be/);
  });

  it('files.getFile returns a stream with content type, length and filename', async () => {
    const f = await m().files.getFile('file-1');
    expect(f.contentType).toBe('application/pdf');
    expect(f.contentLength).toBe(FILE.length);
    expect(f.filename).toBe('evidence "1".pdf');
    const chunks: Buffer[] = [];
    for await (const c of f.body) chunks.push(Buffer.from(c as Uint8Array));
    expect(Buffer.compare(Buffer.concat(chunks), FILE)).toBe(0);
  });
});

describe('pagination', () => {
  it('list() iterates every item of every page', async () => {
    const before = server.requests.length;
    const ids: string[] = [];
    for await (const p of m().payments.list({ merchantReference: 'order-42', limit: 10 })) ids.push(p.id ?? '');
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => `p${i}`));
    const urls = server.requests.slice(before).map((r) => r.url);
    expect(urls).toEqual([
      '/v1/1234/payments?merchantReference=order-42&limit=10&offset=0',
      '/v1/1234/payments?merchantReference=order-42&limit=10&offset=10',
      '/v1/1234/payments?merchantReference=order-42&limit=10&offset=20',
    ]);
  });

  it('stops fetching when the loop stops, and toArray(max) stops early', async () => {
    const before = server.requests.length;
    const got: Payment[] = [];
    for await (const p of m().payments.list({ limit: 5 })) {
      got.push(p);
      if (got.length === 3) break;
    }
    expect(server.requests.length - before).toBe(1);
    const some = await m().payments.list({ limit: 5 }).toArray(7);
    expect(some).toHaveLength(7);
  });

  it('pages() yields page metadata; an empty result yields no items', async () => {
    const pages = [];
    for await (const page of m().payments.list({ limit: 10 }).pages()) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 3]);
    expect(pages[0]?.totalCount).toBe(TOTAL);
    expect(await m().refunds.list().toArray()).toEqual([]);
  });

  it('find() still returns one page', async () => {
    const page = await m().payments.find({ offset: 20, limit: 10 });
    expect(page.payments).toHaveLength(3);
    expect(page.totalCount).toBe(TOTAL);
  });
});
