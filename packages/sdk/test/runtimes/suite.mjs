/**
 * The SDK's runtime smoke suite: the same assertions on every runtime (Node with undici, Node with fetch, Bun,
 * Deno, workerd). Plain JavaScript with no import of its own: the caller passes the SDK module it resolved
 * (package `exports` conditions pick the build) and the sandbox coordinates. Answers a list of
 * `{ name, ok, detail }`; scripts/runtime-smoke.mjs compares the lists of all runtimes.
 */

/** @param {any} sdk the connect-server-sdk module @param {any} cfg sandbox coordinates and a captured webhook */
export async function runSuite(sdk, cfg) {
  const results = [];
  const events = [];
  const hooks = {
    onStart: (e) => events.push(e),
    onRetry: (e) => events.push(e),
    onEnd: (e) => events.push(e),
    onError: (e) => events.push(e),
  };
  const base = {
    host: cfg.host,
    scheme: 'http',
    port: cfg.port,
    apiKeyId: cfg.apiKeyId,
    secretApiKey: cfg.secretApiKey,
    integrator: 'runtime-smoke',
    retryInitialDelayMs: 50,
    hooks,
    ...(cfg.useFetch ? { fetch: globalThis.fetch } : {}),
  };
  const connect = new sdk.Connect(base);
  const merchant = connect.merchant(cfg.merchantId);
  const tag = `${cfg.runtime}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const fault = async (rule) => {
    const res = await fetch(`${cfg.adminUrl}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(rule),
    });
    if (res.status !== 201) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
  };
  const order = (card, reference) => ({
    order: {
      amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL' } },
      references: { merchantReference: reference },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      card: { cardNumber: card, cvv: '123', expiryDate: '1230', cardholderName: 'Smoke Test' },
    },
  });
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      results.push({ name, ok: true, detail: detail ?? '' });
    } catch (e) {
      results.push({ name, ok: false, detail: `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}` });
    }
  };
  const assert = (cond, message) => {
    if (!cond) throw new Error(message);
  };

  let paymentId;
  await check('create', async () => {
    const r = await merchant.payments.create(order('4567350000427977', `${tag}-create`));
    paymentId = r.payment?.id;
    assert(typeof paymentId === 'string' && paymentId !== '', 'no payment id');
    const end = events.find((e) => e.type === 'end' && e.operation === 'payments.create');
    assert(end?.status === 201 && end.attempts === 1, `end event ${JSON.stringify(end)}`);
    return r.payment.status;
  });

  await check('get', async () => {
    const p = await merchant.payments.get(paymentId);
    assert(p.id === paymentId, `got ${p.id}`);
    return p.status;
  });

  await check('decline error class', async () => {
    try {
      await merchant.payments.create(order('4000000000000036', `${tag}-decline`));
    } catch (e) {
      assert(e instanceof sdk.DeclinedPaymentError, `${e?.name} is not a DeclinedPaymentError`);
      assert(e.statusCode === 402, `status ${e.statusCode}`);
      const ev = events.find((x) => x.type === 'error' && x.errorClass === 'DeclinedPaymentError');
      assert(ev?.status === 402, `error event ${JSON.stringify(ev)}`);
      return `${e.name} ${e.statusCode}`;
    }
    throw new Error('the decline did not throw');
  });

  await check('timeout', async () => {
    await fault({ operation: 'payments.get', delayMs: 1500, count: 1 });
    const started = Date.now();
    try {
      await merchant.payments.get(paymentId, { timeoutMs: 300 });
    } catch (e) {
      const ms = Date.now() - started;
      assert(e instanceof sdk.TimeoutError, `${e?.name}: ${e?.message} is not a TimeoutError`);
      assert(ms < 1200, `the timeout took ${ms} ms`);
      return `${e.name} after ~300 ms`;
    }
    throw new Error('no timeout');
  });

  await check('retry on 503, one payment created', async () => {
    await fault({ operation: 'payments.create', status: 503, count: 1 });
    const reference = `${tag}-retry`;
    const r = await merchant.payments.create(order('4567350000427977', reference));
    const retry = events.find((e) => e.type === 'retry' && e.status === 503);
    assert(retry?.attempt === 2, `retry event ${JSON.stringify(retry)}`);
    const end = events.findLast((e) => e.type === 'end' && e.operation === 'payments.create');
    assert(end?.attempts === 2 && end.idempotenceKey === retry.idempotenceKey, `end event ${JSON.stringify(end)}`);
    const found = await merchant.payments.find({ merchantReference: reference });
    assert(found.totalCount === 1, `${found.totalCount} payments with reference ${reference}`);
    // the same key again: the platform replays the first answer
    const again = await merchant.payments.create(order('4567350000427977', reference), {
      idempotenceKey: end.idempotenceKey,
    });
    assert(again.payment.id === r.payment.id, 'the replay created another payment');
    const replay = events.findLast((e) => e.type === 'end' && e.operation === 'payments.create');
    assert(replay?.idempotenceReplay === true, 'the replay flag is not set');
    return 'attempts 2, 1 payment, replay flagged';
  });

  await check('webhook verification', async () => {
    const w = cfg.webhook;
    const expected = await sdk.signWebhookAsync(w.body, w.keyId, w.secretKey);
    assert(expected['X-GCS-Signature'] === w.signature, 'WebCrypto/node signature differs from the sandbox');
    const store = new sdk.InMemorySecretKeyStore({ [w.keyId]: w.secretKey });
    const helper = new sdk.WebhooksHelper({ secretKeyStore: store });
    let received;
    const handler = sdk.createFetchWebhooksHandler(helper, (event) => {
      received = event;
    });
    const request = (body) =>
      new Request('http://localhost/webhooks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-GCS-Signature': w.signature, 'X-GCS-KeyId': w.keyId },
        body,
      });
    const good = await handler(request(w.body));
    assert(good.status === 200, `genuine delivery answered ${good.status}`);
    assert(received?.id === JSON.parse(w.body).id, 'the event did not reach onEvent');
    const forged = await handler(request(w.body.replace('"', ' "')));
    assert(forged.status === 400, `forged delivery answered ${forged.status}`);
    return `${received.type} verified, forged refused`;
  });

  await check('diagnostics_channel where the runtime has it', async () => {
    const dc = globalThis.process?.getBuiltinModule?.('node:diagnostics_channel');
    if (dc === undefined) return 'not available (hooks only)';
    const seen = [];
    const listener = (m) => seen.push(m);
    dc.subscribe('connect-server-sdk:call:end', listener);
    try {
      await merchant.payments.get(paymentId);
    } finally {
      dc.unsubscribe('connect-server-sdk:call:end', listener);
    }
    assert(seen.length === 1 && seen[0].operation === 'payments.get', `channel saw ${JSON.stringify(seen)}`);
    return 'end event received';
  });

  await check('no body or secret in events', async () => {
    const text = JSON.stringify(events);
    for (const s of ['4567350000427977', '4000000000000036', cfg.secretApiKey, '"cvv"', 'Smoke Test']) {
      assert(!text.includes(s), 'an event carries a body value or the secret');
    }
    return `${events.length} events`;
  });

  await connect.close();
  return results;
}
