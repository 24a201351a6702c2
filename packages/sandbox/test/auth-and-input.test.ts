import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { authorization, cardPayment, m, raw, sb, start, useSandbox } from './helpers.js';

const JSON_CT = 'application/json';

useSandbox({
  merchants: ['5678'],
  keys: [{ apiKeyId: 'other-key', secretApiKey: 'other-secret', merchantIds: ['5678'] }],
});

describe('v1HMAC authentication', () => {
  it('accepts a GET signed with Content-Type (as the Node SDKs send it) and without (as the Java SDK does)', async () => {
    expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`, { contentType: JSON_CT })).status).toBe(200);
    expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`)).status).toBe(200);
  });

  it('accepts zero-padded and unpadded days in Date, signed verbatim', async () => {
    for (const date of ['Tue, 03 Jun 2008 11:05:30 GMT', 'Tue, 3 Jun 2008 11:05:30 GMT']) {
      const r = await raw(sb, 'GET', `/v1/${m}/services/testconnection`, { date });
      expect(r.status).toBe(200);
    }
  });

  it('signs X-GCS headers (sorted, lower-cased) and the decoded query', async () => {
    const r = await raw(sb, 'GET', `/v1/${m}/services/convert/amount?source=EUR&target=USD&amount=100`, {
      headers: { 'X-GCS-ServerMetaInfo': 'eyJhIjoxfQ==', 'X-GCS-ClientMetaInfo': 'abc' },
    });
    expect(r.status).toBe(200);
    // change a signed X-GCS header after signing: rejected
    const date = new Date().toUTCString();
    const auth = authorization(
      sb.apiKeyId,
      sb.secretApiKey,
      'GET',
      '',
      date,
      { 'X-GCS-Custom': 'a' },
      `/v1/${m}/services/testconnection`,
    );
    const res = await fetch(`${sb.url}/v1/${m}/services/testconnection`, {
      headers: { Date: date, Authorization: auth, 'X-GCS-Custom': 'b' },
    });
    expect(res.status).toBe(401);
  });

  it('accepts both X-GCS orderings (Java: lower-cased names; Node SDKs: upper-cased names)', async () => {
    const path = `/v1/${m}/services/testconnection`;
    const date = new Date().toUTCString();
    const h = { 'X-GCS-A_b': '1', 'X-GCS-AZ': '2' };
    // Java order: x-gcs-a_b < x-gcs-az
    const java = authorization(sb.apiKeyId, sb.secretApiKey, 'GET', '', date, h, path);
    // Node order: X-GCS-AZ < X-GCS-A_B
    const nodeString = `GET\n\n${date}\nx-gcs-az:2\nx-gcs-a_b:1\n${path}\n`;
    const node = `GCS v1HMAC:${sb.apiKeyId}:${createHmac('sha256', sb.secretApiKey).update(nodeString).digest('base64')}`;
    expect(java).not.toBe(node);
    for (const auth of [java, node]) {
      const res = await fetch(sb.url + path, { headers: { ...h, Date: date, Authorization: auth } });
      expect(res.status).toBe(200);
    }
  });

  it('accepts edge cases a correct client may send: charset in Content-Type, encoded delimiters, invalid UTF-8, bare ?, folded values', async () => {
    const date = new Date().toUTCString();
    const sig = (sts: string) => createHmac('sha256', sb.secretApiKey).update(sts, 'utf8').digest('base64');
    /** sends the request byte for byte over a socket; returns the status code */
    const send = (requestLine: string, headers: string[], stringToSign: string, body = '') =>
      new Promise<number>((resolve, reject) => {
        const lines = [
          requestLine,
          'Host: 127.0.0.1',
          'Connection: close',
          `Date: ${date}`,
          `Authorization: GCS v1HMAC:${sb.apiKeyId}:${sig(stringToSign)}`,
          ...headers,
          ...(body ? [`Content-Length: ${Buffer.byteLength(body)}`] : []),
        ];
        const sock = connect(sb.port, '127.0.0.1', () => sock.write(`${lines.join('\r\n')}\r\n\r\n${body}`));
        let got = '';
        sock.on('data', (c: Buffer) => {
          got += c.toString('latin1');
        });
        sock.on('end', () => resolve(Number(got.slice(9, 12))));
        sock.on('error', reject);
      });
    const tc = `/v1/${m}/services/testconnection`;
    const pay = `/v1/${m}/payments`;
    // Content-Type with parameters, signed verbatim
    const ct = 'application/json; charset=UTF-8';
    const body = JSON.stringify(cardPayment(100));
    expect(await send(`POST ${pay} HTTP/1.1`, [`content-type: ${ct}`], `POST\n${ct}\n${date}\n${pay}\n`, body)).toBe(
      201,
    );
    // encoded & = % + and unicode in the query: signed decoded ('+' stays '+')
    const q = 'merchantReference=a%26b%3Dc%25d%2Be+f%C3%A9&limit=10&offset=0';
    expect(
      await send(
        `GET ${pay}?${q} HTTP/1.1`,
        [],
        `GET\n\n${date}\n${pay}?merchantReference=a&b=c%d+e+f\u00e9&limit=10&offset=0\n`,
      ),
    ).toBe(200);
    // invalid UTF-8 in the query decodes to U+FFFD, as java.net.URI and Python's unquote do
    expect(
      await send(
        `GET ${pay}?merchantReference=%FF%C3&limit=10 HTTP/1.1`,
        [],
        `GET\n\n${date}\n${pay}?merchantReference=\ufffd\ufffd&limit=10\n`,
      ),
    ).toBe(200);
    // the query signed as sent, still percent-encoded (the Python SDKs sign urlparse(uri).query)
    const pq = 'merchantReference=a%20b%3Ac%C3%A9&limit=10';
    expect(await send(`GET ${pay}?${pq} HTTP/1.1`, [], `GET\n\n${date}\n${pay}?${pq}\n`)).toBe(200);
    // a bare '?' (empty query): signed with or without the '?'
    expect(await send(`GET ${tc}? HTTP/1.1`, [], `GET\n\n${date}\n${tc}?\n`)).toBe(200);
    expect(await send(`GET ${tc}? HTTP/1.1`, [], `GET\n\n${date}\n${tc}\n`)).toBe(200);
    // a folded X-GCS value (obs-fold) is canonicalised as the Java SDK does: line break + indent -> one space
    expect(
      await send(
        `GET ${tc} HTTP/1.1`,
        ['X-GCS-Folded: first\r\n   second\r\n\tthird'],
        `GET\n\n${date}\nx-gcs-folded:first second third\n${tc}\n`,
      ),
    ).toBe(200);
    // ...and a wrong signature over it is still refused
    expect(
      await send(
        `GET ${tc} HTTP/1.1`,
        ['X-GCS-Folded: first\r\n   second'],
        `GET\n\n${date}\nx-gcs-folded:first other\n${tc}\n`,
      ),
    ).toBe(401);
  });

  it('HEAD on a GET operation: signed as HEAD, answered like the GET without a body', async () => {
    const tc = `/v1/${m}/services/testconnection`;
    const ok = await raw(sb, 'HEAD', tc);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect(Number(ok.headers.get('content-length'))).toBeGreaterThan(0);
    // a HEAD request signed as GET is refused
    const date = new Date().toUTCString();
    const res = await fetch(sb.url + tc, {
      method: 'HEAD',
      headers: { Date: date, Authorization: authorization(sb.apiKeyId, sb.secretApiKey, 'GET', '', date, {}, tc) },
    });
    expect(res.status).toBe(401);
  });

  it('401 9002 for missing, malformed, unknown-key and wrong-secret Authorization; body never shows the secret', async () => {
    const cases = [
      await raw(sb, 'GET', `/v1/${m}/services/testconnection`, { unsigned: true }),
      await raw(sb, 'GET', `/v1/${m}/services/testconnection`, {
        unsigned: true,
        headers: { Authorization: 'Basic abc' },
      }),
      await raw(sb, 'GET', `/v1/${m}/services/testconnection`, { keyId: 'nobody' }),
      await raw(sb, 'GET', `/v1/${m}/services/testconnection`, { secret: 'wrong' }),
    ];
    for (const r of cases) {
      expect(r.status).toBe(401);
      const body = r.json() as { errorId: string; errors: { code: string; httpStatusCode: number; id: string }[] };
      expect(body.errorId).toBeTypeOf('string');
      expect(body.errors[0]).toMatchObject({
        code: '9002',
        httpStatusCode: 401,
        id: 'MISSING_OR_INVALID_AUTHORIZATION',
      });
      expect(r.text).not.toContain(sb.secretApiKey);
    }
  });

  it('403 9007 when the key is not linked to the merchant in the path', async () => {
    const r = await raw(sb, 'GET', '/v1/5678/services/testconnection');
    expect(r.status).toBe(403);
    expect((r.json()['errors'] as { code: string; id: string }[])[0]).toMatchObject({
      code: '9007',
      id: 'ACCESS_TO_MERCHANT_NOT_ALLOWED',
    });
    const ok = await raw(sb, 'GET', '/v1/5678/services/testconnection', { keyId: 'other-key', secret: 'other-secret' });
    expect(ok.status).toBe(200);
    const unknownMerchant = await raw(sb, 'GET', '/v1/9999/services/testconnection');
    expect(unknownMerchant.status).toBe(403);
  });

  it('optional Date skew window', async () => {
    const skewed = await start({ dateSkewMs: 5 * 60_000 });
    try {
      const old = new Date(Date.now() - 10 * 60_000).toUTCString();
      expect((await raw(skewed, 'GET', `/v1/${skewed.merchantId}/services/testconnection`, { date: old })).status).toBe(
        401,
      );
      expect((await raw(skewed, 'GET', `/v1/${skewed.merchantId}/services/testconnection`)).status).toBe(200);
      // moving the sandbox clock does not move the clients' clocks
      skewed.state.advanceClock(3 * 3600_000);
      expect((await raw(skewed, 'GET', `/v1/${skewed.merchantId}/services/testconnection`)).status).toBe(200);
    } finally {
      await skewed.close();
    }
  });

  it('payments of one merchant are invisible to another', async () => {
    const created = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: JSON.stringify(cardPayment()),
    });
    const id = (created.json()['payment'] as { id: string }).id;
    const other = await raw(sb, 'GET', `/v1/5678/payments/${id}`, { keyId: 'other-key', secret: 'other-secret' });
    expect(other.status).toBe(404);
  });
});

describe('routing and request validation', () => {
  it('unknown routes: platform-shaped JSON 404, wrong method: 405, never HTML', async () => {
    const r = await raw(sb, 'GET', `/v1/${m}/nothing/here`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.json()['errors']).toBeInstanceOf(Array);
    // the root is the dashboard now; a path no surface knows is still the platform's JSON 404
    const root = await fetch(`${sb.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/payments']);
    const unknown = await fetch(`${sb.url}/nothing/here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json');
    const wrong = await raw(sb, 'DELETE', `/v1/${m}/payments`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
    expect(JSON.stringify(wrong.json())).toContain('POST');
  });

  it('unknown property -> 400 naming it in propertyName', async () => {
    const body = cardPayment();
    (body['order'] as Record<string, unknown>)['colour'] = 'blue';
    const r = await raw(sb, 'POST', `/v1/${m}/payments`, { contentType: JSON_CT, body: JSON.stringify(body) });
    expect(r.status).toBe(400);
    const err = (r.json()['errors'] as { propertyName: string; message: string; requestId: string }[])[0];
    expect(err?.propertyName).toBe('order.colour');
    expect(err?.message).toContain('order.colour');
    expect(err?.requestId).toBeTypeOf('string');
  });

  it('wrong type deep inside an array -> 400 with an indexed propertyName', async () => {
    const body = cardPayment();
    (body['order'] as Record<string, unknown>)['items'] = [
      { amountOfMoney: { amount: 1, currencyCode: 'EUR' } },
      { amountOfMoney: { amount: 'x' } },
    ];
    const r = await raw(sb, 'POST', `/v1/${m}/payments`, { contentType: JSON_CT, body: JSON.stringify(body) });
    expect(r.status).toBe(400);
    expect((r.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe(
      'order.items[1].amountOfMoney.amount',
    );
  });

  it('missing amount, malformed JSON, wrong content type, oversized body', async () => {
    const noAmount = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: JSON.stringify({
        cardPaymentMethodSpecificInput: { card: { cardNumber: '4567350000427977', expiryDate: '1230' } },
      }),
    });
    expect(noAmount.status).toBe(400);
    expect((noAmount.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe(
      'order.amountOfMoney.amount',
    );

    const bad = await raw(sb, 'POST', `/v1/${m}/payments`, { contentType: JSON_CT, body: '{"order": ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('not valid JSON');

    const xml = await raw(sb, 'POST', `/v1/${m}/payments`, { contentType: 'text/xml', body: '<order/>' });
    expect(xml.status).toBe(415);

    const big = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(big.status).toBe(413);
    // still alive
    expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`)).status).toBe(200);
  });

  it('expired card -> 400 21000120 with propertyName', async () => {
    const r = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: JSON.stringify(cardPayment(100, { expiryDate: '0120' })),
    });
    expect(r.status).toBe(400);
    expect((r.json()['errors'] as { code: string; propertyName: string }[])[0]).toMatchObject({
      code: '21000120',
      propertyName: 'cardPaymentMethodSpecificInput.card.expiryDate',
    });
  });

  it('an unknown payment id -> 404; bad paging -> 400', async () => {
    expect((await raw(sb, 'GET', `/v1/${m}/payments/000000123499999999990000100001`)).status).toBe(404);
    const r = await raw(sb, 'GET', `/v1/${m}/payments?limit=0`);
    expect(r.status).toBe(400);
    expect((r.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe('limit');
  });

  it('amounts beyond 2^53 - 1 (not exact in JSON numbers) -> 400 naming the property; the books never drift', async () => {
    const huge = JSON.stringify(cardPayment(1000, {}, { requiresApproval: true })).replace(
      '"amount":1000',
      '"amount":100000000000000000000',
    );
    const r = await raw(sb, 'POST', `/v1/${m}/payments`, { contentType: JSON_CT, body: huge });
    expect(r.status).toBe(400);
    expect((r.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe('order.amountOfMoney.amount');
    const p = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: JSON.stringify(cardPayment(1000, {}, { requiresApproval: true })),
    });
    const id = (p.json()['payment'] as { id: string }).id;
    const cap = await raw(sb, 'POST', `/v1/${m}/payments/${id}/capture`, {
      contentType: JSON_CT,
      body: '{"amount":9007199254740993}',
    });
    expect(cap.status).toBe(400);
    expect((cap.json()['errors'] as { propertyName: string }[])[0]?.propertyName).toBe('amount');
  });

  it('an idempotence key longer than 40 characters -> 400', async () => {
    const r = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: JSON_CT,
      body: JSON.stringify(cardPayment()),
      headers: { 'X-GCS-Idempotence-Key': 'k'.repeat(41) },
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('X-GCS-Idempotence-Key');
  });
});
