import { describe, expect, it } from 'vitest';
import { type AnyClient, admin, cardPayment, m, raw, sb, useSandbox, v1 } from './helpers.js';
import { submitPageForm } from './page-forms.js';

useSandbox({ refundsRequireApproval: false, settleDelayMs: 60_000 });

describe('scenarios beyond the happy path', () => {
  it('a failing 3-D Secure challenge rejects the payment, with errors in statusOutput', async () => {
    const r = await v1.payments.create(m, cardPayment(100, { cardNumber: '4000000000000010' }));
    expect(r.body.payment.status).toBe('REDIRECTED');
    const done = await admin(sb, 'POST', `/payments/${r.body.payment.id}/redirect`, { outcome: 'success' });
    expect(done.body.status).toBe('REJECTED');
    const p = await v1.payments.get(m, r.body.payment.id);
    expect(p.body.statusOutput).toMatchObject({
      statusCategory: 'UNSUCCESSFUL',
      isAuthorized: false,
      isCancellable: false,
    });
    expect(p.body.statusOutput.errors[0].code).toBe('430285');
  });

  it('a full refund settles into REFUNDED for refund and payment; nothing is refundable afterwards', async () => {
    const p = (await v1.payments.create(m, cardPayment(1000))).body.payment;
    await admin(sb, 'POST', '/clock/advance', { minutes: 2 });
    const r = await v1.payments.refund(m, p.id, {});
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('REFUND_REQUESTED'); // refundsRequireApproval: false
    expect(r.body.refundOutput.amountOfMoney.amount).toBe(1000);
    await admin(sb, 'POST', '/clock/advance', { minutes: 2 });
    const after = await v1.payments.get(m, p.id);
    expect(after.body.status).toBe('REFUNDED');
    expect(after.body.statusOutput).toMatchObject({
      statusCategory: 'REFUNDED',
      statusCode: 1800,
      isRefundable: false,
    });
    expect(after.body.paymentOutput.amountRefunded).toBe(1000);
    expect((await v1.payments.refund(m, p.id, {})).status).toBe(400);
    // SDK 5.2.0 has no returnOperations parameter: sign the call ourselves
    const withOps = {
      body: (await raw(sb, 'GET', `/v1/${m}/payments/${p.id}?returnOperations=true`)).json() as AnyClient,
    };
    expect(
      withOps.body.paymentOutput.operations.map((o: { type: string; status: string }) => `${o.type} ${o.status}`),
    ).toEqual(['CAPTURE PAID', 'REFUND REFUNDED']);
    expect((await v1.payments.get(m, p.id)).body.paymentOutput.operations).toBeUndefined();
    const events = (await admin(sb, 'GET', `/events?type=payment.refunded`)).body.events as {
      payment: { id: string };
    }[];
    expect(events.map((e) => e.payment.id)).toContain(p.id);
  });

  it('cancel of a partly captured payment keeps the captured part and releases the rest', async () => {
    const p = (await v1.payments.create(m, cardPayment(1000, {}, { requiresApproval: true }))).body.payment;
    await v1.payments.capture(m, p.id, { amount: 250, isFinal: false });
    const c = await v1.payments.cancel(m, p.id);
    expect(c.status).toBe(200);
    expect(c.body.payment.status).toBe('CAPTURE_REQUESTED');
    expect(c.body.payment.paymentOutput.amountCaptureRequested).toBe(250);
    expect((await v1.payments.capture(m, p.id, { amount: 1 })).status).toBe(409);
  });

  it('hosted checkout: cancel honours returnCancelState; a declined card shows as REJECTED', async () => {
    const mk = (returnCancelState: boolean) =>
      v1.hostedcheckouts.create(m, {
        order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
        hostedCheckoutSpecificInput: { returnUrl: 'https://shop.example/r', returnCancelState },
      });
    const a = (await mk(true)).body;
    const cancelled = await admin(sb, 'POST', `/hostedcheckouts/${a.hostedCheckoutId}/cancel`);
    expect(cancelled.body.status).toBe('CANCELLED_BY_CONSUMER');
    expect((await v1.hostedcheckouts.get(m, a.hostedCheckoutId)).body.status).toBe('CANCELLED_BY_CONSUMER');
    const b = (await mk(false)).body;
    await admin(sb, 'POST', `/hostedcheckouts/${b.hostedCheckoutId}/cancel`);
    expect((await v1.hostedcheckouts.get(m, b.hostedCheckoutId)).body.status).toBe('IN_PROGRESS');
    const paid = await admin(sb, 'POST', `/hostedcheckouts/${b.hostedCheckoutId}/pay`, {
      card: { cardNumber: '4000000000000036', expiryDate: '1230', cvv: '123' },
    });
    expect(paid.body.status).toBe(402);
    const g = await v1.hostedcheckouts.get(m, b.hostedCheckoutId);
    expect(g.body.status).toBe('PAYMENT_CREATED');
    expect(g.body.createdPaymentOutput.paymentStatusCategory).toBe('REJECTED');
    expect(g.body.createdPaymentOutput.payment.status).toBe('REJECTED');
  });

  it('a return URL with non-ASCII characters comes back percent-encoded', async () => {
    const r = await v1.payments.create(
      m,
      cardPayment(
        100,
        { cardNumber: '4012007153923001' },
        {
          threeDSecure: { redirectionData: { returnUrl: 'https://shop.example/bestätigung?naam=één' } },
        },
      ),
    );
    const back = await submitPageForm(r.body.merchantAction.redirectData.redirectURL, { outcome: 'success' });
    expect(back.status).toBe(303);
    const loc = new URL(back.headers.get('location') as string);
    expect(loc.pathname).toBe('/best%C3%A4tigung');
    expect(loc.searchParams.get('naam')).toBe('één');
  });

  it('a zero amount only verifies the account', async () => {
    const r = await v1.payments.create(m, cardPayment(0));
    expect(r.status).toBe(201);
    expect(r.body.payment.status).toBe('ACCOUNT_VERIFIED');
    expect(r.body.payment.statusOutput).toMatchObject({
      statusCategory: 'ACCOUNT_VERIFIED',
      isAuthorized: false,
      isRefundable: false,
    });
    expect((await v1.payments.captures(m, r.body.payment.id)).body.captures).toEqual([]);
  });

  it('hosted checkout with iDEAL: page -> simulated bank page -> back to the shop with RETURNMAC', async () => {
    const hc = (
      await v1.hostedcheckouts.create(m, {
        order: {
          amountOfMoney: { amount: 2500, currencyCode: 'EUR' },
          customer: { billingAddress: { countryCode: 'NL' } },
        },
        hostedCheckoutSpecificInput: { returnUrl: 'https://shop.example/done', showResultPage: false },
      })
    ).body;
    const pay = await submitPageForm(`http://${hc.partialRedirectUrl}/method/809`, { issuerId: 'INGBNL2A' });
    expect(pay.status).toBe(303);
    const bank = pay.headers.get('location') as string;
    expect(bank).toContain('/redirect/');
    expect((await v1.hostedcheckouts.get(m, hc.hostedCheckoutId)).body.createdPaymentOutput.payment.status).toBe(
      'REDIRECTED',
    );
    const back = await submitPageForm(bank, { outcome: 'success' });
    const url = new URL(back.headers.get('location') as string);
    expect(url.origin + url.pathname).toBe('https://shop.example/done');
    expect(url.searchParams.get('RETURNMAC')).toBe(hc.RETURNMAC);
    expect(url.searchParams.get('hostedCheckoutId')).toBe(hc.hostedCheckoutId);
    const g = await v1.hostedcheckouts.get(m, hc.hostedCheckoutId);
    expect(g.body.createdPaymentOutput.payment.status).toBe('CAPTURE_REQUESTED');
    expect(g.body.createdPaymentOutput.payment.paymentOutput.redirectPaymentMethodSpecificOutput.paymentProductId).toBe(
      809,
    );
  });

  it('payout to a card number that fails the Luhn check: 400 with payoutResult REJECTED', async () => {
    const r = await v1.payouts.create(m, {
      amountOfMoney: { amount: 100, currencyCode: 'EUR' },
      cardPayoutMethodSpecificInput: {
        paymentProductId: 1,
        card: { cardNumber: '4567350000427978', expiryDate: '1230' },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.payoutResult.status).toBe('REJECTED');
    expect(r.body.errors[0].code).toBe('21000020');
  });

  it('SMS-signed mandate waits in CREATED with a redirect; signing activates it', async () => {
    const r = await v1.mandates.create(m, {
      customer: { bankAccountIban: { iban: 'NL91ABNA0417164300' } },
      customerReference: 'c',
      recurrenceType: 'UNIQUE',
      signatureType: 'SMS',
    });
    expect(r.body.mandate.status).toBe('CREATED');
    expect(r.body.merchantAction.actionType).toBe('REDIRECT');
    // looking at the signing page changes nothing; signing is a POST with the page's token
    const page = await fetch(r.body.merchantAction.redirectData.redirectURL);
    expect(page.status).toBe(200);
    expect((await v1.mandates.get(m, r.body.mandate.uniqueMandateReference)).body.mandate.status).toBe('CREATED');
    expect((await submitPageForm(r.body.merchantAction.redirectData.redirectURL, {})).status).toBe(303);
    expect((await v1.mandates.get(m, r.body.mandate.uniqueMandateReference)).body.mandate.status).toBe('ACTIVE');
  });

  it('bank transfer waits for the customer (PENDING_PAYMENT with instructions); the admin API can mark it paid', async () => {
    const r = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 5000, currencyCode: 'EUR' } },
      bankTransferPaymentMethodSpecificInput: { paymentProductId: 11 },
    });
    expect(r.status).toBe(201);
    expect(r.body.payment.status).toBe('PENDING_PAYMENT');
    expect(r.body.merchantAction.actionType).toBe('SHOW_INSTRUCTIONS');
    const forced = await admin(sb, 'POST', `/payments/${r.body.payment.id}/status`, { status: 'PAID' });
    expect(forced.body.status).toBe('PAID');
    expect(forced.body.paymentOutput.amountPaid).toBe(5000);
    expect((await admin(sb, 'POST', `/payments/${r.body.payment.id}/status`, { status: 'NOPE' })).status).toBe(400);
  });

  it('approve with more than authorised is refused; approve of a non-pending payment is 402 410110', async () => {
    const p = (await v1.payments.create(m, cardPayment(500, {}, { requiresApproval: true }))).body.payment;
    const over = await v1.payments.approve(m, p.id, { amount: 501 });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].propertyName).toBe('amount');
    await v1.payments.approve(m, p.id, {});
    const again = await v1.payments.approve(m, p.id, {});
    expect(again.status).toBe(402);
    expect(again.body.errors[0].code).toBe('410110');
  });
});
