/**
 * The catalogue behind the real sandbox server, driven by the official Node SDK 5.2.0 exactly as a
 * merchant would: signed requests over HTTP, platform-shaped JSON back.
 */
import { describe, expect, it } from 'vitest';
import { handleCatalogueOperation } from '../src/catalogue/index.js';
import { m, raw, sb, useSandbox, v1 } from './helpers.js';

useSandbox({ catalogue: handleCatalogueOperation });

describe('catalogue over HTTP with the official SDK', () => {
  it('products.find filters by context and applies repeated hide values', async () => {
    const r = await v1.products.find(m, {
      countryCode: 'NL',
      currencyCode: 'EUR',
      amount: 1000,
      hide: ['fields', 'productsWithRedirects'],
    });
    expect(r.status).toBe(200);
    const ids = r.body.paymentProducts.map((p: { id: number }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([1, 2, 3, 770]));
    expect(ids).not.toContain(809);
    expect(ids).not.toContain(1503);
    expect(r.body.paymentProducts.every((p: { fields?: unknown }) => p.fields === undefined)).toBe(true);
  });

  it('products.get returns the card form, and an unknown product is a platform 404', async () => {
    const visa = await v1.products.get(m, 1, { countryCode: 'NL', currencyCode: 'EUR', locale: 'nl_NL' });
    expect(visa.status).toBe(200);
    expect(visa.body.fields.map((f: { id: string }) => f.id)).toEqual([
      'cardNumber',
      'expiryDate',
      'cvv',
      'cardholderName',
    ]);
    expect(visa.body.fields[0].displayHints.label).toBe('Kaartnummer');
    const missing = await v1.products.get(m, 4242, { countryCode: 'NL', currencyCode: 'EUR' });
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ httpStatusCode: 404, id: 'UNKNOWN_PRODUCT_ID' });
    expect(missing.body.errorId).toEqual(expect.any(String));
  });

  it('a malformed query parameter is a 400 naming it', async () => {
    const r = await raw(sb, 'GET', `/v1/${m}/products?countryCode=NL&currencyCode=EUR&amount=lots`);
    expect(r.status).toBe(400);
    expect((r.json().errors as { propertyName: string }[])[0]?.propertyName).toBe('amount');
  });

  it('product groups, directory and networks', async () => {
    const cards = await v1.productgroups.get(m, 'cards', { countryCode: 'NL', currencyCode: 'EUR' });
    expect(cards.status).toBe(200);
    expect(cards.body.id).toBe('cards');
    expect(cards.body.fields.length).toBeGreaterThan(0);
    const dir = await v1.products.directory(m, 809, { countryCode: 'NL', currencyCode: 'EUR' });
    expect(dir.body.entries.map((e: { issuerId: string }) => e.issuerId)).toContain('INGBNL2A');
    const networks = await v1.products.networks(m, 302, {
      countryCode: 'NL',
      currencyCode: 'EUR',
      amount: 1000,
      isRecurring: false,
    });
    expect(networks.body.networks).toContain('Visa');
  });

  it('IIN details, convert amount, bank account, risk assessment and test connection', async () => {
    const iin = await v1.services.getIINdetails(m, {
      bin: '45673500',
      paymentContext: { countryCode: 'NL', amountOfMoney: { amount: 1000, currencyCode: 'EUR' } },
    });
    expect(iin.body).toEqual({ paymentProductId: 1, countryCode: 'NL', isAllowedInContext: true });
    const short = await v1.services.getIINdetails(m, { bin: '4567' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].propertyName).toBe('bin');
    const converted = await v1.services.convertAmount(m, { source: 'USD', target: 'EUR', amount: 123 });
    expect(converted.body).toEqual({ convertedAmount: 112 });
    const bank = await v1.services.bankaccount(m, {
      bankAccountBban: { countryCode: 'DE', bankCode: '37040044', accountNumber: '0532013000' },
    });
    expect(bank.body.bankAccountIban.iban).toBe('DE89370400440532013000');
    const risk = await v1.riskassessments.bankaccounts(m, {
      bankAccountBban: { countryCode: 'DE', accountNumber: '0532013000', bankCode: '37040044' },
      order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' }, customer: { locale: 'en_GB' } },
    });
    expect(risk.status).toBe(200);
    expect(risk.body.results.length).toBeGreaterThan(0);
    expect((await v1.services.testconnection(m)).body).toEqual({ result: 'OK' });
  });

  it('the remaining catalogue operations answer through the SDK too', async () => {
    const groups = await v1.productgroups.find(m, { countryCode: 'NL', currencyCode: 'EUR', hide: ['fields'] });
    expect(groups.body.paymentProductGroups.map((g: { id: string }) => g.id)).toEqual(['cards']);
    const customer = await v1.products.customerDetails(m, 1503, {
      countryCode: 'BR',
      values: [{ key: 'fiscalNumber', value: '12345678909' }],
    });
    expect(customer.status).toBe(200);
    expect(customer.body.fiscalNumber).toBe('12345678909');
    const fp = await v1.products.deviceFingerprint(m, 1, { collectorCallback: 'collect' });
    expect(fp.body.html).toContain(`collect('${fp.body.deviceFingerprintTransactionId}')`);
    const gfp = await v1.productgroups.deviceFingerprint(m, 'cards', {});
    expect(gfp.body.deviceFingerprintTransactionId).toMatch(/^[0-9a-f]{32}$/);
    const session = await v1.products.sessions(m, 302, {
      paymentProductSession302SpecificInput: {
        displayName: 'Shop',
        domainName: 'shop.example.com',
        validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
      },
    });
    expect(JSON.parse(session.body.paymentProductSession302SpecificOutput.sessionObject).domainName).toBe(
      'shop.example.com',
    );
    const policy = await v1.services.privacypolicy(m, { locale: 'de_DE', paymentProductId: 840 });
    expect(policy.body.htmlContent).toContain('Datenschutzerklärung');
    const plans = await v1.installments.getInstallmentsInfo(m, {
      bin: '45673500',
      countryCode: 'BR',
      amountOfMoney: { amount: 9000, currencyCode: 'BRL' },
    });
    expect(plans.body.installmentOptions[0].installmentPlans).toHaveLength(3);
    const risk = await v1.riskassessments.cards(m, {
      card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
      order: {
        amountOfMoney: { amount: 100, currencyCode: 'EUR' },
        customer: { billingAddress: { city: 'Denver', countryCode: 'US' } },
      },
    });
    expect(risk.body.results[0].result).toBe('denied');
  });
});
