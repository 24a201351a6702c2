/**
 * The stateless services around the catalogue: IIN details, installments, risk assessments, customer
 * details, device fingerprints, Apple Pay sessions and the privacy policy.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  GetCustomerDetailsResponse,
  GetIINDetailsResponse,
  InstallmentOptionsResponse,
  ResultDoRiskAssessment,
  RiskAssessmentResponse,
} from '../../../sdk/src/models/index.js';
import {
  customerNotFound,
  invalidCardNumberValue,
  SandboxError,
  unknownIin,
  unknownProduct,
} from '../domain/errors.js';
import { bankDetails, ibanProblem } from './banking.js';
import { iinRange, luhnValid } from './cards.js';
import { resolveLocale, text } from './i18n.js';
import {
  amountOfMoney,
  asObject,
  type Context,
  checkCountry,
  contextFromBody,
  invalid,
  missing,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
} from './input.js';
import { installmentCountries, isAvailable, type ProductSpec, productSpec } from './products.js';

export { unknownProduct };

/** services.getIINDetails: product, issuing country, co-brands and whether they are allowed in the context. */
export function iinDetails(body: unknown): GetIINDetailsResponse {
  const req = asObject(body, '');
  const bin = requiredString(req, 'bin', 'bin').replace(/\s+/g, '');
  if (!/^\d+$/.test(bin)) throw invalid('bin', 'bin must contain only digits');
  if (bin.length < 6) throw invalid('bin', 'bin must contain at least 6 digits');
  if (bin.length > 19) throw invalid('bin', 'bin must contain at most 19 digits');
  const range = iinRange(bin);
  if (!range) throw unknownIin();
  const contextObj = optionalObject(req, 'paymentContext', 'paymentContext');
  const ctx = contextFromBody(contextObj, 'paymentContext');
  const allowed = (id: number) => {
    const spec = productSpec(id);
    return spec !== undefined && isAvailable(spec, ctx);
  };
  const out: GetIINDetailsResponse = { paymentProductId: range.product, countryCode: range.country };
  if (contextObj) out.isAllowedInContext = allowed(range.product);
  if (range.coBrands) {
    out.coBrands = [range.product, ...range.coBrands].map((id) => ({
      paymentProductId: id,
      isAllowedInContext: allowed(id),
    }));
  }
  return out;
}

const plans = [
  [3, 0],
  [6, 1.99],
  [12, 3.49],
] as const;

/** installments.getInstallmentsInfo: 3, 6 and 12 monthly installments where the product offers them. */
export function installmentsInfo(body: unknown): InstallmentOptionsResponse {
  const req = asObject(body, '');
  const money = amountOfMoney(optionalObject(req, 'amountOfMoney', 'amountOfMoney'), 'amountOfMoney');
  if (money.amount === undefined) throw missing('amountOfMoney.amount');
  if (money.currencyCode === undefined) throw missing('amountOfMoney.currencyCode');
  const { amount, currencyCode } = money;
  const countryRaw = optionalString(req, 'countryCode', 'countryCode');
  const countryCode = countryRaw === undefined ? undefined : checkCountry(countryRaw);
  let productId = optionalInteger(req, 'paymentProductId', 'paymentProductId');
  const bin = optionalString(req, 'bin', 'bin');
  if (productId === undefined && bin !== undefined) {
    if (!/^\d{6,19}$/.test(bin)) throw invalid('bin', 'bin must be 6 to 19 digits');
    productId = iinRange(bin)?.product;
    if (productId === undefined) throw unknownIin();
  }
  if (productId === undefined) throw missing('paymentProductId');
  const spec = productSpec(productId);
  if (!spec) throw unknownProduct(productId);
  const ctx: Context = { hide: new Set(), amount, currencyCode, ...(countryCode ? { countryCode } : {}) };
  const offered =
    spec.installments && isAvailable(spec, ctx) && (!countryCode || installmentCountries.includes(countryCode));
  if (!offered) return { installmentOptions: [] };
  return {
    installmentOptions: [
      {
        id: String(spec.id),
        displayHints: {
          displayOrder: 1,
          label: `${spec.label} installments`,
          logo: `templates/master/global/css/img/ppimages/pp_logo_${spec.id}_v1.png`,
        },
        installmentPlans: plans.map(([n, rate]) => {
          const total = Math.round(amount * (1 + rate / 100));
          return {
            installmentPlanCode: n,
            numberOfInstallments: n,
            frequencyOfInstallments: 'monthly',
            interestRate: rate.toFixed(2),
            amountOfMoneyPerInstallment: { amount: Math.ceil(total / n), currencyCode },
            amountOfMoneyTotal: { amount: total, currencyCode },
          };
        }),
      },
    ],
  };
}

/**
 * The documented fraud test cities: Amsterdam accepts, Calais challenges, Denver denies; with the Retail Decisions
 * fraud codes for accept (0100), questionable usage (0500, challenge) and suspicious usage (0300, deny).
 */
const fraudByCity: Readonly<Record<string, readonly [string, string]>> = {
  amsterdam: ['accepted', '0100'],
  calais: ['challenged', '0500'],
  denver: ['denied', '0300'],
};

function billingCity(req: Record<string, unknown>): string {
  const order = optionalObject(req, 'order', 'order');
  const customer = order && optionalObject(order, 'customer', 'order.customer');
  const address = customer && optionalObject(customer, 'billingAddress', 'order.customer.billingAddress');
  return (address && optionalString(address, 'city', 'order.customer.billingAddress.city')) ?? '';
}

/** riskAssessments.cards: a RetailDecisions-style fraud check driven by the billing city. */
export function riskAssessCard(body: unknown): RiskAssessmentResponse {
  const req = asObject(body, '');
  const card = optionalObject(req, 'card', 'card');
  if (!card) throw missing('card.cardNumber');
  const pan = requiredString(card, 'cardNumber', 'card.cardNumber').replace(/\s+/g, '');
  if (!luhnValid(pan)) throw invalidCardNumberValue('card.cardNumber');
  const [result, fraudCode] = fraudByCity[billingCity(req).trim().toLowerCase()] ?? ['accepted', '0100'];
  return {
    results: [
      {
        category: 'retaildecisionsCCFraudCheck',
        result,
        retaildecisionsCCFraudCheckOutput: {
          fraudCode,
          fraudNeural: result === 'accepted' ? '12' : '87',
          fraudRCF: '',
        },
      },
    ],
  };
}

/** riskAssessments.bankAccounts: validates the account (IBAN checksum, BBAN layout) and reports the checks. */
export function riskAssessBankAccount(body: unknown): RiskAssessmentResponse {
  const req = asObject(body, '');
  const ibanObj = optionalObject(req, 'bankAccountIban', 'bankAccountIban');
  const iban = ibanObj && optionalString(ibanObj, 'iban', 'bankAccountIban.iban');
  const problem = iban ? ibanProblem(iban) : undefined;
  let result: ResultDoRiskAssessment;
  if (problem) {
    result = {
      category: 'validationbankAccount',
      result: 'denied',
      validationBankAccountOutput: {
        checks: [{ code: '0001', description: `Invalid IBAN: ${problem}`, result: 'ERROR' }],
      },
    };
  } else {
    let details: ReturnType<typeof bankDetails>;
    try {
      details = bankDetails({
        ...(iban ? { bankAccountIban: { iban } } : {}),
        ...(req['bankAccountBban'] !== undefined ? { bankAccountBban: req['bankAccountBban'] } : {}),
      });
    } catch (e) {
      // A BBAN the sandbox cannot validate is an assessment result, not a bad request, unless nothing was sent.
      if (!(e instanceof SandboxError) || e.errors[0]?.code === '20000000') throw e;
      return {
        results: [
          {
            category: 'validationbankAccount',
            result: 'denied',
            validationBankAccountOutput: {
              checks: [{ code: '0002', description: e.errors[0]?.message ?? 'invalid', result: 'ERROR' }],
            },
          },
        ],
      };
    }
    result = {
      category: 'validationbankAccount',
      result: 'accepted',
      validationBankAccountOutput: {
        checks: [{ code: '0000', description: 'Account number is valid', result: 'PASSED' }],
        ...details.bankData,
      },
    };
  }
  return { results: [result] };
}

type Person = Pick<
  GetCustomerDetailsResponse,
  'firstName' | 'surname' | 'street' | 'zip' | 'city' | 'languageCode' | 'phoneNumber'
>;

// country: first name, surname, street, zip, city, language, phone
const people: Readonly<Record<string, Person>> = Object.fromEntries(
  (
    [
      ['BR', 'Joao', 'Silva', 'Rua Visconde de Piraja 414', '22410002', 'Rio de Janeiro', 'pt', '+552130000000'],
      ['SE', 'Sven', 'Svensson', 'Drottninggatan 1', '11151', 'Stockholm', 'sv', '+46812345678'],
      ['NL', 'Jan', 'Jansen', 'Damrak 1', '1012LG', 'Amsterdam', 'nl', '+31201234567'],
      ['DE', 'Max', 'Mustermann', 'Unter den Linden 1', '10117', 'Berlin', 'de', '+4930123456'],
    ] as const
  ).map(([country, firstName, surname, street, zip, city, languageCode, phoneNumber]) => [
    country,
    { firstName, surname, street, zip, city, languageCode, phoneNumber },
  ]),
);

/**
 * products.customerDetails: a fiscal-number lookup for products with `customerLookup` (Boleto, Klarna, AfterPay)
 * in their countries. `99999999` finds nobody.
 */
export function customerDetails(spec: ProductSpec, body: unknown): GetCustomerDetailsResponse {
  const req = asObject(body, '');
  const countryCode = checkCountry(requiredString(req, 'countryCode', 'countryCode'));
  if (!spec.customerLookup) {
    throw invalid('paymentProductId', `payment product ${spec.id} does not support customer details lookup`);
  }
  if (spec.countries && !spec.countries.includes(countryCode)) {
    throw invalid('countryCode', `customer details lookup for product ${spec.id} is not available in ${countryCode}`);
  }
  const values = req['values'];
  if (!Array.isArray(values)) throw missing('values');
  const pairs = values.map((v, i) => asObject(v, `values[${i}]`));
  const fiscal = pairs.find((p) => p['key'] === 'fiscalNumber');
  if (!fiscal) throw invalid('values', "values must contain the key 'fiscalNumber'");
  const fiscalNumber = requiredString(fiscal, 'value', "values[key='fiscalNumber'].value").replace(/[\s.\-/]/g, '');
  if (!/^[0-9A-Za-z]{1,20}$/.test(fiscalNumber)) {
    throw invalid("values[key='fiscalNumber'].value", 'fiscalNumber must be 1 to 20 letters or digits');
  }
  if (fiscalNumber === '99999999') throw customerNotFound();
  const person = people[countryCode] ?? people['NL']!;
  return {
    ...person,
    country: countryCode,
    fiscalNumber,
    emailAddress: `${person.firstName}.${person.surname}@example.com`.toLowerCase(),
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** products/productGroups.deviceFingerprint: an id plus the HTML snippet that collects the fingerprint. */
export function deviceFingerprint(body: unknown) {
  const req = asObject(body ?? {}, '');
  const callback = optionalString(req, 'collectorCallback', 'collectorCallback');
  if (callback !== undefined && !IDENTIFIER.test(callback)) {
    throw invalid('collectorCallback', 'collectorCallback must be the name of a JavaScript function');
  }
  const id = randomBytes(16).toString('hex');
  const call = callback ? `if (typeof ${callback} === 'function') ${callback}('${id}');` : '';
  return {
    deviceFingerprintTransactionId: id,
    html: `<script type="text/javascript">window.connectSandboxFingerprint = { transactionId: '${id}', collectedAt: Date.now(), screen: [screen.width, screen.height] };${call}</script>`,
  };
}

/** products.sessions for Apple Pay (302): the merchant session object Apple Pay JS expects, as a string. */
export function applePaySession(spec: ProductSpec, merchantId: string, body: unknown) {
  if (spec.id !== 302) {
    throw invalid('paymentProductId', 'payment product sessions are only available for Apple Pay (302)');
  }
  const req = asObject(body, '');
  const input = optionalObject(req, 'paymentProductSession302SpecificInput', 'paymentProductSession302SpecificInput');
  if (!input) throw missing('paymentProductSession302SpecificInput');
  const path = 'paymentProductSession302SpecificInput';
  const displayName = requiredString(input, 'displayName', `${path}.displayName`);
  const domainName = requiredString(input, 'domainName', `${path}.domainName`);
  const validationUrl = requiredString(input, 'validationUrl', `${path}.validationUrl`);
  if (!/^https:\/\/[^\s/]+/.test(validationUrl)) {
    throw invalid(`${path}.validationUrl`, 'validationUrl must be an https URL');
  }
  const now = Date.now();
  const sessionObject = {
    epochTimestamp: now,
    expiresAt: now + 60 * 60 * 1000,
    merchantSessionIdentifier: `SSH${randomBytes(16).toString('hex').toUpperCase()}`,
    nonce: randomBytes(4).toString('hex'),
    merchantIdentifier: randomBytes(32).toString('hex').toUpperCase(),
    domainName,
    displayName,
    signature: Buffer.from(`connect-sandbox:${merchantId}:${randomUUID()}`).toString('base64'),
    operationalAnalyticsIdentifier: `${displayName}:${merchantId}`,
    retries: 0,
    pspId: merchantId,
  };
  return { paymentProductSession302SpecificOutput: { sessionObject: JSON.stringify(sessionObject) } };
}

/** services.privacyPolicy: HTML in the requested locale, mentioning the product when one is given. */
export function privacyPolicy(locale: string | undefined, spec: ProductSpec | undefined) {
  const l = resolveLocale(locale);
  const product = spec
    ? `<p>${text('privacyProduct', l).replace('{product}', spec.labelKey ? text(spec.labelKey, l) : spec.label)}</p>`
    : '';
  return { htmlContent: `<h1>${text('privacyTitle', l)}</h1><p>${text('privacyBody', l)}</p>${product}` };
}
