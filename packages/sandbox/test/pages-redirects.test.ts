// Redirect products, bank transfer, the redirect pages of a server-built payment, hosted mandate management
// and the card form in each locale, in a real browser (headless Chromium) by visible labels and roles. Each
// flow ends at the shop with a RETURNMAC the SDK accepts; statuses are read with connect-sdk-nodejs 5.x.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasBrowser, newPage } from '../../../test/support/browser.js';
import { m, useSandbox, v1 } from './helpers.js';
import { backAtShop, checkPage, expectHeading, typeCard, useBrowserAndShop } from './pages-support.js';

useSandbox();

describe.skipIf(!hasBrowser && !process.env.CI)('redirect and provider pages in the browser', () => {
  const s = useBrowserAndShop();

  async function checkout(locale = 'en_GB') {
    const r = await v1.hostedcheckouts.create(m, {
      order: {
        amountOfMoney: { amount: 4599, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      hostedCheckoutSpecificInput: { returnUrl: `${s.shop.url}/return`, locale },
    });
    return r.body as { RETURNMAC: string; hostedCheckoutId: string; partialRedirectUrl: string };
  }
  const lastPayment = async (id: string) => (await v1.hostedcheckouts.get(m, id)).body.createdPaymentOutput.payment;

  async function choose(page: Page, hc: { partialRedirectUrl: string }, method: string | RegExp) {
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await page.getByRole('link', { name: method }).click();
  }

  it('iDEAL: the bank chosen from the issuer list shows its (simulated) page; approved', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await choose(page, hc, 'iDEAL | Wero');
    await page.getByLabel('Select your bank').selectOption({ label: 'ING' });
    await checkPage(page, 'redirect-1-ideal-banks');
    await page.getByRole('button', { name: 'Continue to iDEAL | Wero' }).click();
    await expectHeading(page, 'iDEAL: ING');
    await checkPage(page, 'redirect-2-ideal-bank-page');
    await page.getByRole('button', { name: 'Approve payment' }).click();
    await expectHeading(page, 'Payment successful');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    const back = await backAtShop(page, s.shop, hc.RETURNMAC);
    expect(back.searchParams.get('hostedCheckoutId')).toBe(hc.hostedCheckoutId);
    const p = await lastPayment(hc.hostedCheckoutId);
    expect(p.status).toBe('CAPTURE_REQUESTED');
    expect(p.paymentOutput.redirectPaymentMethodSpecificOutput.paymentProductId).toBe(809);
  });

  it('PayPal: cancelled on the provider page; the result offers another try and the way back', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await choose(page, hc, 'PayPal');
    await page.getByRole('button', { name: 'Continue to PayPal' }).click();
    await expectHeading(page, 'PayPal');
    await checkPage(page, 'redirect-3-paypal');
    await page.getByRole('button', { name: 'Cancel and go back' }).click();
    await expectHeading(page, 'Payment cancelled');
    expect(await page.getByRole('link', { name: 'Try again' }).isVisible()).toBe(true);
    await checkPage(page, 'redirect-4-result-cancelled');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    expect((await lastPayment(hc.hostedCheckoutId)).status).toBe('CANCELLED');
  });

  it('bank transfer: instructions with IBAN and reference, payment waits for the money', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await choose(page, hc, 'Bank transfer');
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await expectHeading(page, 'Bank transfer instructions');
    expect(await page.getByText('NL00SBOX0000000000').isVisible()).toBe(true);
    await checkPage(page, 'redirect-5-bank-transfer');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    expect((await lastPayment(hc.hostedCheckoutId)).status).toBe('PENDING_PAYMENT');
  });

  it('a server-built 3-D Secure payment: challenge page, then its own returnUrl with RETURNMAC', async () => {
    const r = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 1250, currencyCode: 'GBP' } },
      cardPaymentMethodSpecificInput: {
        paymentProductId: 1,
        card: { cardNumber: '4012007153923001', expiryDate: '1230', cvv: '123' },
        threeDSecure: { redirectionData: { returnUrl: `${s.shop.url}/3ds-return` } },
      },
    });
    expect(r.body.merchantAction.actionType).toBe('REDIRECT');
    const page = await newPage(s.browser);
    await page.goto(r.body.merchantAction.redirectData.redirectURL);
    await expectHeading(page, '3-D Secure verification');
    expect(await page.getByText('£12.50').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    const back = await backAtShop(page, s.shop, r.body.merchantAction.redirectData.RETURNMAC);
    expect(back.searchParams.get('paymentId')).toBe(r.body.payment.id);
    expect((await v1.payments.get(m, r.body.payment.id)).body.status).toBe('CAPTURE_REQUESTED');
  });

  it('hosted mandate management: review, sign, back to the shop; the mandate exists', async () => {
    const c = await v1.hostedmandatemanagements.create(m, {
      createMandateInfo: {
        customer: {
          bankAccountIban: { iban: 'NL91ABNA0417164300' },
          personalInformation: { name: { firstName: 'Jan', surname: 'Jansen' } },
        },
        customerReference: 'cust-7',
        recurrenceType: 'RECURRING',
        signatureType: 'UNSIGNED',
      },
      hostedMandateManagementSpecificInput: { returnUrl: `${s.shop.url}/mandate` },
    });
    const page = await newPage(s.browser);
    await page.goto(`http://${c.body.partialRedirectUrl}`);
    await expectHeading(page, 'Direct debit mandate');
    expect(await page.getByText('Jan Jansen').isVisible()).toBe(true);
    await checkPage(page, 'mandate-1-review');
    await page.getByRole('button', { name: 'Sign the mandate' }).click();
    const back = await backAtShop(page, s.shop, c.body.RETURNMAC);
    expect(back.searchParams.get('hostedMandateManagementId')).toBe(c.body.hostedMandateManagementId);
    const g = await v1.hostedmandatemanagements.get(m, c.body.hostedMandateManagementId);
    expect(g.body.status).toBe('MANDATE_CREATED');
    expect(g.body.mandate.customerReference).toBe('cust-7');
  });

  it("saved cards (the checkout's tokens): listed first, paid with one button, the payment uses the token", async () => {
    const token = (
      await v1.tokens.create(m, {
        paymentProductId: 1,
        card: { data: { cardWithoutCvv: { cardNumber: '4567350000427977', expiryDate: '1130', cardholderName: 'J' } } },
      })
    ).body.token as string;
    const r = await v1.hostedcheckouts.create(m, {
      order: {
        amountOfMoney: { amount: 4599, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      hostedCheckoutSpecificInput: { returnUrl: `${s.shop.url}/return`, locale: 'en_GB', tokens: `${token},not-mine` },
    });
    expect(r.body.invalidTokens).toEqual(['not-mine']);
    const page = await newPage(s.browser);
    await page.goto(`http://${r.body.partialRedirectUrl}`);
    expect(await page.getByRole('heading', { name: 'Your saved cards' }).isVisible()).toBe(true);
    await checkPage(page, 'saved-1-methods');
    await page.getByRole('link', { name: /VISA •••• 7977/ }).click();
    await expectHeading(page, 'VISA •••• 7977');
    expect(await page.getByText('valid until 11/30').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await expectHeading(page, 'Payment successful');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    await backAtShop(page, s.shop, r.body.RETURNMAC);
    const p = await lastPayment(r.body.hostedCheckoutId);
    expect(p.status).toBe('CAPTURE_REQUESTED');
    expect(p.paymentOutput.cardPaymentMethodSpecificOutput.token).toBe(token);
  });

  it('the remaining pages pass axe too: in progress, failed result, used-up form, not found, mandate pages', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await choose(page, hc, /Credit or debit card/);
    await typeCard(page, '4012007153923001');
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await expectHeading(page, 'A payment is waiting for confirmation');
    await checkPage(page, 'other-1-in-progress');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Fail verification' }).click();
    await expectHeading(page, 'Payment failed');
    await checkPage(page, 'other-2-result-failed');
    // a form sent twice (the browser's back button, then submit again) changes nothing and says so
    const stale = await fetch(`http://${hc.partialRedirectUrl}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=used',
    });
    expect(stale.status).toBe(403);
    const staleUrl = `http://${hc.partialRedirectUrl}/stale-view`;
    const html = await stale.text();
    await page.route(staleUrl, (route) => route.fulfill({ status: 403, contentType: 'text/html', body: html }));
    await page.goto(staleUrl);
    await expectHeading(page, 'This page can no longer be used');
    await checkPage(page, 'other-3-stale-form');
    await page.goto(`http://${hc.partialRedirectUrl.replace(/[^/]+$/, 'no-such-checkout')}`);
    await expectHeading(page, 'Page not found');
    await checkPage(page, 'other-4-not-found');

    const sms = await v1.mandates.create(m, {
      customer: {
        bankAccountIban: { iban: 'NL91ABNA0417164300' },
        personalInformation: { name: { surname: 'Jansen' } },
      },
      customerReference: 'sms-1',
      recurrenceType: 'UNIQUE',
      signatureType: 'SMS',
    });
    await page.goto(sms.body.merchantAction.redirectData.redirectURL);
    await expectHeading(page, 'Direct debit mandate');
    await checkPage(page, 'other-5-mandate-sms');
    await page.getByRole('button', { name: 'Sign the mandate' }).click();
    await expectHeading(page, 'Mandate signed');
    await checkPage(page, 'other-6-mandate-signed');
    expect((await v1.mandates.get(m, sms.body.mandate.uniqueMandateReference)).body.mandate.status).toBe('ACTIVE');
  });

  const LOCALES = [
    {
      locale: 'en_GB',
      method: 'Credit or debit card',
      labels: {
        number: 'Card number',
        expiry: 'Expiry date',
        cvv: 'Card verification code (CVV)',
        name: 'Cardholder name',
      },
      hint: 'The 3 digits on the back of your card',
      pay: /^Pay €45\.99$/,
      luhn: 'This card number is not valid. Check it for typing errors.',
      done: 'Payment successful',
    },
    {
      locale: 'nl_NL',
      method: 'Creditcard of betaalpas',
      labels: {
        number: 'Kaartnummer',
        expiry: 'Vervaldatum',
        cvv: 'Kaartverificatiecode (CVV)',
        name: 'Naam kaarthouder',
      },
      hint: 'De 3 cijfers op de achterkant van uw kaart',
      pay: /^Betaal €\s45,99$/,
      luhn: 'Dit kaartnummer is niet geldig. Controleer het op typefouten.',
      done: 'Betaling geslaagd',
    },
    {
      locale: 'de_DE',
      method: 'Kredit- oder Debitkarte',
      labels: {
        number: 'Kartennummer',
        expiry: 'Gültig bis',
        cvv: 'Kartenprüfnummer (CVV)',
        name: 'Name des Karteninhabers',
      },
      hint: 'Die 3 Ziffern auf der Rückseite Ihrer Karte',
      pay: /^45,99\s€ bezahlen$/,
      luhn: 'Diese Kartennummer ist ungültig. Prüfen Sie sie auf Tippfehler.',
      done: 'Zahlung erfolgreich',
    },
    {
      locale: 'fr_FR',
      method: 'Carte de crédit ou de débit',
      labels: {
        number: 'Numéro de carte',
        expiry: "Date d'expiration",
        cvv: 'Cryptogramme visuel (CVV)',
        name: 'Nom du titulaire',
      },
      hint: 'Les 3 chiffres au dos de votre carte',
      pay: /^Payer 45,99\s€$/,
      luhn: "Ce numéro de carte n'est pas valide. Vérifiez qu'il ne contient pas de faute de frappe.",
      done: 'Paiement réussi',
    },
  ];

  for (const l of LOCALES) {
    it(`card form in ${l.locale}: labels, hints, amounts, errors and result in the customer's language`, async () => {
      const hc = await checkout(l.locale);
      const page = await newPage(s.browser);
      await choose(page, hc, l.method);
      await expectHeading(page, l.method);
      expect(await page.locator('html').getAttribute('lang')).toBe(l.locale.replace('_', '-'));
      expect(await page.getByText(l.hint).isVisible()).toBe(true);
      await typeCard(page, '4567350000427978', l.labels);
      await page.getByLabel(l.labels.number, { exact: true }).blur();
      expect(await page.locator('#e-cardNumber').textContent()).toBe(l.luhn);
      await checkPage(page, `locale-${l.locale}-card-form`);
      await typeCard(page, '4567350000427977', l.labels);
      await page.getByRole('button', { name: l.pay }).click();
      await expectHeading(page, l.done);
    });
  }
});
