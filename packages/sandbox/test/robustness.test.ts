import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operations } from '../src/generated/operations.js';
import { admin, m, raw, sb, useSandbox } from './helpers.js';

useSandbox();

const alive = async () => expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`)).status).toBe(200);

describe('the server never crashes on input', () => {
  it('random signed bodies to every POST/PUT operation get JSON answers below 500', async () => {
    const targets = operations.filter((o) => o.method === 'POST' || o.method === 'PUT');
    const json = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ order: v, cardPaymentMethodSpecificInput: v, amountOfMoney: v })),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), json, async (op, body) => {
        const path = op.path.replace('{merchantId}', m).replace(/\{[^}]+\}/g, 'x1');
        const ct =
          op.requestContentType === 'multipart/form-data' ? 'multipart/form-data; boundary=zz' : 'application/json';
        const r = await raw(sb, op.method, path, { contentType: ct, body });
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(r.status).toBeLessThan(500);
        if (r.status !== 204) expect(() => r.json()).not.toThrow();
      }),
      { numRuns: 100 },
    );
    await alive();
  });

  it('odd paths, methods and encodings get platform-shaped JSON, never HTML or a stack trace', async () => {
    const paths = [
      `/v1/${m}/payments/%E0%A4%A`,
      `/v1/${m}/payments/${'9'.repeat(5000)}`,
      '/v1//payments',
      '/v1/%2e%2e/%2e%2e/etc/passwd',
      `/files/v1/${m}/files/..%2f..%2f`,
      '/_sandbox/%E0%A4%A',
      '/redirect/%',
      '/hostedcheckout/unknown',
    ];
    for (const p of paths) {
      for (const method of ['GET', 'POST', 'PATCH', 'OPTIONS', 'DELETE']) {
        const res = await fetch(sb.url + p, { method, headers: { Date: new Date().toUTCString() } });
        const text = await res.text();
        expect(res.status, `${method} ${p}`).toBeLessThan(500);
        expect(text).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/);
        if (!p.startsWith('/hostedcheckout') && !p.startsWith('/redirect')) {
          expect(res.headers.get('content-type')).toBe('application/json');
        }
      }
    }
    await alive();
  });

  it('a client that sends half a request and disappears does not hurt', async () => {
    const port = sb.port;
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(`POST /v1/${m}/payments HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"order":`);
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
    });
    const garbage = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('NONSENSE \x00\x01\r\n\r\n'));
      let out = '';
      s.on('data', (d) => {
        out += String(d);
      });
      s.on('close', () => resolve(out));
    });
    expect(garbage).toContain('400');
    await alive();
  });

  it('a multipart upload without a boundary or without a file part is a 400 naming the problem', async () => {
    const p = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: 'application/json',
      body: JSON.stringify({
        order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
        cardPaymentMethodSpecificInput: { card: { cardNumber: '4567350000427977', expiryDate: '1230' } },
      }),
    });
    const id = (p.json()['payment'] as { id: string }).id;
    await admin(sb, 'POST', '/settle');
    const d = await raw(sb, 'POST', `/v1/${m}/payments/${id}/dispute`, { contentType: 'application/json', body: '{}' });
    const disputeId = d.json()['id'] as string;
    const noBoundary = await raw(sb, 'POST', `/files/v1/${m}/disputes/${disputeId}`, {
      contentType: 'multipart/form-data',
      body: 'x',
    });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.text).toContain('boundary');
    const noFile = await raw(sb, 'POST', `/files/v1/${m}/disputes/${disputeId}`, {
      contentType: 'multipart/form-data; boundary=b',
      body: '--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--b--\r\n',
    });
    expect(noFile.status).toBe(400);
    expect((noFile.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe('file');

    // a non-ASCII file name and an odd part content type survive the round trip
    const up = await raw(sb, 'POST', `/files/v1/${m}/disputes/${disputeId}`, {
      contentType: 'multipart/form-data; boundary=b',
      body: Buffer.from(
        '--b\r\nContent-Disposition: form-data; name="file"; filename="résumé \u201cfinal\u201d.pdf"\r\nContent-Type: application/pdf; x=\u00e9\r\n\r\n%PDF-1\r\n--b--\r\n',
        'utf8',
      ),
    });
    expect(up.status).toBe(200);
    const file = await raw(sb, 'GET', `/files/v1/${m}/files/${up.json()['fileId'] as string}`);
    expect(file.status).toBe(200);
    expect(file.text).toBe('%PDF-1');
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9");
  });
});

describe('CLI', () => {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve('tsx');
  const cli = new URL('../src/cli/index.ts', import.meta.url).pathname;

  it('prints URL and credentials, and the sandbox answers signed calls', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        cli,
        '--port',
        '0',
        '--merchant-id',
        '777',
        '--api-key-id',
        'cli-key',
        '--secret-api-key',
        'cli-secret',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d) => {
          buf += String(d);
          if (buf.includes('admin API')) resolve(buf);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(out).toContain('merchant id     777');
      expect(out).toContain('API key id      cli-key');
      expect(out).toContain('secret API key  cli-secret');
      const url = /listening on (\S+)/.exec(out)?.[1] as string;
      const port = Number(new URL(url).port);
      const fake = { ...sb, url, port, apiKeyId: 'cli-key', secretApiKey: 'cli-secret', merchantId: '777' };
      expect((await raw(fake, 'GET', '/v1/777/services/testconnection')).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('rejects bad options with a clear message and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', tsx, cli, '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be an integer');
  });
});
