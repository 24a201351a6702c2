/**
 * Turns an accepted encrypted customer input into the request a merchant would have built on its
 * server, so that both kinds of payment go through the same rules (test cards, declines, 3-D Secure,
 * Luhn and expiry checks, tokenisation). Fields the merchant sent next to `encryptedCustomerInput`
 * (order, returnUrl, threeDSecure, ...) are kept; the customer's values come from the encrypted input.
 */

import { type ProductSpec, productSpec } from '../../catalogue/products.js';
import { badRequest } from '../errors.js';
import type { ClientSessionRecord } from './accept.js';
import type { CustomerInput } from './decrypt.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which Server API method input a product is paid with. */
function methodInput(spec: ProductSpec): string {
  if (spec.redirect) return 'redirectPaymentMethodSpecificInput';
  switch (spec.paymentMethod) {
    case 'card':
      return 'cardPaymentMethodSpecificInput';
    case 'directDebit':
      return 'sepaDirectDebitPaymentMethodSpecificInput';
    case 'bankTransfer':
      return 'bankTransferPaymentMethodSpecificInput';
    case 'cash':
      return 'cashPaymentMethodSpecificInput';
    case 'invoice':
      return 'invoicePaymentMethodSpecificInput';
    default:
      return 'mobilePaymentMethodSpecificInput';
  }
}

const METHOD_INPUTS = [
  'cardPaymentMethodSpecificInput',
  'redirectPaymentMethodSpecificInput',
  'sepaDirectDebitPaymentMethodSpecificInput',
  'directDebitPaymentMethodSpecificInput',
  'bankTransferPaymentMethodSpecificInput',
  'cashPaymentMethodSpecificInput',
  'mobilePaymentMethodSpecificInput',
  'eInvoicePaymentMethodSpecificInput',
  'invoicePaymentMethodSpecificInput',
];

function productOf(input: CustomerInput): ProductSpec {
  const spec = productSpec(input.paymentProductId);
  if (!spec) {
    throw badRequest(
      `encryptedCustomerInput names payment product ${input.paymentProductId}, which the sandbox does not know`,
      'encryptedCustomerInput',
      '21000020',
      'UNKNOWN_PRODUCT_ID',
    );
  }
  return spec;
}

/** The token behind an account on file: the Client API numbers a session's tokens 1, 2, ... */
export function tokenOfAccountOnFile(session: ClientSessionRecord, accountOnFileId: number): string {
  const token = session.tokens[accountOnFileId - 1];
  if (token === undefined) {
    throw badRequest(
      `encryptedCustomerInput names account on file ${accountOnFileId}, which its client session does not have`,
      'encryptedCustomerInput',
      '21000020',
      'UNKNOWN_ACCOUNT_ON_FILE',
    );
  }
  return token;
}

function valuesOf(input: CustomerInput): Map<string, string> {
  // the last value wins, as when a page sets a field twice
  return new Map(input.paymentValues.map((v) => [v.key, v.value]));
}

const CARD_KEYS = ['cardNumber', 'expiryDate', 'cvv', 'cardholderName', 'issueNumber', 'partialPin'] as const;

/** The `payments.create` body equivalent to `body` with its `encryptedCustomerInput` opened. */
export function paymentRequestFrom(body: Json, input: CustomerInput, session: ClientSessionRecord): Json {
  const spec = productOf(input);
  const key = methodInput(spec);
  const given = isObject(body[key]) ? body[key] : {};
  if (given['paymentProductId'] !== undefined && given['paymentProductId'] !== spec.id) {
    throw badRequest(
      `${key}.paymentProductId ${String(given['paymentProductId'])} differs from the product in encryptedCustomerInput (${spec.id})`,
      `${key}.paymentProductId`,
    );
  }
  const values = valuesOf(input);
  const method: Json = { ...structuredClone(given), paymentProductId: spec.id };
  if (key === 'cardPaymentMethodSpecificInput') {
    const card: Json = isObject(method['card']) ? method['card'] : {};
    for (const k of CARD_KEYS) {
      const v = values.get(k);
      if (v !== undefined) card[k] = v;
    }
    method['card'] = card;
    if (input.tokenize) method['tokenize'] = true;
  } else if (key === 'redirectPaymentMethodSpecificInput') {
    const issuer = values.get('issuerId');
    if (issuer !== undefined && issuer !== '') {
      const specific = `paymentProduct${spec.id}SpecificInput`;
      method[specific] = { ...(isObject(method[specific]) ? method[specific] : {}), issuerId: issuer };
    }
    if (input.tokenize) method['tokenize'] = true;
  } else if (key === 'sepaDirectDebitPaymentMethodSpecificInput') {
    const iban = values.get('iban');
    if (iban !== undefined) {
      method['paymentProduct771SpecificInput'] = {
        mandate: {
          customer: {
            bankAccountIban: { iban, accountHolderName: values.get('accountHolderName') ?? '' },
          },
        },
      };
    }
    if (input.tokenize) method['tokenize'] = true;
  }
  if (input.accountOnFileId !== undefined) method['token'] = tokenOfAccountOnFile(session, input.accountOnFileId);
  // a merchant's server does not know which product the customer chose, so it may send inputs (returnUrl,
  // threeDSecure, ...) for several methods: the one matching the encrypted product is used, the others dropped
  const out: Json = { ...body, [key]: method };
  for (const k of METHOD_INPUTS) if (k !== key) delete out[k];
  delete out['encryptedCustomerInput'];
  return out;
}

/** The `tokens.create` body equivalent to `body` with its `encryptedCustomerInput` opened (cards and SEPA). */
export function tokenRequestFrom(body: Json, input: CustomerInput): Json {
  const spec = productOf(input);
  const values = valuesOf(input);
  const out: Json = { ...body, paymentProductId: spec.id };
  delete out['encryptedCustomerInput'];
  if (spec.paymentMethod === 'card' && !spec.redirect) {
    const card: Json = {};
    for (const k of ['cardNumber', 'expiryDate', 'cardholderName'] as const) {
      const v = values.get(k);
      if (v !== undefined) card[k] = v;
    }
    const given = isObject(body['card']) ? body['card'] : {};
    out['card'] = { ...given, data: { cardWithoutCvv: card } };
  } else if (spec.id === 770) {
    const given = isObject(body['sepaDirectDebit']) ? body['sepaDirectDebit'] : {};
    out['sepaDirectDebit'] = {
      ...given,
      mandate: {
        ...(isObject(given['mandate']) ? given['mandate'] : {}),
        bankAccountIban: { iban: values.get('iban') ?? '', accountHolderName: values.get('accountHolderName') ?? '' },
      },
    };
  } else {
    throw badRequest(
      `tokens cannot be made from payment product ${spec.id} (cards and SEPA Direct Debit only)`,
      'encryptedCustomerInput',
    );
  }
  return out;
}
