import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuery, encodePathValue } from '../src/core/url.js';
import { Connect, type ConnectConfig, DEFAULTS, SDK_VERSION } from '../src/index.js';
import { baseConfig, json, SECRET, startServer, type TestServer } from './helpers/server.js';

const valid: ConnectConfig = {
  host: 'api.preprod.connect.worldline-solutions.com',
  apiKeyId: 'key',
  secretApiKey: SECRET,
  integrator: 'Shop',
};

describe('configuration', () => {
  it.each([
    [{ host: undefined }, /host is required/],
    [{ host: 'https://api.example.com' }, /host must be a host name/],
    [{ host: 'api.example.com/v1' }, /host must be a host name/],
    [{ scheme: 'ftp' }, /scheme must be/],
    [{ port: 70000 }, /port must be/],
    [{ apiKeyId: '' }, /apiKeyId is required/],
    [{ secretApiKey: undefined }, /secretApiKey is required/],
    [{ integrator: ' ' }, /integrator is required/],
    [{ shoppingCartExtension: { creator: 'c', name: 'n' } }, /shoppingCartExtension.version/],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive/],
    [{ maxRetries: -1 }, /maxRetries must be/],
    [{ logger: { info: 'no' } }, /logger must be an object with info\(\) and error\(\)/],
    [{ obfuscationRules: { cvv: 'x' } }, /obfuscationRules.cvv must be a function/],
    [{ proxy: 'not a url' }, /proxy.url is not a valid URL/],
  ])('rejects %o with a clear message', (patch, msg) => {
    const cfg = { ...valid, ...patch } as unknown as ConnectConfig;
    expect(() => new Connect(cfg)).toThrow(msg);
  });

  it('never echoes the secret in a configuration error', () => {
    try {
      new Connect({ ...valid, host: '' });
    } catch (e) {
      expect(String(e)).not.toContain(SECRET);
    }
  });

  it('defaults live in one place and match the README', () => {
    expect(DEFAULTS).toMatchObject({
      timeoutMs: 60_000,
      maxRetries: 2,
      retryInitialDelayMs: 500,
      retryMaxDelayMs: 8_000,
    });
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`timeoutMs\` | \`${DEFAULTS.timeoutMs.toLocaleString('en-US').replace(/,/g, '_')}\``);
    expect(readme).toContain(`\`maxRetries\` | \`${DEFAULTS.maxRetries}\``);
  });

  it('SDK_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it('merchant(id) is cached per id and validates the id', () => {
    const c = new Connect(valid);
    expect(c.merchant('1')).toBe(c.merchant('1'));
    expect(c.merchant('1')).not.toBe(c.merchant('2'));
    expect(() => c.merchant('a/b')).toThrow(/merchantId must not contain/);
    expect(() => c.merchant('')).toThrow(/merchantId must not be empty/);
    void c.close();
  });
});

describe('URL encoding', () => {
  it('encodes path values and rejects ids that would change the resource', () => {
    expect(encodePathValue('paymentId', 'a b+c%d')).toBe('a%20b%2Bc%25d');
    expect(encodePathValue('paymentId', 'é')).toBe('%C3%A9');
    for (const bad of ['a/b', 'a?b', 'a#b', '..', 'x..y', '.', '']) {
      expect(() => encodePathValue('paymentId', bad)).toThrow(/paymentId/);
    }
    expect(() => encodePathValue('paymentId', {})).toThrow(/must be a string/);
  });

  it('builds the encoded and the decoded query', () => {
    expect(buildQuery({ a: 'x y&z', b: [1, 2], c: undefined, d: true })).toEqual({
      encoded: 'a=x%20y%26z&b=1&b=2&d=true',
      decoded: 'a=x y&z&b=1&b=2&d=true',
    });
    expect(buildQuery({})).toEqual({ encoded: '', decoded: '' });
    expect(() => buildQuery({ a: { nested: 1 } })).toThrow(/query parameter a/);
  });
});

describe('bad input is rejected before anything is sent', () => {
  let server: TestServer;
  let connect: Connect;
  beforeAll(async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    connect = new Connect({ ...baseConfig(server) });
  });
  afterAll(async () => {
    await connect.close();
    await server.close();
  });

  it.each([
    ['an id with a slash', () => connect.merchant('1').payments.get('../admin'), /paymentId must not contain/],
    ['an id with a query', () => connect.merchant('1').payments.get('p?x=1'), /paymentId must not contain/],
    [
      'a reserved header',
      () => connect.merchant('1').payments.get('p', undefined, { headers: { Authorization: 'x' } }),
      /set by the SDK/,
    ],
    [
      'a header name with CRLF',
      () => connect.merchant('1').payments.get('p', undefined, { headers: { 'X-GCS-A\r\nB': 'x' } }),
      /invalid header name/,
    ],
    [
      'a header value with a control character',
      () => connect.merchant('1').payments.get('p', undefined, { headers: { 'X-GCS-A': 'a\u0000b' } }),
      /not allowed in a header/,
    ],
    [
      'an unpaired surrogate in a query value',
      () => connect.merchant('1').payments.find({ merchantReference: '\ud800' }),
      /unpaired UTF-16 surrogate/,
    ],
    [
      'a non-ASCII idempotence key',
      () => connect.merchant('1').payments.create({ order: {} }, { idempotenceKey: 'clé' }),
      /idempotenceKey/,
    ],
    ['a raw path with ..', () => connect.request({ method: 'GET', path: '/v1/1/../x' }), /path must be/],
    // unencoded non-ASCII would go out as raw bytes the server cannot parse, signed over a different path
    [
      'a raw path that is not encoded',
      () => connect.request({ method: 'GET', path: '/v1/1/caf\u00e9' }),
      /path must be/,
    ],
    [
      'a raw path with a control character',
      () => connect.request({ method: 'GET', path: '/v1/1/a\u007f' }),
      /path must be/,
    ],
  ])('%s', async (_name, call, msg) => {
    const before = server.requests.length;
    await expect(call()).rejects.toThrow(msg);
    expect(server.requests.length).toBe(before);
  });
});
