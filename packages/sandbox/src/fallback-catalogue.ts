import { unknownResource } from './errors.js';
import type { OpRequest, OpResult } from './types.js';

/**
 * Minimal answers for the stateless catalogue/services operations, used only when the full
 * catalogue module (src/catalogue) does not answer an operation.
 */
const PRODUCTS = [
  { id: 1, paymentProductGroup: 'cards', paymentMethod: 'card', displayHints: { displayOrder: 1, label: 'Visa' } },
  {
    id: 2,
    paymentProductGroup: 'cards',
    paymentMethod: 'card',
    displayHints: { displayOrder: 2, label: 'American Express' },
  },
  {
    id: 3,
    paymentProductGroup: 'cards',
    paymentMethod: 'card',
    displayHints: { displayOrder: 3, label: 'MasterCard' },
  },
  { id: 809, paymentMethod: 'redirect', displayHints: { displayOrder: 10, label: 'iDEAL' } },
  { id: 840, paymentMethod: 'redirect', displayHints: { displayOrder: 11, label: 'PayPal' } },
];

export function fallbackCatalogue(req: OpRequest): OpResult | undefined {
  const pp = req.pathParams;
  switch (req.opId) {
    case 'products.find':
      return {
        status: 200,
        body: { paymentProducts: PRODUCTS.map((p) => ({ ...p, allowsRecurring: true, allowsTokenization: true })) },
      };
    case 'products.get': {
      const p = PRODUCTS.find((x) => String(x.id) === pp['paymentProductId']);
      if (!p) throw unknownResource('payment product', pp['paymentProductId'] ?? '');
      return { status: 200, body: { ...p, fields: [] } };
    }
    case 'products.directory':
      return { status: 200, body: { entries: [{ issuerId: 'INGBNL2A', issuerList: 'short', issuerName: 'ING' }] } };
    case 'products.networks':
      return { status: 200, body: { networks: ['Visa', 'MasterCard'] } };
    case 'products.customerDetails':
      return { status: 200, body: { city: 'Amsterdam', country: 'NL' } };
    case 'products.deviceFingerprint':
    case 'productGroups.deviceFingerprint':
      return { status: 200, body: { deviceFingerprintTransactionId: 'sandbox', html: '<script></script>' } };
    case 'products.sessions':
      return { status: 200, body: { paymentProductSession302SpecificOutput: { sessionObject: '{}' } } };
    case 'productGroups.find':
      return {
        status: 200,
        body: { paymentProductGroups: [{ id: 'cards', displayHints: { displayOrder: 1, label: 'Cards' } }] },
      };
    case 'productGroups.get':
      if (pp['paymentProductGroupId'] !== 'cards')
        throw unknownResource('payment product group', pp['paymentProductGroupId'] ?? '');
      return { status: 200, body: { id: 'cards', displayHints: { displayOrder: 1, label: 'Cards' }, fields: [] } };
    case 'services.convertAmount': {
      const amount = Number(req.query.get('amount') ?? '0');
      return { status: 200, body: { convertedAmount: amount } };
    }
    case 'services.bankAccount':
      return { status: 200, body: { bankAccountIban: { iban: 'NL91ABNA0417164300' } } };
    case 'services.getIINDetails':
      return { status: 200, body: { paymentProductId: 1, countryCode: 'NL', isAllowedInContext: true } };
    case 'services.privacyPolicy':
      return { status: 200, body: { htmlContent: '<p>Sandbox privacy policy</p>' } };
    case 'services.testConnection':
      return { status: 200, body: { result: 'OK' } };
    case 'installments.getInstallmentsInfo':
      return { status: 200, body: { installmentOptions: [] } };
    case 'riskAssessments.bankAccounts':
    case 'riskAssessments.cards':
      return { status: 200, body: { results: [{ category: 'BlackList', result: 'ACCEPTED' }] } };
    default:
      return undefined;
  }
}
