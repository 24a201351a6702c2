/**
 * Hostile requests against the sandbox (in its own process, so that a crash shows): a fast-check
 * generator of malformed HTTP requests written to raw sockets (odd methods, paths and encodings,
 * broken and duplicated headers, Content-Length with chunked, bare LF and NUL, folded X-GCS headers,
 * bodies that are not what they claim, some correctly signed so the hostile body reaches validation),
 * and slow clients dripping their headers. Every exchange must end within a deadline in a well-formed
 * HTTP answer (a JSON error in the platform's shape `{ errorId, errors[] }`, never a 5xx) or a close.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { sign, stringToSign } from '../../packages/sandbox/src/index.js';
import { API_KEY_ID, CARDS, CVV, emptyResult, fmt, type Mode, pool, SECRET, type SectionResult, shown } from './lib.js';
import { exchangeRaw, parseResponse } from './raw-http.js';

const CHILD = fileURLToPath(new URL('./sandbox-child.ts', import.meta.url));

export interface RunningChild {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/** Starts a sandbox in a child process (tsx loader, GC exposed); resolves once it listens. */
export function startChild(options: Record<string, unknown>, execArgv: string[] = []): Promise<RunningChild> {
  const child = fork(CHILD, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // the sandbox's terminal output is part of what the secrets scan reads
  child.stdout?.on('data', (d: Buffer) => shown.add(d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => shown.add(d.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox child did not start within 60 s')), 60_000);
    child.on('message', (m: unknown) => {
      const port = (m as { port?: number }).port;
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ child, port, exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`the sandbox child exited with ${code} before listening`)));
  });
}

export async function stopChild(c: RunningChild): Promise<void> {
  if (c.child.exitCode !== null) return;
  c.child.send('stop');
  const t = setTimeout(() => c.child.kill('SIGKILL'), 5000);
  await c.exited;
  clearTimeout(t);
}

// ---------------------------------------------------------------- the generator

const PATHS = [
  '/v1/1234/payments',
  '/v1/1234/payments/000000123400000000010000100001',
  '/v1/1234/payments/x/capture',
  '/v1/1234/refunds/x/approve',
  '/v1/1234/services/testconnection',
  '/v1/1234/services/getIINdetails',
  '/v1/1234/tokens',
  '/v1/1234/hostedcheckouts',
  '/files/v1/1234/files/abc',
  '/v1/9999/payments',
  '/_sandbox/faults',
  '/_sandbox/clock/advance',
  '/_sandbox/keys',
  '/_sandbox/events',
  '/hostedcheckout/x',
  '/redirect/x',
  '/',
];

const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const latin1 = (max: number) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: max }).map((a) => Buffer.from(a).toString('latin1'));

const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PATHS) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...PATHS),
        fc.constantFrom(
          '',
          '/',
          '//',
          '/..',
          '/../../etc/passwd',
          '%00',
          '%ZZ',
          '%C0%AF',
          '%2e%2e%2f',
          '%',
          ';x',
          '/\u00e9',
          '?',
          '?a=%ZZ&&==&b',
          '?offset=-1&limit=1e9',
          '#frag',
          '/*',
        ),
        fc.oneof(fc.constant(''), latin1(12), fc.webPath()),
      )
      .map(([p, mut, tail]) => p + mut + tail),
  },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://evil.example/v1/1234/payments', 'v1/1234/payments', '') },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => `/v1/1234/${'a'.repeat(n)}`) },
);

const methodArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD') },
  { weight: 2, arbitrary: fc.constantFrom('OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'post', 'PRI', 'GE T') },
  { weight: 1, arbitrary: latin1(10) },
);

const versionArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1x', 'http/1.1', '') },
);

const validPayment = JSON.stringify({
  order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' }, customer: { billingAddress: { countryCode: 'NL' } } },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber: CARDS[0], expiryDate: '1230', cvv: CVV },
  },
});

const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constant(validPayment) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '{',
      '{"order":',
      'null',
      '[]',
      '"x"',
      '1e400',
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
      '{"order":{"amountOfMoney":{"amount":1e308,"currencyCode":"EUR"}}}',
      '{"order":{"amountOfMoney":{"amount":-0,"currencyCode":"\\u0000"}}}',
      '{"a":1,"a":2}',
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      `{"x":"${'\\ud800'.repeat(100)}"}`,
      validPayment.replace('"EUR"', '"EUR","extra":"\\u2028\\r\\n"'),
    ),
  },
  { weight: 2, arbitrary: text(300) },
  { weight: 1, arbitrary: latin1(300) },
  { weight: 1, arbitrary: fc.nat({ max: 1_200_000 }).map((n) => `{"x":"${'y'.repeat(n)}"}`) },
);

interface HostileRequest {
  method: string;
  path: string;
  version: string;
  body: string;
  /** how the body's length is announced */
  framing: 'content-length' | 'chunked' | 'both' | 'none' | 'too-long' | 'too-short' | 'bad-length' | 'bad-chunks';
  contentType: string | undefined;
  sign: boolean;
  idempotenceKey: string | undefined;
  extra: [string, string][];
  /** write the request in pieces */
  split: boolean;
}

const headerArb: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['Host', 'evil.example'],
    ['Host', '127.0.0.1'],
    ['Origin', 'https://evil.example'],
    ['Sec-Fetch-Site', 'cross-site'],
    ['Connection', 'close'],
    ['Connection', 'upgrade'],
    ['Upgrade', 'websocket'],
    ['Expect', '100-continue'],
    ['Authorization', 'GCS v1HMAC:'],
    ['Authorization', `GCS v1HMAC:${API_KEY_ID}:AAAA`],
    ['Authorization', 'Basic YTpi'],
    ['Date', 'yesterday'],
    ['X-GCS-ServerMetaInfo', 'a\r\n b'],
    ['X-GCS-ServerMetaInfo', 'x\n y'],
    ['X-GCS-Idempotence-Key', 'k\0'],
    ['Content-Length', '5'],
    ['Transfer-Encoding', 'gzip, chunked'],
    ['Transfer-Encoding', 'identity'],
    ['Accept-Encoding', 'gzip;q=1e9'],
  ),
  fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), latin1(40)),
  fc.tuple(latin1(10), latin1(20)),
  fc.nat({ max: 70_000 }).map((n): [string, string] => ['X-Big', 'b'.repeat(n)]),
);

const requestArb: fc.Arbitrary<HostileRequest> = fc.record({
  method: methodArb,
  path: pathArb,
  version: versionArb,
  body: bodyArb,
  framing: fc.oneof(
    { weight: 8, arbitrary: fc.constant('content-length' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'chunked' as const,
        'both' as const,
        'none' as const,
        'too-long' as const,
        'too-short' as const,
        'bad-length' as const,
        'bad-chunks' as const,
      ),
    },
  ),
  contentType: fc.option(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
    { nil: undefined },
  ),
  sign: fc.boolean(),
  idempotenceKey: fc.option(fc.oneof(fc.string({ maxLength: 45 }), latin1(50)), { nil: undefined }),
  extra: fc.array(headerArb, { maxLength: 4 }),
  split: fc.boolean(),
});

/** The bytes of a hostile request (signed with the real secret when `sign`, over whatever it carries). */
export function encode(r: HostileRequest): Buffer[] {
  const lines: string[] = [];
  const date = new Date().toUTCString();
  const raw: string[] = [];
  if (r.idempotenceKey !== undefined) raw.push('X-GCS-Idempotence-Key', r.idempotenceKey);
  for (const [n, v] of r.extra) if (n.toLowerCase().startsWith('x-gcs')) raw.push(n, v);
  const q = r.path.indexOf('?');
  const rawPath = q < 0 ? r.path : r.path.slice(0, q);
  const rawQuery = q < 0 ? undefined : r.path.slice(q + 1);
  lines.push(`${r.method} ${r.path} ${r.version}`.trimEnd());
  lines.push('Host: 127.0.0.1');
  lines.push(`Date: ${date}`);
  if (r.contentType !== undefined) lines.push(`Content-Type: ${r.contentType}`);
  if (r.sign) {
    const s = sign(SECRET, stringToSign(r.method, raw, r.contentType, date, rawPath, rawQuery));
    lines.push(`Authorization: GCS v1HMAC:${API_KEY_ID}:${s}`);
  }
  if (r.idempotenceKey !== undefined) lines.push(`X-GCS-Idempotence-Key: ${r.idempotenceKey}`);
  for (const [n, v] of r.extra) lines.push(`${n}: ${v}`);
  const body = Buffer.from(r.body, 'latin1');
  let payload: Buffer = body;
  const len = body.length;
  switch (r.framing) {
    case 'content-length':
      lines.push(`Content-Length: ${len}`);
      break;
    case 'chunked':
    case 'both':
      if (r.framing === 'both') lines.push(`Content-Length: ${len}`);
      lines.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${len.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'none':
      break;
    case 'too-long':
      lines.push(`Content-Length: ${len + 10}`);
      break;
    case 'too-short':
      lines.push(`Content-Length: ${Math.max(0, len - 3)}`);
      break;
    case 'bad-length':
      lines.push(`Content-Length: ${len}`, `Content-Length: ${len + 1}`, 'Content-Length: -1');
      break;
    case 'bad-chunks':
      lines.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n')]);
      break;
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const all = Buffer.concat([head, payload]);
  if (!r.split || all.length < 4) return [all];
  const cut = Math.floor(all.length / 2);
  return [all.subarray(0, cut), all.subarray(cut)];
}

const PLATFORM_PATHS = /^\/(v1|files\/v1)\//;

/** Why an answer to `r` is not acceptable, or undefined when it is. */
function judge(r: HostileRequest, bytes: Buffer, closed: boolean): string | undefined {
  const p = parseResponse(bytes, closed, r.method === 'HEAD');
  if (!p.complete) return p.problem;
  const status = p.status as number;
  if (status >= 500 && status !== 503) return `a ${status} answer`;
  const type = p.headers?.get('content-type') ?? '';
  if (status >= 400 && /json/.test(type) && PLATFORM_PATHS.test(r.path) && r.method !== 'HEAD') {
    let body: unknown;
    try {
      body = JSON.parse((p.body as Buffer).toString('utf8'));
    } catch {
      return 'a JSON error body that does not parse';
    }
    const b = body as { errorId?: unknown; errors?: unknown };
    if (typeof b.errorId !== 'string' || !Array.isArray(b.errors) || b.errors.length === 0) {
      return 'an error body not in the platform shape { errorId, errors[] }';
    }
  }
  return undefined;
}

/** Answers the judge must refuse (a judge that accepts everything would make this section pass by itself). */
function judgeIsBlind(): string[] {
  const r = { method: 'POST', path: '/v1/1234/payments' } as HostileRequest;
  const bad = [
    'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
    'HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\nshort',
    'HTTP/1.1 200\nBare: lf\n\n',
    'garbage\r\n\r\n',
  ];
  return bad.filter((b) => judge(r, Buffer.from(b), true) === undefined);
}

export async function runHostileRequests(mode: Mode, seed: number): Promise<SectionResult> {
  const started = Date.now();
  const result = emptyResult(
    'hostile requests -> sandbox',
    'fast-check malformed HTTP on raw sockets (methods, paths, encodings, headers, framing, bodies, signed and unsigned) and slow clients',
  );
  const total = mode === 'quick' ? 1200 : 30_000;
  const slow = mode === 'quick' ? 40 : 400;
  const options = {
    apiKeyId: API_KEY_ID,
    secretApiKey: SECRET,
    headersTimeoutMs: 2000,
    requestTimeoutMs: 4000,
    precompileSchemas: true,
  };
  const blind = judgeIsBlind();
  if (blind.length > 0) {
    result.otherBad += blind.length;
    result.notes.push(`BAD the judge accepts malformed answers: ${JSON.stringify(blind)}`);
  }
  let sb = await startChild(options);
  const problems = new Map<string, { n: number; example: string }>();
  const outcomes = { answered: 0, closed: 0, reset: 0 };
  try {
    const requests = fc.sample(requestArb, { numRuns: total, seed });
    await pool(requests, 24, async (r) => {
      result.attacksTried += 1;
      result.requestsSent += 1;
      const o = await exchangeRaw(sb.port, encode(r), 15_000, 0, r.method === 'HEAD');
      if (sb.child.exitCode !== null) {
        result.crashes += 1;
        sb = await startChild(options);
        return;
      }
      if (o.kind === 'hang') {
        result.hangs += 1;
        problems.set('hang', { n: (problems.get('hang')?.n ?? 0) + 1, example: JSON.stringify(r).slice(0, 300) });
        return;
      }
      if (o.kind === 'closed' && o.bytes.length === 0) {
        outcomes[o.reset ? 'reset' : 'closed'] += 1;
        return;
      }
      outcomes.answered += 1;
      const why = judge(r, o.bytes, o.kind === 'closed');
      if (why !== undefined) {
        result.otherBad += 1;
        const prev = problems.get(why);
        problems.set(why, { n: (prev?.n ?? 0) + 1, example: prev?.example ?? JSON.stringify(r).slice(0, 300) });
      }
      shown.add(o.bytes.toString('latin1').slice(0, 4096));
    });

    // slow clients: headers dripped a byte at a time are cut off by the header timeout, and the
    // sandbox still answers others meanwhile
    const drip = Buffer.from('POST /v1/1234/payments HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const held = Array.from({ length: slow }, () =>
      exchangeRaw(
        sb.port,
        Array.from({ length: 60 }, (_, i) => drip.subarray(i, i + 1)),
        options.headersTimeoutMs + 8000,
        150,
      ),
    );
    result.attacksTried += slow;
    result.requestsSent += slow;
    const probe = await exchangeRaw(
      sb.port,
      [Buffer.from('GET /v1/1234/services/testconnection HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')],
      5000,
    );
    if (probe.kind !== 'answer') {
      result.hangs += 1;
      problems.set('no answer while slow clients were held', { n: 1, example: '' });
    }
    for (const o of await Promise.all(held)) {
      if (o.kind === 'hang') {
        result.hangs += 1;
        problems.set('slow client held past the header timeout', {
          n: (problems.get('slow client held past the header timeout')?.n ?? 0) + 1,
          example: '',
        });
      }
    }
    if (sb.child.exitCode !== null) result.crashes += 1;
  } finally {
    await stopChild(sb);
  }
  result.notes.push(
    `${fmt(total)} generated requests (fast-check seed ${seed}) and ${slow} slow clients: ${fmt(outcomes.answered)} answered, ` +
      `${fmt(outcomes.closed)} closed without an answer, ${fmt(outcomes.reset)} reset`,
  );
  for (const [why, { n, example }] of problems) result.notes.push(`BAD ${n} x ${why}; e.g. ${example}`);
  result.ms = Date.now() - started;
  return result;
}
