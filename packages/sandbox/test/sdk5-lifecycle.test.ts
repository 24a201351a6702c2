import { describe, expect, it } from 'vitest';
import { operations } from '../src/generated/operations.js';
import { OperationRouter as Router } from '../src/server-api/operation-router.js';
import { admin, cardPayment, m, raw, sb, sdk5, useSandbox, v1 } from './helpers.js';
import { type Recorded, recordingProxy, responseValidator } from './response-schemas.js';

/**
 * The official Node SDK 5.2.0 drives every stateful group through the sandbox, unchanged.
 * The last test asserts that every one of the 73 operations got a 2xx answer in this file.
 */
let records: Recorded[];

// every exchange goes through a recording proxy, so the last tests can check each response against the spec
useSandbox({}, async (started) => {
  const proxy = await recordingProxy(started);
  records = proxy.records;
  return proxy.sandbox;
});

async function settle(): Promise<void> {
  const r = await admin(sb, 'POST', '/clock/advance', { hours: 2 });
  expect(r.status).toBe(200);
}

describe('payments', () => {
  it('create (approval) -> get -> approve -> settle -> refund -> approve refund -> find', async () => {
    const created = await v1.payments.create(m, cardPayment(2500, {}, { requiresApproval: true }));
    expect(created.status).toBe(201);
    const p = created.body.payment;
    expect(p.id).toMatch(/^\d{30}$/);
    expect(p.status).toBe('PENDING_APPROVAL');
    expect(p.statusOutput).toMatchObject({
      statusCategory: 'PENDING_MERCHANT',
      statusCode: 600,
      isCancellable: true,
      isAuthorized: true,
      isRefundable: false,
    });
    expect(p.paymentOutput.cardPaymentMethodSpecificOutput.card.cardNumber).toBe('************7977');
    expect(JSON.stringify(created.body)).not.toContain('4567350000427977');

    const got = await v1.payments.get(m, p.id);
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('PENDING_APPROVAL');

    const approved = await v1.payments.approve(m, p.id, { amount: 2000 });
    expect(approved.status).toBe(200);
    expect(approved.body.payment.status).toBe('CAPTURE_REQUESTED');
    expect(approved.body.payment.statusOutput).toMatchObject({ statusCode: 800, isRefundable: false });

    // 800 is not refundable yet
    const early = await v1.payments.refund(m, p.id, { amountOfMoney: { amount: 100, currencyCode: 'EUR' } });
    expect(early.status).toBe(400);

    await settle();
    const paid = await v1.payments.get(m, p.id);
    expect(paid.body.status).toBe('PAID');
    expect(paid.body.statusOutput).toMatchObject({ statusCategory: 'COMPLETED', statusCode: 1000, isRefundable: true });
    expect(paid.body.paymentOutput.amountPaid).toBe(2000);

    const refund = await v1.payments.refund(m, p.id, {
      amountOfMoney: { amount: 500, currencyCode: 'EUR' },
      refundReferences: { merchantReference: 'refund-1' },
    });
    expect(refund.status).toBe(201);
    expect(refund.body.status).toBe('PENDING_APPROVAL');
    expect(refund.body.statusOutput.isCancellable).toBe(true);

    const tooMuch = await v1.payments.refund(m, p.id, { amountOfMoney: { amount: 1501, currencyCode: 'EUR' } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].propertyName).toBe('amountOfMoney.amount');

    expect((await v1.refunds.approve(m, refund.body.id, { amount: 500 })).status).toBe(204);
    expect((await v1.refunds.get(m, refund.body.id)).body.status).toBe('REFUND_REQUESTED');
    expect((await v1.refunds.cancelapproval(m, refund.body.id)).status).toBe(204);
    expect((await v1.refunds.get(m, refund.body.id)).body.status).toBe('PENDING_APPROVAL');
    expect((await v1.refunds.approve(m, refund.body.id, {})).status).toBe(204);
    await settle();
    const refunded = await v1.refunds.get(m, refund.body.id);
    expect(refunded.body.status).toBe('REFUNDED');
    expect(refunded.body.statusOutput.statusCategory).toBe('REFUNDED');

    const list = await v1.payments.refunds(m, p.id);
    expect(list.body.refunds).toHaveLength(1);
    const caps = await v1.payments.captures(m, p.id);
    expect(caps.body.captures).toHaveLength(1);
    expect(caps.body.captures[0].captureOutput.amountOfMoney.amount).toBe(2000);
    expect((await v1.captures.get(m, caps.body.captures[0].id)).body.status).toBe('PAID');

    const found = await v1.payments.find(m, {
      merchantReference: created.body.payment.paymentOutput.references.merchantReference,
    });
    expect(found.status).toBe(200);
    expect(found.body.payments.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(found.body.totalCount).toBe(1);

    const rf = await v1.refunds.find(m, { merchantReference: 'refund-1' });
    expect(rf.body.refunds.map((x: { id: string }) => x.id)).toEqual([refund.body.id]);
  });

  it('multiple partial captures, finalizecapture, capture refund, over-capture refused', async () => {
    const p = (await v1.payments.create(m, cardPayment(1000, {}, { requiresApproval: true }))).body.payment;
    const c1 = await v1.payments.capture(m, p.id, { amount: 300, isFinal: false });
    expect(c1.status).toBe(200);
    expect(c1.body.status).toBe('CAPTURE_REQUESTED');
    expect((await v1.payments.get(m, p.id)).body.status).toBe('PENDING_CAPTURE');
    const c2 = await v1.payments.capture(m, p.id, { amount: 200 });
    expect(c2.status).toBe(200);
    const over = await v1.payments.capture(m, p.id, { amount: 501 });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].message).toContain('500');
    // SDK 5.2.0 has no finalizecapture method: sign the call ourselves
    const fin = await raw(sb, 'POST', `/v1/${m}/payments/${p.id}/finalizecapture`);
    expect(fin.status).toBe(200);
    const finBody = fin.json() as { status: string; paymentOutput: { amountCaptureRequested: number } };
    expect(finBody.status).toBe('CAPTURE_REQUESTED');
    expect(finBody.paymentOutput.amountCaptureRequested).toBe(500);
    await settle();
    const capRefund = await v1.captures.refund(m, c1.body.id, { amountOfMoney: { amount: 300, currencyCode: 'EUR' } });
    expect(capRefund.status).toBe(201);
    const again = await v1.captures.refund(m, c1.body.id, { amountOfMoney: { amount: 1, currencyCode: 'EUR' } });
    expect(again.status).toBe(400);
    expect((await v1.refunds.cancel(m, capRefund.body.id)).status).toBe(204);
    expect((await v1.refunds.get(m, capRefund.body.id)).body.status).toBe('CANCELLED');
    // the cancelled refund gives the amount back
    expect(
      (await v1.captures.refund(m, c1.body.id, { amountOfMoney: { amount: 300, currencyCode: 'EUR' } })).status,
    ).toBe(201);
  });

  it('cancel, cancelapproval, sale mode, tokenize, third party status, device fingerprint', async () => {
    const a = (await v1.payments.create(m, cardPayment(700, {}, { requiresApproval: true }))).body.payment;
    const cancelled = await v1.payments.cancel(m, a.id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.payment.status).toBe('CANCELLED');
    expect(cancelled.body.payment.statusOutput).toMatchObject({
      statusCode: 99999,
      isCancellable: false,
      statusCategory: 'UNSUCCESSFUL',
    });
    expect((await v1.payments.cancel(m, a.id)).status).toBe(409);

    const sale = await v1.payments.create(m, cardPayment(800));
    expect(sale.body.payment.status).toBe('CAPTURE_REQUESTED');
    const undo = await v1.payments.cancelapproval(m, sale.body.payment.id);
    expect(undo.status).toBe(200);
    expect(undo.body.payment.status).toBe('PENDING_APPROVAL');

    const tok = await v1.payments.tokenize(m, sale.body.payment.id, { alias: 'my card' });
    expect([200, 201]).toContain(tok.status);
    expect(tok.body.token).toMatch(/^[0-9a-f-]{36}$/);
    const tok2 = await v1.payments.tokenize(m, sale.body.payment.id, {});
    expect(tok2.body).toMatchObject({ token: tok.body.token, isNewToken: false });

    expect((await v1.payments.thirdPartyStatus(m, sale.body.payment.id)).body.thirdPartyStatus).toBeTypeOf('string');
    const df = await v1.payments.devicefingerprint(m, sale.body.payment.id);
    expect(df.status).toBe(200);
    expect(df.body.paymentId).toBe(sale.body.payment.id);
  });

  it('declined card: 402 with paymentResult REJECTED; Luhn failure: 400 with paymentResult', async () => {
    const d = await v1.payments.create(m, cardPayment(1000, { cardNumber: '4000000000009995' }));
    expect(d.status).toBe(402);
    expect(d.body.errors[0].code).toBe('430360');
    expect(d.body.paymentResult.payment.status).toBe('REJECTED');
    expect(d.body.paymentResult.payment.statusOutput).toMatchObject({
      statusCategory: 'UNSUCCESSFUL',
      statusCode: 100,
      isAuthorized: false,
    });
    // the rejected payment exists
    expect((await v1.payments.get(m, d.body.paymentResult.payment.id)).body.status).toBe('REJECTED');

    const discover = await v1.payments.create(m, {
      ...cardPayment(2100, { cardNumber: '6011000991300009' }),
      order: { amountOfMoney: { amount: 2100, currencyCode: 'USD' } },
    });
    expect(discover.status).toBe(402);
    expect(discover.body.errors[0].code).toBe('430409');

    const luhn = await v1.payments.create(m, cardPayment(1000, { cardNumber: '4567350000427978' }));
    expect(luhn.status).toBe(400);
    expect(luhn.body.errors[0].code).toBe('21000020');
    expect(luhn.body.paymentResult.payment.status).toBe('REJECTED');
    expect(JSON.stringify(luhn.body)).not.toContain('4567350000427978');
  });

  it('fraud by billing city: Calais challenged -> processchallenged; Denver denied', async () => {
    const body = cardPayment(1000);
    (body['order'] as { customer: unknown }).customer = { billingAddress: { countryCode: 'FR', city: 'Calais' } };
    const c = await v1.payments.create(m, body);
    expect(c.body.payment.status).toBe('PENDING_FRAUD_APPROVAL');
    expect(c.body.payment.statusOutput.statusCode).toBe(525);
    const processed = await v1.payments.processchallenged(m, c.body.payment.id);
    expect(processed.status).toBe(200);
    expect(processed.body.status).toBe('CAPTURE_REQUESTED');

    (body['order'] as { customer: unknown }).customer = { billingAddress: { countryCode: 'US', city: 'Denver' } };
    const d = await v1.payments.create(m, body);
    expect(d.status).toBe(402);
    expect(d.body.paymentResult.payment.statusOutput.statusCode).toBe(160);
  });

  it('3-D Secure challenge card -> REDIRECTED with redirectData on the sandbox; page leads back with RETURNMAC', async () => {
    const r = await v1.payments.create(
      m,
      cardPayment(
        100,
        { cardNumber: '4012007153923001' },
        {
          threeDSecure: { redirectionData: { returnUrl: 'https://shop.example/return?order=7' } },
        },
      ),
    );
    expect(r.status).toBe(201);
    expect(r.body.payment.status).toBe('REDIRECTED');
    expect(r.body.payment.statusOutput.statusCategory).toBe('PENDING_PAYMENT');
    expect(r.body.merchantAction.actionType).toBe('REDIRECT');
    const { redirectURL, RETURNMAC } = r.body.merchantAction.redirectData;
    expect(redirectURL.startsWith(sb.url)).toBe(true);
    const page = await fetch(redirectURL);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Authenticate');
    const done = await fetch(`${redirectURL}/success`, { redirect: 'manual' });
    expect(done.status).toBe(302);
    const loc = new URL(done.headers.get('location') as string);
    expect(loc.origin + loc.pathname).toBe('https://shop.example/return');
    expect(loc.searchParams.get('order')).toBe('7');
    expect(loc.searchParams.get('RETURNMAC')).toBe(RETURNMAC);
    expect((await v1.payments.get(m, r.body.payment.id)).body.status).toBe('CAPTURE_REQUESTED');
  });

  it('redirect product (iDEAL 809) and completion card (complete)', async () => {
    const ideal = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 1500, currencyCode: 'EUR' } },
      redirectPaymentMethodSpecificInput: {
        paymentProductId: 809,
        paymentProduct809SpecificInput: { issuerId: 'INGBNL2A' },
        redirectionData: { returnUrl: 'https://shop.example/back' },
      },
    });
    expect(ideal.status).toBe(201);
    expect(ideal.body.payment.status).toBe('REDIRECTED');
    expect(ideal.body.merchantAction.redirectData.RETURNMAC).toMatch(/^[0-9a-f-]{36}$/);

    const pc = await v1.payments.create(m, cardPayment(900, { cardNumber: '4000000000000077' }));
    expect(pc.body.payment.status).toBe('PENDING_COMPLETION');
    const completed = await v1.payments.complete(m, pc.body.payment.id, {
      cardPaymentMethodSpecificInput: { card: { cardNumber: '4000000000000077', expiryDate: '1230' } },
    });
    expect(completed.status).toBe(200);
    expect(completed.body.payment.status).toBe('CAPTURE_REQUESTED');
  });

  it('idempotent replay returns the first outcome with X-GCS-Idempotence-Request-Timestamp', async () => {
    const ctx: { idempotence: { key: string; requestTimestamp?: string } } = {
      idempotence: { key: `idem-${Date.now()}` },
    };
    const first = await v1.payments.create(m, cardPayment(1234), ctx);
    expect(first.status).toBe(201);
    expect(ctx.idempotence.requestTimestamp).toBeUndefined();
    const second = await v1.payments.create(m, cardPayment(9999), ctx);
    expect(second.status).toBe(201);
    expect(second.body.payment.id).toBe(first.body.payment.id);
    expect(second.body.payment.paymentOutput.amountOfMoney.amount).toBe(1234);
    expect(Number(ctx.idempotence.requestTimestamp)).toBeGreaterThan(0);
    // a declined first outcome replays as the same 402
    const dctx = { idempotence: { key: `idem-decline-${Date.now()}` } };
    const d1 = await v1.payments.create(m, cardPayment(1000, { cardNumber: '4000000000000036' }), dctx);
    const d2 = await v1.payments.create(m, cardPayment(1000, { cardNumber: '4000000000000036' }), dctx);
    expect(d1.status).toBe(402);
    expect(d2.status).toBe(402);
    expect(d2.body.paymentResult.payment.id).toBe(d1.body.paymentResult.payment.id);
  });

  it('disputes: dispute -> upload file -> get file -> submit -> cancel; disputes lists', async () => {
    const p = (await v1.payments.create(m, cardPayment(5000))).body.payment;
    await settle();
    const d = await v1.payments.dispute(m, p.id, {
      amountOfMoney: { amount: 5000, currencyCode: 'EUR' },
      contactPerson: 'Jane',
      emailAddress: 'jane@example.com',
      requestMessage: 'goods not received',
    });
    expect(d.status).toBe(201);
    expect(d.body.status).toBe('DRAFT');
    const up = await v1.disputes.uploadFile(m, d.body.id, {
      file: { fileName: 'proof.txt', contentType: 'text/plain', content: Buffer.from('delivery receipt 42') },
    });
    expect(up.status).toBe(200);
    expect(up.body.disputeId).toBe(d.body.id);
    const file = await v1.files.getFile(m, up.body.fileId);
    expect(file.status).toBe(200);
    const chunks: Buffer[] = [];
    for await (const c of file.body) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe('delivery receipt 42');
    expect(file.file.contentType).toBe('text/plain');
    const got = await v1.disputes.get(m, d.body.id);
    expect(got.body.disputeOutput.files).toEqual([
      { id: up.body.fileId, fileName: 'proof.txt', fileType: 'text/plain', fileSize: '19' },
    ]);
    expect((await v1.disputes.submit(m, d.body.id)).body.status).toBe('CREATED');
    expect((await v1.disputes.cancel(m, d.body.id)).body.status).toBe('CANCELLED');
    expect((await v1.payments.disputes(m, p.id)).body.disputes).toHaveLength(1);

    const capId = (await v1.payments.captures(m, p.id)).body.captures[0].id;
    const cd = await raw(sb, 'POST', `/v1/${m}/captures/${capId}/dispute`, {
      contentType: 'application/json',
      body: JSON.stringify({ amountOfMoney: { amount: 100, currencyCode: 'EUR' } }),
    });
    expect(cd.status).toBe(201);
    const cds = await raw(sb, 'GET', `/v1/${m}/captures/${capId}/disputes`);
    expect(cds.status).toBe(200);
    expect((cds.json()['disputes'] as unknown[]).length).toBe(1);
  });
});

describe('payouts', () => {
  it('create -> get -> approve -> cancelapproval -> approve -> settle -> find; cancel', async () => {
    const body = {
      amountOfMoney: { amount: 3000, currencyCode: 'EUR' },
      bankTransferPayoutMethodSpecificInput: {
        bankAccountIban: { iban: 'NL91ABNA0417164300', accountHolderName: 'J. Doe' },
        payoutText: 'refund',
      },
      references: { merchantReference: `payout-${Date.now()}` },
    };
    const c = await v1.payouts.create(m, body);
    expect(c.status).toBe(201);
    expect(c.body.status).toBe('PENDING_APPROVAL');
    expect(c.body.statusOutput.statusCategory).toBe('PENDING_MERCHANT');
    expect((await v1.payouts.get(m, c.body.id)).body.id).toBe(c.body.id);
    const a = await v1.payouts.approve(m, c.body.id, { datePayout: '20300101' });
    expect(a.status).toBe(200);
    expect(a.body.status).toBe('PAYOUT_REQUESTED');
    expect((await v1.payouts.cancelapproval(m, c.body.id)).status).toBe(204);
    expect((await v1.payouts.get(m, c.body.id)).body.status).toBe('PENDING_APPROVAL');
    await v1.payouts.approve(m, c.body.id, {});
    await settle();
    expect((await v1.payouts.get(m, c.body.id)).body.status).toBe('ACCOUNT_CREDITED');
    const f = await v1.payouts.find(m, { merchantReference: body.references.merchantReference });
    expect(f.body.payouts.map((x: { id: string }) => x.id)).toEqual([c.body.id]);

    const other = await v1.payouts.create(m, body);
    expect((await v1.payouts.cancel(m, other.body.id)).status).toBe(204);
    expect((await v1.payouts.get(m, other.body.id)).body.status).toBe('CANCELLED');
  });
});

describe('tokens and mandates', () => {
  it('token create -> get -> update -> approvesepadirectdebit -> remove -> 404', async () => {
    const body = {
      paymentProductId: 1,
      card: { data: { cardWithoutCvv: { cardNumber: '4111111111111111', expiryDate: '1230', cardholderName: 'A B' } } },
    };
    const t = await v1.tokens.create(m, body);
    expect(t.status).toBe(201);
    expect(t.body.isNewToken).toBe(true);
    const same = await v1.tokens.create(m, body);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ token: t.body.token, isNewToken: false });
    const g = await v1.tokens.get(m, t.body.token);
    expect(g.body.card.data.cardWithoutCvv.cardNumber).toBe('************1111');
    expect((await v1.tokens.update(m, t.body.token, { paymentProductId: 1, card: { alias: 'renamed' } })).status).toBe(
      204,
    );
    expect((await v1.tokens.get(m, t.body.token)).body.card.alias).toBe('renamed');
    expect(
      (await v1.tokens.approvesepadirectdebit(m, t.body.token, { mandateSignaturePlace: 'Amsterdam' })).status,
    ).toBe(204);
    // pay with the token
    const byToken = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
      cardPaymentMethodSpecificInput: { token: t.body.token },
    });
    expect(byToken.status).toBe(201);
    expect(byToken.body.payment.paymentOutput.cardPaymentMethodSpecificOutput.card.cardNumber).toBe('************1111');
    expect((await v1.tokens.remove(m, t.body.token, { mandateCancelDate: '20300101' })).status).toBe(204);
    expect((await v1.tokens.get(m, t.body.token)).status).toBe(404);
  });

  it('mandate create -> get -> block -> unblock -> revoke; createWithMandateReference', async () => {
    const body = {
      customer: {
        bankAccountIban: { iban: 'NL91ABNA0417164300' },
        personalInformation: { name: { firstName: 'Jan', surname: 'Jansen' } },
      },
      customerReference: 'cust-1',
      recurrenceType: 'RECURRING',
      signatureType: 'UNSIGNED',
    };
    const c = await v1.mandates.create(m, body);
    expect(c.status).toBe(201);
    const ref = c.body.mandate.uniqueMandateReference;
    expect(c.body.mandate.status).toBe('ACTIVE');
    expect(JSON.stringify(c.body)).not.toContain('NL91ABNA0417164300');
    expect((await v1.mandates.get(m, ref)).body.mandate.status).toBe('ACTIVE');
    expect((await v1.mandates.block(m, ref)).body.mandate.status).toBe('BLOCKED');
    expect((await v1.mandates.unblock(m, ref)).body.mandate.status).toBe('ACTIVE');
    expect((await v1.mandates.revoke(m, ref)).body.mandate.status).toBe('REVOKED');
    expect((await v1.mandates.block(m, ref)).status).toBe(409);
    const w = await v1.mandates.createWithMandateReference(m, 'MY-MANDATE-1', body);
    expect(w.status).toBe(201);
    expect(w.body.mandate.uniqueMandateReference).toBe('MY-MANDATE-1');
  });
});

describe('hosted checkout, hosted mandate management, sessions', () => {
  it('hosted checkout create -> get IN_PROGRESS -> pay -> PAYMENT_CREATED -> remove', async () => {
    const c = await v1.hostedcheckouts.create(m, {
      order: {
        amountOfMoney: { amount: 4200, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      hostedCheckoutSpecificInput: { locale: 'en_GB', returnUrl: 'https://shop.example/hc-return' },
    });
    expect(c.status).toBe(201);
    expect(c.body.hostedCheckoutId).toMatch(/^\d{4}-[0-9a-f]{32}$/);
    expect(c.body.RETURNMAC).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.body.partialRedirectUrl).toBe(`127.0.0.1:${sb.port}/hostedcheckout/${c.body.hostedCheckoutId}`);
    const page = await fetch(`http://${c.body.partialRedirectUrl}`);
    expect(page.status).toBe(200);
    const g = await v1.hostedcheckouts.get(m, c.body.hostedCheckoutId);
    expect(g.body).toEqual({ status: 'IN_PROGRESS' });
    // the customer pays on the page
    const pay = await fetch(`http://${c.body.partialRedirectUrl}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'cardNumber=4567350000427977&expiryDate=1230&cvv=123',
      redirect: 'manual',
    });
    expect(pay.status).toBe(302);
    const back = new URL(pay.headers.get('location') as string);
    expect(back.searchParams.get('RETURNMAC')).toBe(c.body.RETURNMAC);
    expect(back.searchParams.get('hostedCheckoutId')).toBe(c.body.hostedCheckoutId);
    const g2 = await v1.hostedcheckouts.get(m, c.body.hostedCheckoutId);
    expect(g2.body.status).toBe('PAYMENT_CREATED');
    expect(g2.body.createdPaymentOutput.payment.paymentOutput.amountOfMoney.amount).toBe(4200);
    expect(g2.body.createdPaymentOutput.paymentStatusCategory).toBe('SUCCESSFUL');
    const byHc = await v1.payments.find(m, { hostedCheckoutId: c.body.hostedCheckoutId });
    expect(byHc.body.payments).toHaveLength(1);
    expect((await v1.hostedcheckouts.remove(m, c.body.hostedCheckoutId)).status).toBe(204);
    expect((await v1.hostedcheckouts.get(m, c.body.hostedCheckoutId)).status).toBe(404);
  });

  it('hosted mandate management create -> get -> sign -> MANDATE_CREATED', async () => {
    const c = await v1.hostedmandatemanagements.create(m, {
      createMandateInfo: { customerReference: 'cust-9', recurrenceType: 'UNIQUE', signatureType: 'UNSIGNED' },
      hostedMandateManagementSpecificInput: { returnUrl: 'https://shop.example/mandate', locale: 'nl_NL' },
    });
    expect(c.status).toBe(201);
    expect(c.body.RETURNMAC).toBeTypeOf('string');
    expect((await v1.hostedmandatemanagements.get(m, c.body.hostedMandateManagementId)).body.status).toBe(
      'IN_PROGRESS',
    );
    const sign = await fetch(`http://${c.body.partialRedirectUrl}/sign`, { redirect: 'manual' });
    expect(sign.status).toBe(302);
    const g = await v1.hostedmandatemanagements.get(m, c.body.hostedMandateManagementId);
    expect(g.body.status).toBe('MANDATE_CREATED');
    expect(g.body.mandate.customerReference).toBe('cust-9');
  });

  it('session create', async () => {
    const s = await v1.sessions.create(m, { tokens: ['no-such-token'] });
    expect(s.status).toBe(201);
    expect(s.body.clientSessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.body.invalidTokens).toEqual(['no-such-token']);
    expect(s.body.clientApiUrl.startsWith(sb.url)).toBe(true);
  });
});

describe('catalogue and services answer through the SDK', () => {
  it('products, product groups, services, installments, risk assessments', async () => {
    const q = { countryCode: 'NL', currencyCode: 'EUR', amount: 1000, locale: 'en_GB', isRecurring: false };
    const products = await v1.products.find(m, q);
    expect(products.status).toBe(200);
    expect(products.body.paymentProducts.length).toBeGreaterThan(0);
    const visa = await v1.products.get(m, 1, q);
    expect(visa.status).toBe(200);
    expect(visa.body.id).toBe(1);
    expect((await v1.products.directory(m, 809, { countryCode: 'NL', currencyCode: 'EUR' })).status).toBe(200);
    expect(
      (await v1.products.networks(m, 302, { countryCode: 'NL', currencyCode: 'EUR', amount: 1000, isRecurring: false }))
        .status,
    ).toBe(200);
    expect(
      (await v1.products.customerDetails(m, 9000, { countryCode: 'SE', values: [{ key: 'fiscalNumber', value: '1' }] }))
        .status,
    ).toBe(200);
    expect((await v1.products.deviceFingerprint(m, 9000, { collectorCallback: 'cb' })).status).toBe(200);
    expect(
      (
        await v1.products.sessions(m, 302, {
          paymentProductSession302SpecificInput: {
            displayName: 'Shop',
            domainName: 'shop.example',
            validationUrl: 'https://apple-pay-gateway.apple.com/x',
          },
        })
      ).status,
    ).toBe(200);
    expect((await v1.productgroups.find(m, q)).status).toBe(200);
    expect((await v1.productgroups.get(m, 'cards', q)).status).toBe(200);
    expect((await v1.productgroups.deviceFingerprint(m, 'cards', { collectorCallback: 'cb' })).status).toBe(200);
    expect((await v1.services.convertAmount(m, { source: 'EUR', target: 'USD', amount: 100 })).status).toBe(200);
    expect((await v1.services.bankaccount(m, { bankAccountIban: { iban: 'NL91ABNA0417164300' } })).status).toBe(200);
    const iin = await v1.services.getIINdetails(m, { bin: '456735' });
    expect(iin.status).toBe(200);
    expect(iin.body.paymentProductId).toBe(1);
    expect((await v1.services.privacypolicy(m, { locale: 'en_GB' })).status).toBe(200);
    expect((await v1.services.testconnection(m)).body).toEqual({ result: 'OK' });
    expect(
      (
        await v1.installments.getInstallmentsInfo(m, {
          amountOfMoney: { amount: 10000, currencyCode: 'EUR' },
          bin: '456735',
          countryCode: 'NL',
          paymentProductId: 1,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await v1.riskassessments.bankaccounts(m, {
          bankAccountIban: { iban: 'NL91ABNA0417164300' },
          order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await v1.riskassessments.cards(m, {
          card: { cardNumber: '4567350000427977', expiryDate: '1230' },
          order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
        })
      ).status,
    ).toBe(200);
  });
});

describe('authentication as the SDK sends it', () => {
  it('a wrong secret key gets 401 with code 9002', async () => {
    const bad = sdk5(sb, 'not-the-secret');
    const r = await bad.services.testconnection(m);
    expect(r.status).toBe(401);
    expect(r.body.errors[0]).toMatchObject({
      code: '9002',
      id: 'MISSING_OR_INVALID_AUTHORIZATION',
      httpStatusCode: 401,
    });
    expect(JSON.stringify(r.body)).not.toContain(sb.secretApiKey);
  });
});

describe('coverage', () => {
  it('every operation of the table answered 2xx at least once in this file', () => {
    const all = operations.map((o) => o.id).sort();
    expect(all).toHaveLength(73);
    expect([...sb.state.operationsSucceeded].sort()).toEqual(all);
  });
});

describe('every response of this file matches the spec', () => {
  const router = new Router();
  const exchanges = () =>
    records
      .filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/files/v1/'))
      .map((r) => {
        const op = router.match(r.method, r.path.split('?')[0] as string).op;
        return { ...r, op };
      });

  it('the strict validator itself rejects unknown fields, wrong types and unknown statuses', () => {
    const v = responseValidator('PaymentResponse');
    expect(v({ id: '1', status: 'CAPTURED' })).toBe(true);
    expect(v({ id: '1', statusOutput: { statusCode: 800, bogus: 1 } })).toBe(false);
    expect(v({ id: 1 })).toBe(false);
    expect(v({ id: '1', status: 'NOT_A_STATUS' })).toBe(false);
    expect(v({ id: '1', paymentOutput: { amountOfMoney: { amount: '5' } } })).toBe(false);
  });

  it('success bodies validate field by field against the response schemas (closed objects, known enum values)', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of exchanges()) {
      if (r.status >= 300 || r.op.responseBody === null || r.op.responseBody === 'binary') continue;
      const validate = responseValidator(r.op.responseBody);
      checked++;
      if (!validate(JSON.parse(r.body.toString('utf8')))) {
        failures.push(`${r.op.id} ${r.status}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
      }
    }
    expect(checked).toBeGreaterThan(73);
    expect(failures).toEqual([]);
  });

  it('status codes: the exact success code of the spec, 204 with an empty body, 201 with a Location', () => {
    const failures: string[] = [];
    for (const r of exchanges()) {
      if (r.status >= 300) continue;
      if (r.op.successStatus !== null && r.status !== r.op.successStatus) {
        failures.push(`${r.op.id}: ${r.status}, spec says ${r.op.successStatus}`);
      }
      if (r.op.responseBody === null && (r.status !== 204 || r.body.length !== 0)) {
        failures.push(`${r.op.id}: void call answered ${r.status} with ${r.body.length} bytes`);
      }
      // a session has no URI of its own (no GET), so its 201 carries no Location
      if (r.status === 201 && r.op.id !== 'sessions.create' && typeof r.headers['location'] !== 'string') {
        failures.push(`${r.op.id}: 201 without Location`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('error bodies are platform-shaped with the operation-specific error type', () => {
    const failures: string[] = [];
    for (const r of exchanges()) {
      if (r.status < 400 || r.status === 404 || r.status === 405) continue;
      const validate = responseValidator(r.op.errorBody);
      if (!validate(JSON.parse(r.body.toString('utf8')))) {
        failures.push(`${r.op.id} ${r.status}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
