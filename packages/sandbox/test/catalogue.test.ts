import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardAccountOnFile,
  cardProductId,
  catalogueOperationIds,
  contextFromQuery,
  findProductGroups,
  findProducts,
  handleCatalogueOperation,
  ibanFromBban,
  ibanValid,
  luhnValid,
  paymentProducts,
  testCards,
} from '../src/catalogue/index.js';
import { SandboxError } from '../src/domain/errors.js';

interface Call {
  path?: Record<string, string>;
  query?: string;
  body?: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected as plain JSON
type Json = any;

function call(op: string, c: Call = {}): Json {
  const r = handleCatalogueOperation(op, {
    merchantId: '1234',
    pathParams: c.path ?? {},
    query: new URLSearchParams(c.query ?? ''),
    body: c.body,
  });
  if (!r) throw new Error(`${op} not handled`);
  expect(r.status).toBe(200);
  return JSON.parse(JSON.stringify(r.body));
}

/** The platform error a call produces: HTTP status and the first error element. */
function fail(op: string, c: Call = {}): { status: number; error: Json } {
  try {
    call(op, c);
  } catch (e) {
    if (!(e instanceof SandboxError)) throw e;
    const body = e.toBody('req-1') as Json;
    return { status: e.status, error: body.errors[0] };
  }
  throw new Error(`${op} did not fail`);
}

const ids = (list: Json[]) => list.map((p) => p.id);
const find = (query: string): Json[] => call('products.find', { query }).paymentProducts;
/** products.get; without countryCode in `query`, in the product's first country and currency (NL/EUR by default). */
const product = (id: number | string, query = ''): Json => {
  const spec = paymentProducts.find((p) => String(p.id) === String(id));
  const where = `countryCode=${spec?.countries?.[0] ?? 'NL'}&currencyCode=${spec?.currencies?.[0] ?? 'EUR'}`;
  const q = query.includes('countryCode') ? query : [where, query].filter(Boolean).join('&');
  return call('products.get', { path: { paymentProductId: String(id) }, query: q });
};

describe('luhnValid and cardProductId', () => {
  it('accepts the documented test cards and rejects any single-digit change', () => {
    for (const pan of Object.values(testCards)) {
      expect(luhnValid(pan)).toBe(true);
      const last = Number(pan.at(-1));
      expect(luhnValid(pan.slice(0, -1) + String((last + 1) % 10))).toBe(false);
    }
    expect(luhnValid('4567 3500 0042 7977')).toBe(false);
    expect(luhnValid('79927398713')).toBe(false); // valid Luhn, but too short for a card
    expect(luhnValid('')).toBe(false);
  });

  it('a check digit computed for any prefix validates, and a changed digit does not', () => {
    const checkDigit = (body: string) => [...'0123456789'].find((d) => luhnValid(body + d));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{11,18}$/),
        fc.nat(17),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const d = checkDigit(body);
          expect(d).toBeDefined();
          const pan = body + d;
          const i = pos % pan.length;
          const changed = pan.slice(0, i) + String((Number(pan[i]) + delta) % 10) + pan.slice(i + 1);
          expect(luhnValid(changed)).toBe(false);
        },
      ),
    );
  });

  it('maps card numbers to products by IIN range', () => {
    expect(cardProductId(testCards.visa)).toBe(1);
    expect(cardProductId(testCards.visa3ds)).toBe(1);
    expect(cardProductId('4000000000000002')).toBe(1);
    expect(cardProductId('378282246310005')).toBe(2);
    expect(cardProductId('5555555555554444')).toBe(3);
    expect(cardProductId('2223000048400011')).toBe(3);
    expect(cardProductId(testCards.mastercardDebit)).toBe(119);
    expect(cardProductId('6759649826438453')).toBe(117);
    expect(cardProductId('3530111333300000')).toBe(125);
    expect(cardProductId(testCards.discover)).toBe(128);
    expect(cardProductId(testCards.diners)).toBe(132);
    expect(cardProductId(testCards.naranja)).toBe(136);
    expect(cardProductId(testCards.nativa)).toBe(145);
    expect(cardProductId('6362970000457013')).toBe(147);
    expect(cardProductId('6703 4444 4444 4449')).toBe(3012);
    expect(cardProductId('9999999999999995')).toBeUndefined();
    expect(cardProductId('4567')).toBeUndefined();
  });
});

describe('products.find', () => {
  it('returns what the platform offers in the Netherlands in euros, sorted by displayOrder', () => {
    const list = find('countryCode=NL&currencyCode=EUR');
    expect(ids(list)).toEqual(expect.arrayContaining([1, 2, 3, 117, 302, 320, 809, 840, 770, 11]));
    expect(ids(list)).not.toContain(1503); // Boleto: BR/BRL only
    expect(ids(list)).not.toContain(136); // Naranja: AR/ARS only
    expect(ids(list)).not.toContain(128); // Discover: USD/CAD only
    const orders = list.map((p) => p.displayHints.displayOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    for (const p of list) expect(typeof p.displayHints.logo).toBe('string'); // the Client SDK calls logo.startsWith
  });

  it('describes cards the way the platform and the Client SDK expect', () => {
    const visa = find('countryCode=NL&currencyCode=EUR').find((p) => p.id === 1);
    expect(visa).toMatchObject({
      paymentMethod: 'card',
      paymentProductGroup: 'cards',
      allowsRecurring: true,
      allowsTokenization: true,
      usesRedirectionTo3rdParty: false,
      mobileIntegrationLevel: 'OPTIMISED_SUPPORT',
      displayHints: { label: 'VISA', logo: 'templates/master/global/css/img/ppimages/pp_logo_1_v1.png' },
    });
    expect(ids(visa.fields)).toEqual(['cardNumber', 'expiryDate', 'cvv', 'cardholderName']);
  });

  it('filters by country and currency', () => {
    const br = ids(find('countryCode=BR&currencyCode=BRL'));
    expect(br).toEqual(expect.arrayContaining([1, 3, 147, 1503]));
    expect(br).not.toContain(809);
    expect(ids(find('countryCode=US&currencyCode=USD'))).toContain(128);
    expect(ids(find('countryCode=AR&currencyCode=ARS'))).toEqual(expect.arrayContaining([136, 145]));
    expect(find('countryCode=NL&currencyCode=XYZ')).toEqual([]);
  });

  it('filters by amount against minAmount and maxAmount', () => {
    expect(ids(find('countryCode=NL&currencyCode=EUR&amount=1000'))).toEqual(expect.arrayContaining([838, 9000]));
    const small = ids(find('countryCode=NL&currencyCode=EUR&amount=50'));
    expect(small).not.toContain(838);
    expect(small).not.toContain(9000);
    expect(small).toContain(1);
    expect(ids(find('countryCode=NL&currencyCode=EUR&amount=2000000'))).not.toContain(838);
  });

  it('filters by isRecurring and isInstallments', () => {
    const recurring = ids(find('countryCode=NL&currencyCode=EUR&isRecurring=true'));
    expect(recurring).toEqual(expect.arrayContaining([1, 770, 840]));
    expect(recurring).not.toContain(809);
    expect(recurring).not.toContain(117);
    const installments = find('countryCode=BR&currencyCode=BRL&isInstallments=true');
    expect(ids(installments)).toEqual(expect.arrayContaining([1, 147]));
    expect(ids(installments)).not.toContain(1503);
    expect(installments.every((p) => p.allowsInstallments)).toBe(true);
    expect(find('countryCode=NL&currencyCode=EUR&isInstallments=true')).toEqual([]);
  });

  it('applies every documented hide value', () => {
    const q = 'countryCode=NL&currencyCode=EUR';
    expect(find(`${q}&hide=fields`).every((p) => p.fields === undefined)).toBe(true);
    const noTexts = find(`${q}&hide=translations`);
    expect(noTexts.every((p) => p.displayHints.label === undefined && typeof p.displayHints.logo === 'string')).toBe(
      true,
    );
    expect(noTexts.find((p) => p.id === 1).fields[0].displayHints.label).toBeUndefined();
    const noRedirects = ids(find(`${q}&hide=productsWithRedirects`));
    expect(noRedirects).toContain(1); // 3-D Secure does not count as a redirect
    expect(noRedirects).not.toContain(809);
    expect(noRedirects).not.toContain(840);
    expect(ids(find(`${q}&hide=productsWithoutInstructions`))).not.toContain(11);
    const withoutDataEntry = ids(find(`${q}&hide=productsWithoutFields`));
    expect(withoutDataEntry).toEqual(expect.arrayContaining([840, 11]));
    expect(withoutDataEntry).not.toContain(1);
    expect(withoutDataEntry).not.toContain(770);
    // hide is repeated once per value
    const both = find(`${q}&hide=fields&hide=productsWithRedirects`);
    expect(both.every((p) => p.fields === undefined && p.id !== 809)).toBe(true);
  });

  it('translates labels per locale, falling back by language and then to en_US', () => {
    const label = (locale: string, id = 11) =>
      find(`countryCode=NL&currencyCode=EUR&locale=${locale}`).find((p) => p.id === id).displayHints.label;
    expect(label('en_US')).toBe('Bank transfer');
    expect(label('nl_NL')).toBe('Overboeking');
    expect(label('nl_BE')).toBe('Overboeking');
    expect(label('de_DE', 770)).toBe('SEPA-Lastschrift');
    expect(label('ja_JP')).toBe('Bank transfer');
    expect(product(1, 'locale=de_DE').fields[0].displayHints.label).toBe('Kartennummer');
  });

  it('answers bad query parameters with a 400 that names them', () => {
    for (const [query, name] of [
      ['countryCode=nl', 'countryCode'],
      ['currencyCode=EURO', 'currencyCode'],
      ['amount=ten', 'amount'],
      ['amount=-5', 'amount'],
      ['isRecurring=yes', 'isRecurring'],
      ['locale=english', 'locale'],
    ] as const) {
      const { status, error } = fail('products.find', { query });
      expect(status).toBe(400);
      expect(error).toMatchObject({ propertyName: name, httpStatusCode: 400, requestId: 'req-1' });
    }
  });
});

describe('products.get', () => {
  it('returns card fields with luhn, length, regex and expirationDate validators', () => {
    const visa = product(1, 'countryCode=NL&currencyCode=EUR');
    const [cardNumber, expiry, cvv, holder] = visa.fields;
    expect(cardNumber.dataRestrictions).toMatchObject({
      isRequired: true,
      validators: { luhn: {}, length: { minLength: 13, maxLength: 19 } },
    });
    expect(
      new RegExp(cardNumber.dataRestrictions.validators.regularExpression.regularExpression).test(testCards.visa),
    ).toBe(true);
    expect(
      new RegExp(cardNumber.dataRestrictions.validators.regularExpression.regularExpression).test('5555555555554444'),
    ).toBe(false);
    expect(cardNumber.displayHints.mask).toBe('{{9999}} {{9999}} {{9999}} {{9999}} {{999}}');
    expect(expiry).toMatchObject({ type: 'expirydate', displayHints: { mask: '{{99}}/{{99}}' } });
    expect(Object.keys(expiry.dataRestrictions.validators)).toContain('expirationDate');
    const mmyy = new RegExp(`^${expiry.dataRestrictions.validators.regularExpression.regularExpression}$`);
    expect(mmyy.test('1230')).toBe(true);
    expect(mmyy.test('1330')).toBe(false);
    expect(cvv.dataRestrictions.validators.length).toEqual({ minLength: 3, maxLength: 3 });
    expect(holder.type).toBe('string');
    // validators the Client SDK knows; an unknown key would only produce a console warning there
    const known = [
      'luhn',
      'length',
      'range',
      'regularExpression',
      'expirationDate',
      'emailAddress',
      'fixedList',
      'iban',
      'residentIdNumber',
      'termsAndConditions',
      'boletoBancarioRequiredness',
    ];
    for (const p of paymentProducts) {
      for (const f of product(p.id).fields ?? []) {
        for (const key of Object.keys(f.dataRestrictions.validators)) expect(known).toContain(key);
      }
    }
  });

  it('gives American Express a 4-digit CVV and a 15-digit number', () => {
    const amex = product(2);
    const cvv = amex.fields.find((f: Json) => f.id === 'cvv');
    expect(cvv.dataRestrictions.validators.length).toEqual({ minLength: 4, maxLength: 4 });
    expect(amex.fields[0].dataRestrictions.validators.length).toEqual({ minLength: 15, maxLength: 15 });
  });

  it('lists the iDEAL banks in the issuerId field and SEPA asks for an IBAN', () => {
    const issuer = product(809).fields[0];
    expect(issuer.id).toBe('issuerId');
    expect(issuer.displayHints.formElement.type).toBe('list');
    expect(issuer.displayHints.formElement.valueMapping).toContainEqual({
      value: 'INGBNL2A',
      displayName: 'ING',
      displayElements: [{ id: 'displayName', type: 'STRING', value: 'ING' }],
    });
    expect(issuer.dataRestrictions.validators.fixedList.allowedValues).toEqual(
      expect.arrayContaining(['INGBNL2A', 'RABONL2U', 'ABNANL2A']),
    );
    const iban = product(770).fields.find((f: Json) => f.id === 'iban');
    expect(iban.dataRestrictions.validators).toHaveProperty('iban');
    expect(product(770).supportsMandates).toBe(true);
  });

  it('describes the wallets with their networks', () => {
    expect(product(302, 'countryCode=NL&currencyCode=EUR').paymentProduct302SpecificData.networks).toContain('Visa');
    expect(product(320, 'countryCode=US&currencyCode=USD').paymentProduct320SpecificData).toMatchObject({
      gateway: expect.any(String),
      networks: expect.arrayContaining(['VISA', 'DISCOVER']),
    });
  });

  it('gives Bancontact a card form only with forceBasicFlow', () => {
    const redirect = product(3012, 'countryCode=BE&currencyCode=EUR');
    expect(redirect.usesRedirectionTo3rdParty).toBe(true);
    expect(redirect.fields).toEqual([]);
    const basic = product(3012, 'countryCode=BE&currencyCode=EUR&forceBasicFlow=true');
    expect(basic.usesRedirectionTo3rdParty).toBe(false);
    expect(ids(basic.fields)).toEqual(['cardNumber', 'expiryDate', 'cardholderName']);
  });

  it('is 404 for unknown products, 400 when the product does not match the filters or the id is not a number', () => {
    const nl = 'countryCode=NL&currencyCode=EUR';
    expect(fail('products.get', { path: { paymentProductId: '999' }, query: nl })).toMatchObject({
      status: 404,
      error: { id: 'UNKNOWN_PRODUCT_ID', httpStatusCode: 404 },
    });
    expect(fail('products.get', { path: { paymentProductId: '1503' }, query: nl })).toMatchObject({
      status: 400,
      error: { id: 'PAYMENT_PRODUCT_NOT_AVAILABLE', message: expect.stringContaining('NL, EUR') },
    });
    expect(fail('products.get', { path: { paymentProductId: 'visa' }, query: nl })).toMatchObject({
      status: 400,
      error: { propertyName: 'paymentProductId' },
    });
  });

  it('requires countryCode and currencyCode, as the platform documents', () => {
    for (const [op, path] of [
      ['products.find', {}],
      ['products.get', { paymentProductId: '1' }],
      ['products.directory', { paymentProductId: '809' }],
      ['products.networks', { paymentProductId: '302' }],
      ['productGroups.find', {}],
      ['productGroups.get', { paymentProductGroupId: 'cards' }],
    ] as const) {
      expect(fail(op, { path, query: 'currencyCode=EUR' }).error).toMatchObject({
        code: '20000000',
        propertyName: 'countryCode',
      });
      expect(fail(op, { path, query: 'countryCode=NL' }).error).toMatchObject({
        code: '20000000',
        propertyName: 'currencyCode',
      });
    }
  });

  it('never lets a caller change the catalogue through a returned object', () => {
    const first = handleCatalogueOperation('products.get', {
      merchantId: 'm',
      pathParams: { paymentProductId: '1' },
      query: new URLSearchParams('countryCode=NL&currencyCode=EUR'),
      body: undefined,
    })?.body as Json;
    first.fields[0].dataRestrictions.validators.length.maxLength = 1;
    first.displayHints.label = 'changed';
    const again = product(1);
    expect(again.fields[0].dataRestrictions.validators.length.maxLength).toBe(19);
    expect(again.displayHints.label).toBe('VISA');
  });
});

describe('accounts on file (for the Client API)', () => {
  const token = cardAccountOnFile(42, 1, {
    alias: '************7977',
    expiryDate: '1230',
    cardholderName: 'W. Coyote',
  });
  const options = { accountsOnFile: (id: number) => (id === 1 ? [token] : []) };

  it('are shown on their product and on its group, shaped as the Client SDK reads them', () => {
    const visa = findProducts(contextFromQuery(new URLSearchParams('countryCode=NL&currencyCode=EUR')), options).find(
      (p) => p.id === 1,
    );
    expect(visa?.accountsOnFile).toEqual([token]);
    expect(token.displayHints?.logo).toBe('templates/master/global/css/img/ppimages/pp_logo_1_v1.png');
    expect(token.displayHints?.labelTemplate?.map((l) => l.attributeKey)).toEqual(['alias', 'expiryDate']);
    expect(token.attributes?.find((a) => a.key === 'expiryDate')?.status).toBe('CAN_WRITE');
    const [cards] = findProductGroups(contextFromQuery(new URLSearchParams('countryCode=NL')), options);
    expect(cards?.accountsOnFile).toEqual([token]);
  });

  it('are left out with hide=accountsOnFile', () => {
    const ctx = contextFromQuery(new URLSearchParams('countryCode=NL&currencyCode=EUR&hide=accountsOnFile'));
    expect(findProducts(ctx, options).every((p) => p.accountsOnFile === undefined)).toBe(true);
    expect(findProductGroups(ctx, options)[0]?.accountsOnFile).toBeUndefined();
  });
});

describe('products: directory, networks, customer details, device fingerprint, sessions', () => {
  it('directory lists the iDEAL issuers for NL/EUR and refuses other products', () => {
    const entries = call('products.directory', {
      path: { paymentProductId: '809' },
      query: 'countryCode=NL&currencyCode=EUR',
    }).entries;
    expect(entries.map((e: Json) => e.issuerId)).toEqual(expect.arrayContaining(['INGBNL2A', 'RABONL2U', 'ABNANL2A']));
    expect(entries[0]).toMatchObject({
      issuerName: expect.any(String),
      issuerList: expect.stringMatching(/short|long/),
      countryNames: ['Nederland'],
    });
    expect(
      fail('products.directory', { path: { paymentProductId: '1' }, query: 'countryCode=NL&currencyCode=EUR' }),
    ).toMatchObject({
      status: 400,
      error: { propertyName: 'paymentProductId' },
    });
    expect(
      fail('products.directory', { path: { paymentProductId: '809' }, query: 'countryCode=DE&currencyCode=EUR' })
        .status,
    ).toBe(400);
  });

  it('networks depend on the context and exist only for Apple Pay and Google Pay', () => {
    const nl = call('products.networks', {
      path: { paymentProductId: '302' },
      query: 'countryCode=NL&currencyCode=EUR',
    }).networks;
    expect(nl).toEqual(expect.arrayContaining(['Visa', 'MasterCard', 'Amex']));
    expect(nl).not.toContain('Discover');
    const us = call('products.networks', {
      path: { paymentProductId: '320' },
      query: 'countryCode=US&currencyCode=USD',
    }).networks;
    expect(us).toContain('DISCOVER');
    expect(
      fail('products.networks', { path: { paymentProductId: '1' }, query: 'countryCode=NL&currencyCode=EUR' }).status,
    ).toBe(400);
    expect(
      fail('products.networks', { path: { paymentProductId: '4242' }, query: 'countryCode=NL&currencyCode=EUR' })
        .status,
    ).toBe(404);
  });

  it('customerDetails looks a customer up by fiscal number', () => {
    const details = call('products.customerDetails', {
      path: { paymentProductId: '1503' },
      body: { countryCode: 'BR', values: [{ key: 'fiscalNumber', value: '123.456.789-09' }] },
    });
    expect(details).toMatchObject({
      fiscalNumber: '12345678909',
      country: 'BR',
      city: 'Rio de Janeiro',
      firstName: expect.any(String),
    });
    const body = (value: string) => ({ countryCode: 'BR', values: [{ key: 'fiscalNumber', value }] });
    expect(
      fail('products.customerDetails', { path: { paymentProductId: '1503' }, body: body('99999999') }).status,
    ).toBe(404);
    expect(fail('products.customerDetails', { path: { paymentProductId: '1503' }, body: body('12#4') }).status).toBe(
      400,
    );
    expect(
      fail('products.customerDetails', { path: { paymentProductId: '1' }, body: body('12345678909') }),
    ).toMatchObject({
      status: 400,
      error: { propertyName: 'paymentProductId' },
    });
    // the products name the lookup field
    expect(product(9000, 'countryCode=SE&currencyCode=SEK').fields.find((f: Json) => f.usedForLookup)?.id).toBe(
      'fiscalNumber',
    );
    expect(product(1503).fields.find((f: Json) => f.usedForLookup)?.id).toBe('fiscalNumber');
    const sweden = { countryCode: 'SE', values: [{ key: 'fiscalNumber', value: '012345678901' }] };
    const se = call('products.customerDetails', { path: { paymentProductId: '9000' }, body: sweden });
    expect(se).toMatchObject({ country: 'SE', city: 'Stockholm', fiscalNumber: '012345678901' });
    const notInSweden = fail('products.customerDetails', { path: { paymentProductId: '1503' }, body: sweden });
    expect(notInSweden.error.propertyName).toBe('countryCode');
    expect(
      fail('products.customerDetails', { path: { paymentProductId: '1503' }, body: { countryCode: 'BR' } }),
    ).toMatchObject({
      status: 400,
      error: { propertyName: 'values', code: '20000000' },
    });
  });

  it('deviceFingerprint returns an id and a script that calls the collector callback', () => {
    const fp = call('products.deviceFingerprint', {
      path: { paymentProductId: '1' },
      body: { collectorCallback: 'window.onFingerprint' },
    });
    expect(fp.deviceFingerprintTransactionId).toMatch(/^[0-9a-f]{32}$/);
    expect(fp.html).toContain('<script');
    expect(fp.html).toContain(`window.onFingerprint('${fp.deviceFingerprintTransactionId}')`);
    const other = call('productGroups.deviceFingerprint', { path: { paymentProductGroupId: 'cards' }, body: {} });
    expect(other.deviceFingerprintTransactionId).not.toBe(fp.deviceFingerprintTransactionId);
    expect(
      fail('products.deviceFingerprint', {
        path: { paymentProductId: '1' },
        body: { collectorCallback: 'x);alert(1' },
      }),
    ).toMatchObject({
      status: 400,
      error: { propertyName: 'collectorCallback' },
    });
    expect(
      fail('productGroups.deviceFingerprint', { path: { paymentProductGroupId: 'wallets' }, body: {} }).status,
    ).toBe(404);
  });

  it('sessions create an Apple Pay merchant session for product 302 only', () => {
    const input = {
      displayName: 'My Shop',
      domainName: 'shop.example.com',
      validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
    };
    const out = call('products.sessions', {
      path: { paymentProductId: '302' },
      body: { paymentProductSession302SpecificInput: input },
    });
    const session = JSON.parse(out.paymentProductSession302SpecificOutput.sessionObject);
    expect(session).toMatchObject({
      domainName: 'shop.example.com',
      displayName: 'My Shop',
      epochTimestamp: expect.any(Number),
    });
    expect(session.expiresAt).toBeGreaterThan(session.epochTimestamp);
    expect(
      fail('products.sessions', {
        path: { paymentProductId: '320' },
        body: { paymentProductSession302SpecificInput: input },
      }).status,
    ).toBe(400);
    const { validationUrl: _, ...noUrl } = input;
    expect(
      fail('products.sessions', {
        path: { paymentProductId: '302' },
        body: { paymentProductSession302SpecificInput: noUrl },
      }),
    ).toMatchObject({
      status: 400,
      error: { propertyName: 'paymentProductSession302SpecificInput.validationUrl' },
    });
  });
});

describe('productGroups', () => {
  it('find returns the cards group; get adds the fields the Client SDK requires', () => {
    const groups = call('productGroups.find', {
      query: 'countryCode=NL&currencyCode=EUR&hide=fields',
    }).paymentProductGroups;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ id: 'cards', displayHints: { label: 'Cards', logo: expect.any(String) } });
    expect(groups[0].fields).toBeUndefined();
    const cards = call('productGroups.get', {
      path: { paymentProductGroupId: 'cards' },
      query: 'countryCode=NL&currencyCode=EUR&locale=nl_NL',
    });
    expect(cards.displayHints.label).toBe('Kaarten');
    expect(ids(cards.fields)).toEqual(['cardNumber', 'expiryDate', 'cvv', 'cardholderName']);
    expect(cards.allowsInstallments).toBe(false);
    expect(
      call('productGroups.get', { path: { paymentProductGroupId: 'cards' }, query: 'countryCode=BR&currencyCode=BRL' })
        .allowsInstallments,
    ).toBe(true);
  });

  it('is 404 for unknown groups and empty where no card is offered', () => {
    expect(
      fail('productGroups.get', {
        path: { paymentProductGroupId: 'wallets' },
        query: 'countryCode=NL&currencyCode=EUR',
      }),
    ).toMatchObject({
      status: 404,
      error: { id: 'UNKNOWN_PRODUCT_GROUP_ID' },
    });
    const nowhere = 'countryCode=NL&currencyCode=XYZ';
    expect(call('productGroups.find', { query: nowhere }).paymentProductGroups).toEqual([]);
    expect(fail('productGroups.get', { path: { paymentProductGroupId: 'cards' }, query: nowhere }).status).toBe(404);
  });
});

describe('services.convertAmount', () => {
  const convert = (source: string, target: string, amount: number) =>
    call('services.convertAmount', { query: `source=${source}&target=${target}&amount=${amount}` }).convertedAmount;

  it('uses the fixed rate table and each currency’s decimals', () => {
    expect(convert('EUR', 'USD', 1000)).toBe(1100);
    expect(convert('USD', 'EUR', 123)).toBe(112);
    expect(convert('EUR', 'JPY', 1000)).toBe(1600); // 10.00 EUR -> 1600 JPY (no decimals)
    expect(convert('JPY', 'EUR', 160)).toBe(100);
    expect(convert('GBP', 'BRL', 8500)).toBe(60000);
    expect(convert('ARS', 'ARS', 12345)).toBe(12345);
  });

  it('round-trips within rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('USD', 'GBP', 'CAD', 'AUD', 'CHF', 'BRL'),
        (amount, other) => {
          const back = convert(other, 'EUR', convert('EUR', other, amount));
          expect(Math.abs(back - amount)).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('names a missing or unknown parameter', () => {
    expect(fail('services.convertAmount', { query: 'source=EUR&target=USD' }).error).toMatchObject({
      propertyName: 'amount',
      code: '20000000',
    });
    expect(fail('services.convertAmount', { query: 'source=EUR&target=XYZ&amount=1' }).error.propertyName).toBe(
      'target',
    );
    expect(fail('services.convertAmount', { query: 'source=eur&target=USD&amount=1' }).error.propertyName).toBe(
      'source',
    );
  });
});

describe('services.bankAccount', () => {
  it('converts a German BBAN into an IBAN with the bank and its BIC', () => {
    const r = call('services.bankAccount', {
      body: { bankAccountBban: { countryCode: 'DE', bankCode: '37040044', accountNumber: '532013000' } },
    });
    expect(r.bankAccountIban.iban).toBe('DE89370400440532013000');
    expect(r.bankAccountBban).toMatchObject({
      countryCode: 'DE',
      bankCode: '37040044',
      accountNumber: '0532013000',
      bankName: 'Commerzbank',
    });
    expect(r.swift).toMatchObject({ bic: 'COBADEFFXXX', poBoxCountry: 'DE' });
    expect(r.bankData.reformattedAccountNumber).toBe('0532013000');
  });

  it('checks an IBAN and splits it into its BBAN', () => {
    const r = call('services.bankAccount', {
      body: { bankAccountIban: { iban: 'nl91 abna 0417 1643 00', accountHolderName: 'J. Jansen' } },
    });
    expect(r.bankAccountIban).toEqual({ iban: 'NL91ABNA0417164300', accountHolderName: 'J. Jansen' });
    expect(r.bankAccountBban).toMatchObject({ countryCode: 'NL', bankCode: 'ABNA', accountNumber: '0417164300' });
    expect(r.swift.bic).toBe('ABNANL2AXXX');
    expect(
      call('services.bankAccount', { body: { bankAccountIban: { iban: 'GB29NWBK60161331926819' } } }).bankAccountBban,
    ).toMatchObject({
      bankCode: 'NWBK',
      branchCode: '601613',
      accountNumber: '31926819',
    });
  });

  it('rejects a wrong IBAN with a 400 that names the field and does not repeat the IBAN', () => {
    for (const iban of ['NL91ABNA0417164301', 'NL91ABNA041716430', 'XX91ABNA0417164300', 'not an iban']) {
      const { status, error } = fail('services.bankAccount', { body: { bankAccountIban: { iban } } });
      expect(status).toBe(400);
      expect(error.propertyName).toBe('bankAccountIban.iban');
      expect(error.message).not.toContain('0417164');
    }
    expect(fail('services.bankAccount', { body: {} }).status).toBe(400);
    expect(
      fail('services.bankAccount', { body: { bankAccountBban: { countryCode: 'DE', bankCode: '37040044' } } }).error
        .propertyName,
    ).toBe('bankAccountBban.accountNumber');
    expect(
      fail('services.bankAccount', {
        body: { bankAccountBban: { countryCode: 'US', bankCode: '1', accountNumber: '2' } },
      }).error.propertyName,
    ).toBe('bankAccountBban.countryCode');
  });

  it('IBANs built from any BBAN pass the mod-97 check; one changed digit fails it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{18}$/), fc.nat(17), (bban, pos) => {
        const iban = ibanFromBban('DE', bban);
        expect(ibanValid(iban)).toBe(true);
        const i = 4 + pos;
        const changed = iban.slice(0, i) + String((Number(iban[i]) + 1) % 10) + iban.slice(i + 1);
        expect(ibanValid(changed)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('services.getIINDetails', () => {
  const context = {
    countryCode: 'NL',
    isRecurring: false,
    isInstallments: false,
    amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
  };

  it('answers as the Client SDK expects for the documented Visa test card', () => {
    expect(call('services.getIINDetails', { body: { bin: '45673500', paymentContext: context } })).toEqual({
      paymentProductId: 1,
      countryCode: 'NL',
      isAllowedInContext: true,
    });
    expect(call('services.getIINDetails', { body: { bin: '542418' } })).toEqual({
      paymentProductId: 119,
      countryCode: 'US',
    });
  });

  it('reports products not allowed in the context and co-brands', () => {
    expect(call('services.getIINDetails', { body: { bin: '58956200', paymentContext: context } })).toMatchObject({
      paymentProductId: 136,
      isAllowedInContext: false,
    });
    const cb = call('services.getIINDetails', {
      body: { bin: '49701012', paymentContext: { ...context, countryCode: 'FR' } },
    });
    expect(cb.coBrands).toEqual([
      { paymentProductId: 1, isAllowedInContext: true },
      { paymentProductId: 130, isAllowedInContext: true },
    ]);
  });

  it('rejects a too short or non-numeric bin and is 404 for an unknown one', () => {
    expect(fail('services.getIINDetails', { body: { bin: '4567' } })).toMatchObject({
      status: 400,
      error: { propertyName: 'bin' },
    });
    expect(fail('services.getIINDetails', { body: { bin: '4567ab' } })).toMatchObject({
      status: 400,
      error: { propertyName: 'bin' },
    });
    expect(fail('services.getIINDetails', { body: {} })).toMatchObject({
      status: 400,
      error: { propertyName: 'bin', code: '20000000' },
    });
    expect(fail('services.getIINDetails', { body: { bin: '99999999' } }).status).toBe(404);
    const noCurrency = { bin: '45673500', paymentContext: { countryCode: 'NL', amountOfMoney: { amount: 1000 } } };
    expect(fail('services.getIINDetails', { body: noCurrency }).error).toMatchObject({
      code: '20000000',
      propertyName: 'paymentContext.amountOfMoney.currencyCode',
    });
  });
});

describe('installments, risk assessments, privacy policy, test connection', () => {
  it('offers 3, 6 and 12 installments for cards in Brazil and none in the Netherlands', () => {
    const money = { amount: 10000, currencyCode: 'BRL' };
    const options = call('installments.getInstallmentsInfo', {
      body: { bin: '45673500', countryCode: 'BR', amountOfMoney: money },
    }).installmentOptions;
    expect(options).toHaveLength(1);
    const plans = options[0].installmentPlans;
    expect(plans.map((p: Json) => p.numberOfInstallments)).toEqual([3, 6, 12]);
    expect(plans[0].amountOfMoneyTotal).toEqual(money); // interest-free
    for (const p of plans) {
      expect(p.amountOfMoneyPerInstallment.amount * p.numberOfInstallments).toBeGreaterThanOrEqual(
        p.amountOfMoneyTotal.amount,
      );
      expect(p.amountOfMoneyTotal.amount).toBeGreaterThanOrEqual(money.amount);
    }
    const nl = { paymentProductId: 1, countryCode: 'NL', amountOfMoney: { amount: 10000, currencyCode: 'EUR' } };
    expect(call('installments.getInstallmentsInfo', { body: nl }).installmentOptions).toEqual([]);
    expect(fail('installments.getInstallmentsInfo', { body: { ...nl, paymentProductId: 4242 } }).status).toBe(404);
    expect(fail('installments.getInstallmentsInfo', { body: { paymentProductId: 1 } }).error.propertyName).toBe(
      'amountOfMoney.amount',
    );
  });

  it('card risk follows the documented test cities and rejects a Luhn-invalid number without echoing it', () => {
    const assess = (city: string) =>
      call('riskAssessments.cards', {
        body: {
          card: { cardNumber: testCards.visa, expiryDate: '1230' },
          order: { customer: { billingAddress: { city } } },
        },
      }).results[0];
    expect(assess('Amsterdam')).toMatchObject({ category: 'retaildecisionsCCFraudCheck', result: 'accepted' });
    expect(assess('Calais').result).toBe('challenged');
    expect(assess('Denver')).toMatchObject({
      result: 'denied',
      retaildecisionsCCFraudCheckOutput: { fraudCode: '0300' },
    });
    expect(assess('Calais').retaildecisionsCCFraudCheckOutput.fraudCode).toBe('0500');
    const bad = fail('riskAssessments.cards', { body: { card: { cardNumber: '4567350000427978' } } });
    expect(bad).toMatchObject({ status: 400, error: { code: '21000020', propertyName: 'card.cardNumber' } });
    expect(JSON.stringify(bad)).not.toContain('4567350000427978');
  });

  it('bank account risk validates the account', () => {
    const ok = call('riskAssessments.bankAccounts', {
      body: {
        bankAccountBban: { countryCode: 'DE', accountNumber: '0532013000', bankCode: '37040044' },
        order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' }, customer: { locale: 'en_GB' } },
      },
    }).results;
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({
      category: 'validationbankAccount',
      result: 'accepted',
      validationBankAccountOutput: { newBankName: 'Commerzbank' },
    });
    const bad = call('riskAssessments.bankAccounts', { body: { bankAccountIban: { iban: 'DE89370400440532013001' } } })
      .results[0];
    expect(bad.result).toBe('denied');
    expect(bad.validationBankAccountOutput.checks[0].result).toBe('ERROR');
    expect(fail('riskAssessments.bankAccounts', { body: {} }).status).toBe(400);
  });

  it('privacy policy is HTML in the requested locale and names the product', () => {
    expect(call('services.privacyPolicy').htmlContent).toMatch(/^<h1>Privacy policy<\/h1>/);
    expect(call('services.privacyPolicy', { query: 'locale=nl_NL&paymentProductId=840' }).htmlContent).toMatch(
      /Privacybeleid.*PayPal/,
    );
    expect(fail('services.privacyPolicy', { query: 'paymentProductId=4242' }).status).toBe(404);
  });

  it('test connection says OK, and other operations are not the catalogue’s', () => {
    expect(call('services.testConnection')).toEqual({ result: 'OK' });
    expect(
      handleCatalogueOperation('payments.create', {
        merchantId: 'm',
        pathParams: {},
        query: new URLSearchParams(),
        body: {},
      }),
    ).toBeUndefined();
    expect(
      handleCatalogueOperation('toString', { merchantId: 'm', pathParams: {}, query: new URLSearchParams(), body: {} }),
    ).toBeUndefined();
  });
});

describe('robustness', () => {
  it('answers 18 operations', () => {
    expect(catalogueOperationIds).toHaveLength(18);
  });

  it('any body, path value or query gives a 200 or a platform error, never a crash', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const shaped = fc.record(
      {
        bin: fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{0,20}$/), json),
        paymentContext: json,
        amountOfMoney: fc.oneof(json, fc.record({ amount: json, currencyCode: json })),
        card: fc.oneof(json, fc.record({ cardNumber: fc.oneof(fc.string(), json) })),
        bankAccountIban: fc.oneof(json, fc.record({ iban: fc.oneof(fc.string(), json) })),
        bankAccountBban: fc.oneof(json, fc.record({ countryCode: json, bankCode: json, accountNumber: json })),
        paymentProductSession302SpecificInput: json,
        countryCode: json,
        values: json,
        collectorCallback: json,
        paymentProductId: json,
      },
      { requiredKeys: [] },
    );
    const query = fc.array(
      fc.tuple(
        fc.constantFrom(
          'countryCode',
          'currencyCode',
          'amount',
          'locale',
          'hide',
          'isRecurring',
          'source',
          'target',
          'paymentProductId',
        ),
        fc.string(),
      ),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...catalogueOperationIds),
        fc.oneof(json, shaped),
        fc.oneof(fc.constantFrom('1', '2', '302', '809', '1503', '9000', '3012', 'cards'), fc.string()),
        query,
        (op, body, id, q) => {
          try {
            const r = handleCatalogueOperation(op, {
              merchantId: 'm',
              pathParams: { paymentProductId: id, paymentProductGroupId: id },
              query: new URLSearchParams(q),
              body,
            });
            expect(r?.status).toBe(200);
            JSON.stringify(r?.body);
          } catch (e) {
            expect(e).toBeInstanceOf(SandboxError);
            expect([400, 404]).toContain((e as SandboxError).status);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
