import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunicationError, Connect } from '../src/index.js';

let server: Server;
let port = 0;
let cert: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ result: 'OK', url: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const config = { host: 'localhost', apiKeyId: 'k', secretApiKey: 's', integrator: 'i', maxRetries: 0 };

describe('TLS', () => {
  it('https is the default scheme and certificates are verified', async () => {
    const connect = new Connect({ ...config, port });
    await expect(connect.merchant('1').services.testConnection()).rejects.toBeInstanceOf(CommunicationError);
    await connect.close();
  });

  it('a private CA can be trusted through the tls option', async () => {
    const connect = new Connect({ ...config, port, tls: { ca: cert } });
    await expect(connect.merchant('1').services.testConnection()).resolves.toMatchObject({ result: 'OK' });
    await connect.close();
  });
});
