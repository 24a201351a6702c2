/** A real local HTTP server for tests, plus an INDEPENDENT v1HMAC verifier (it does not import the SDK signer). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Raw request target: path plus query, as sent. */
  url: string;
  /** Raw header pairs as received (names in sent case). */
  rawHeaders: [string, string][];
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (req: Recorded, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  readonly port: number;
  readonly requests: Recorded[];
  /** Config fragment pointing a client at this server. */
  readonly target: { host: string; scheme: 'http'; port: number };
  close(): Promise<void>;
  server: Server;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pairs: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const rec: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: pairs,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(rec);
      Promise.resolve(handler(rec, res, requests.length - 1)).catch((e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    server,
    target: { host: '127.0.0.1', scheme: 'http', port },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

export const KEY_ID = 'test-key-id';
export const SECRET = 'c2VjcmV0LXRlc3Qta2V5LWRvLW5vdC11c2U=';
export const baseConfig = (server: TestServer) => ({
  ...server.target,
  apiKeyId: KEY_ID,
  secretApiKey: SECRET,
  integrator: 'Test Shop',
});

// ------------------------------------------------------------------ independent verifier (v1HMAC, as the API reference's authentication page describes it)

function canonical(value: string): string {
  // A line break (CRLF or LF) and the non-line-break whitespace following it becomes one space; then trim.
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    if (ch === '\r' && value[i + 1] === '\n') {
      i += 2;
    } else if (ch === '\n') {
      i += 1;
    } else {
      out += ch;
      i += 1;
      continue;
    }
    while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
    out += ' ';
  }
  return out.trim();
}

/** Builds the string to sign from what the server RECEIVED. */
export function receivedStringToSign(req: Recorded): string {
  const find = (name: string) => req.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
  const lines = [req.method.toUpperCase(), find('content-type') ?? '', find('date') ?? ''];
  const gcs = req.rawHeaders
    .filter(([n]) => n.toLowerCase().startsWith('x-gcs'))
    .map(([n, v]) => [n.toLowerCase(), canonical(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [n, v] of gcs) lines.push(`${n}:${v}`);
  const q = req.url.indexOf('?');
  const resource = q === -1 ? req.url : `${req.url.slice(0, q)}?${decodeURIComponent(req.url.slice(q + 1))}`;
  lines.push(resource);
  return `${lines.join('\n')}\n`;
}

export function verifySignature(req: Recorded, keyId = KEY_ID, secret = SECRET): boolean {
  const auth = req.headers['authorization'];
  const m = typeof auth === 'string' ? /^GCS v1HMAC:([^:]+):(.+)$/.exec(auth) : null;
  if (!m || m[1] !== keyId) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(receivedStringToSign(req), 'utf8').digest();
  const got = Buffer.from(m[2]!, 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
