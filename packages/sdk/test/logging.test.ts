import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connect, type Logger, Obfuscator, obfuscate } from '../src/index.js';
import { baseConfig, json, SECRET, startServer, type TestServer } from './helpers/server.js';

class Capture implements Logger {
  lines: string[] = [];
  info(m: string) {
    this.lines.push(m);
  }
  warn(m: string) {
    this.lines.push(m);
  }
  error(m: string) {
    this.lines.push(m);
  }
  get text() {
    return this.lines.join('\n');
  }
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    // echo the request body back (pretty-printed, as the platform does) so response logging is exercised too
    const body = req.body.length ? JSON.parse(req.body.toString()) : { result: 'OK' };
    json(res, req.url.includes('fail') ? 400 : 200, body);
  });
});
afterAll(async () => {
  await server.close();
});

describe('logging', () => {
  it('is off by default: nothing is written to console', async () => {
    const connect = new Connect({ ...baseConfig(server) });
    const orig = console.info;
    const seen: unknown[] = [];
    console.info = (...a: unknown[]) => seen.push(a);
    try {
      await connect.merchant('1234').services.testConnection();
    } finally {
      console.info = orig;
    }
    expect(seen).toEqual([]);
    await connect.close();
  });

  it('enableLogging: true without a logger writes to console.info', async () => {
    const connect = new Connect({ ...baseConfig(server), enableLogging: true });
    const orig = console.info;
    const seen: string[] = [];
    console.info = (m: string) => seen.push(m);
    try {
      await connect.merchant('1234').services.testConnection();
    } finally {
      console.info = orig;
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^Request with Message ID: /);
    expect(seen[1]).toMatch(/^Response from Message ID: .*status: 200/);
    await connect.close();
  });

  it('logs one request line and one response line with a shared message id, method, path, status, duration', async () => {
    const log = new Capture();
    const connect = new Connect({ ...baseConfig(server), logger: log });
    await connect.merchant('1234').payments.get('p 1', { returnOperations: true });
    expect(log.lines).toHaveLength(2);
    const [req, res] = log.lines as [string, string];
    const id = /Message ID: ([0-9a-f-]{36})/.exec(req)?.[1];
    expect(id).toBeDefined();
    expect(res).toContain(`Message ID: ${id}`);
    expect(req).toContain('GET to /v1/1234/payments/p%201?returnOperations=true');
    expect(res).toMatch(/status: 200, duration: \d+ ms/);
    expect(req).toContain('"Authorization":"********"');
    expect(req).not.toContain('v1HMAC');
    expect(req).not.toMatch(/\n/);
    await connect.close();
  });

  it('masks the default body fields and custom rules; works with a pino-style logger object', async () => {
    const log = new Capture();
    const pinoLike = { info: (m: string) => log.info(m), error: (m: string) => log.error(m) };
    const connect = new Connect({
      ...baseConfig(server),
      logger: pinoLike,
      obfuscationRules: { emailAddress: obfuscate.all(), 'X-GCS-CustomerToken': obfuscate.withFixedLength(4) },
    });
    await connect.merchant('1234').payments.create(
      {
        cardPaymentMethodSpecificInput: {
          card: { cardNumber: '4567350000427977', cvv: '123', expiryDate: '1230', cardholderName: 'Wile E. Coyote' },
        },
        order: { customer: { contactDetails: { emailAddress: 'wile@example.com' } } },
      },
      { headers: { 'X-GCS-CustomerToken': 'tok-secret-value' } },
    );
    const text = log.text;
    expect(text).toContain('************7977');
    expect(text).toContain('"cvv":"***"');
    expect(text).toContain('"expiryDate":"**30"');
    expect(text).toContain('Wile E. Coyote');
    expect(text).not.toContain('4567350000427977');
    expect(text).not.toContain('wile@example.com');
    expect(text).not.toContain('tok-secret-value');
    await connect.close();
  });

  it('logs errors at error level without secrets', async () => {
    const log = new Capture();
    const errors: string[] = [];
    const connect = new Connect({
      host: '127.0.0.1',
      scheme: 'http',
      port: 1,
      apiKeyId: 'k',
      secretApiKey: SECRET,
      integrator: 'i',
      maxRetries: 0,
      logger: { info: (m) => log.info(m), error: (m) => errors.push(m) },
    });
    await expect(connect.merchant('1234').services.testConnection()).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^Error for Message ID: [0-9a-f-]{36}, GET to \/v1\/1234\/services\/testconnection, duration: \d+ ms, error: CommunicationError/,
    );
    expect(log.text + errors.join('')).not.toContain(SECRET);
    await connect.close();
  });

  it('a logger that throws never breaks the call', async () => {
    const connect = new Connect({
      ...baseConfig(server),
      logger: {
        info: () => {
          throw new Error('boom');
        },
        error: () => {
          throw new Error('boom');
        },
      },
    });
    await expect(connect.merchant('1234').services.testConnection()).resolves.toEqual({ result: 'OK' });
    await connect.close();
  });
});

// ------------------------------------------------------------------ property: secrets never reach the log in clear

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const cardNumber = digits(13, 19);
const cvv = digits(3, 4);
const iban = fc
  .tuple(
    fc.constantFrom('NL', 'DE', 'FR', 'GB'),
    digits(2, 2),
    fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), { minLength: 12, maxLength: 30 }),
  )
  .map(([c, d, r]) => `${c}${d}${r.join('')}`);
const secret = fc.string({ minLength: 9, maxLength: 40 }).filter((s) => s.trim().length > 8 && !/["\\]/.test(s));

type Planted = { body: unknown; secrets: string[] };
const sensitive: fc.Arbitrary<Planted> = fc
  .record({
    cardNumber,
    cvv,
    iban,
    accountNumber: digits(8, 18),
    secretKey: secret,
    encryptedCustomerInput: secret,
    noise: fc.dictionary(
      fc
        .string({ maxLength: 8 })
        .filter(
          (k) =>
            ![
              'cardNumber',
              'cvv',
              'iban',
              'accountNumber',
              'secretKey',
              'encryptedCustomerInput',
              'value',
              'bin',
              'expiryDate',
              'keyId',
              'publicKey',
              'userAuthenticationToken',
              'encryptedPayload',
              'decryptedPayload',
              'reformattedAccountNumber',
            ].includes(k),
        ),
      fc.oneof(fc.integer({ min: 0, max: 999 }), fc.boolean(), fc.constant(null)),
    ),
    depth: fc.integer({ min: 0, max: 3 }),
    cvvAsNumber: fc.boolean(),
  })
  .map((r) => {
    let body: unknown = {
      ...r.noise,
      card: { cardNumber: r.cardNumber, cvv: r.cvvAsNumber ? Number(`1${r.cvv}`) : r.cvv },
      bankAccountIban: { iban: r.iban, accountNumber: r.accountNumber },
      keys: [{ secretKey: r.secretKey }, { encryptedCustomerInput: r.encryptedCustomerInput }],
    };
    for (let i = 0; i < r.depth; i++) body = { nested: [body] };
    // the CVV is short enough to occur by chance in a kept suffix, so it is checked structurally instead (cvvShown)
    return { body, secrets: [r.cardNumber, r.iban, r.accountNumber, r.secretKey, r.encryptedCustomerInput] };
  });

function leaks(text: string, secrets: string[]): string[] {
  const found = secrets.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
  // a CVV value shown as anything but stars
  if (/"cvv"\s*:\s*"?[^*"\s]/.test(text)) found.push('cvv');
  return found;
}

describe('obfuscation property', () => {
  it('the Obfuscator never lets a planted secret through (parsed and unparsable JSON)', () => {
    const ob = new Obfuscator();
    fc.assert(
      fc.property(sensitive, ({ body, secrets }) => {
        const compact = JSON.stringify(body);
        expect(leaks(ob.text(compact), secrets)).toEqual([]);
        expect(leaks(ob.text(JSON.stringify(body, null, 2)), secrets)).toEqual([]);
        // a truncated body is not JSON: the text fallback must still mask it
        expect(leaks(ob.text(compact.slice(0, -1)), secrets)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('request and response log lines of real calls never contain them, nor the API secret', async () => {
    const log = new Capture();
    const connect = new Connect({ ...baseConfig(server), logger: log, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(sensitive, fc.boolean(), async ({ body, secrets }, fail) => {
        log.lines = [];
        await connect
          .request({ method: 'POST', path: fail ? '/v1/1234/fail' : '/v1/1234/echo', body })
          .catch(() => undefined);
        expect(log.lines.length).toBe(2);
        expect(leaks(log.text, [...secrets, SECRET])).toEqual([]);
      }),
      { numRuns: 60 },
    );
    await connect.close();
  });
});

describe('obfuscation rules', () => {
  it('follow the platform semantics', () => {
    expect(obfuscate.allButLast(4)('4111111111111111')).toBe('************1111');
    expect(obfuscate.allButLast(4)('1234')).toBe('1234');
    expect(obfuscate.allButFirst(6)('41111111')).toBe('411111**');
    expect(obfuscate.withFixedLength(8)('x')).toBe('********');
    expect(obfuscate.all()('abc')).toBe('***');
    const ob = new Obfuscator();
    expect(ob.text('{"value":true,"bin":"411111222","nested":{"cvv":null}}')).toBe(
      '{"value":"****","bin":"411111***","nested":{"cvv":null}}',
    );
    expect(ob.header('x-gcs-callerpassword', 'pw')).toBe('********');
    expect(ob.header('Date', 'Sat')).toBe('Sat');
  });
});
