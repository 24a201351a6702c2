/** The sandbox's resources (what is stored) and their status tables. */
import type { ApiErrorItem } from './errors.js';

/** Everything the sandbox knows about a status: category, legacy code and the flags that follow from it. */
export interface StatusInfo {
  readonly category: string;
  readonly code: number;
  readonly cancellable: boolean;
  readonly authorized: boolean;
}

export const PAYMENT_STATUS: Readonly<Record<string, StatusInfo>> = {
  CREATED: { category: 'CREATED', code: 0, cancellable: false, authorized: false },
  REDIRECTED: { category: 'PENDING_PAYMENT', code: 50, cancellable: true, authorized: false },
  PENDING_PAYMENT: { category: 'PENDING_PAYMENT', code: 55, cancellable: true, authorized: false },
  ACCOUNT_VERIFIED: { category: 'ACCOUNT_VERIFIED', code: 300, cancellable: false, authorized: false },
  PENDING_COMPLETION: { category: 'PENDING_MERCHANT', code: 20, cancellable: true, authorized: false },
  PENDING_FRAUD_APPROVAL: { category: 'PENDING_MERCHANT', code: 525, cancellable: true, authorized: true },
  PENDING_APPROVAL: { category: 'PENDING_MERCHANT', code: 600, cancellable: true, authorized: true },
  PENDING_CAPTURE: { category: 'PENDING_MERCHANT', code: 625, cancellable: true, authorized: true },
  CAPTURE_REQUESTED: { category: 'PENDING_CONNECT_OR_3RD_PARTY', code: 800, cancellable: false, authorized: true },
  PAID: { category: 'COMPLETED', code: 1000, cancellable: false, authorized: true },
  // the platform's code for CHARGEBACK_NOTIFICATION is not documented: the sandbox keeps PAID's 1000
  CHARGEBACK_NOTIFICATION: { category: 'COMPLETED', code: 1000, cancellable: false, authorized: true },
  CHARGEBACKED: { category: 'REVERSED', code: 1500, cancellable: false, authorized: true },
  REVERSED: { category: 'REVERSED', code: 1520, cancellable: false, authorized: true },
  REFUNDED: { category: 'REFUNDED', code: 1800, cancellable: false, authorized: true },
  REJECTED: { category: 'UNSUCCESSFUL', code: 100, cancellable: false, authorized: false },
  CANCELLED: { category: 'UNSUCCESSFUL', code: 99999, cancellable: false, authorized: false },
};

export const REFUND_STATUS: Readonly<Record<string, StatusInfo>> = {
  PENDING_APPROVAL: { category: 'PENDING_MERCHANT', code: 800, cancellable: true, authorized: false },
  REFUND_REQUESTED: { category: 'PENDING_CONNECT_OR_3RD_PARTY', code: 900, cancellable: true, authorized: false },
  REFUNDED: { category: 'REFUNDED', code: 1800, cancellable: false, authorized: false },
  REJECTED: { category: 'UNSUCCESSFUL', code: 100, cancellable: false, authorized: false },
  CANCELLED: { category: 'UNSUCCESSFUL', code: 99999, cancellable: false, authorized: false },
};

export const PAYOUT_STATUS: Readonly<Record<string, StatusInfo>> = {
  PENDING_APPROVAL: { category: 'PENDING_MERCHANT', code: 600, cancellable: true, authorized: false },
  PAYOUT_REQUESTED: { category: 'PENDING_CONNECT_OR_3RD_PARTY', code: 800, cancellable: true, authorized: false },
  ACCOUNT_CREDITED: { category: 'COMPLETED', code: 2000, cancellable: false, authorized: false },
  REJECTED: { category: 'UNSUCCESSFUL', code: 100, cancellable: false, authorized: false },
  CANCELLED: { category: 'UNSUCCESSFUL', code: 99999, cancellable: false, authorized: false },
};

export const CAPTURE_STATUS_CODE: Readonly<Record<string, number>> = {
  CAPTURE_REQUESTED: 800,
  PAID: 1000,
  CANCELLED: 99999,
};

export const DISPUTE_STATUS: Readonly<Record<string, StatusInfo>> = {
  DRAFT: { category: 'CREATED', code: 0, cancellable: true, authorized: false },
  CREATED: { category: 'PENDING_CONNECT_OR_3RD_PARTY', code: 100, cancellable: true, authorized: false },
  CANCELLED: { category: 'UNSUCCESSFUL', code: 99999, cancellable: false, authorized: false },
};

export type PaymentMethodKind =
  | 'card'
  | 'redirect'
  | 'sepaDirectDebit'
  | 'directDebit'
  | 'bankTransfer'
  | 'cash'
  | 'mobile'
  | 'eInvoice'
  | 'invoice';

export const METHOD_INPUTS: readonly [string, PaymentMethodKind][] = [
  ['cardPaymentMethodSpecificInput', 'card'],
  ['redirectPaymentMethodSpecificInput', 'redirect'],
  ['sepaDirectDebitPaymentMethodSpecificInput', 'sepaDirectDebit'],
  ['directDebitPaymentMethodSpecificInput', 'directDebit'],
  ['bankTransferPaymentMethodSpecificInput', 'bankTransfer'],
  ['cashPaymentMethodSpecificInput', 'cash'],
  ['mobilePaymentMethodSpecificInput', 'mobile'],
  ['eInvoicePaymentMethodSpecificInput', 'eInvoice'],
  ['invoicePaymentMethodSpecificInput', 'invoice'],
];

export const DEFAULT_PRODUCT: Readonly<Record<PaymentMethodKind, number>> = {
  card: 1,
  redirect: 809,
  sepaDirectDebit: 770,
  directDebit: 730,
  bankTransfer: 11,
  cash: 1503,
  mobile: 320,
  eInvoice: 9000,
  invoice: 1403,
};

export interface Payment {
  id: string;
  merchantId: string;
  createdAt: number;
  status: string;
  statusCode: number;
  changedAt: number;
  amount: number;
  currency: string;
  productId: number;
  method: PaymentMethodKind;
  merchantReference: string | undefined;
  merchantOrderId: number | undefined;
  paymentReference: string;
  hostedCheckoutId: string | undefined;
  /** kept for tokenize; never shown (responses carry the masked number) */
  pan: string | undefined;
  expiryDate: string | undefined;
  cardholderName: string | undefined;
  fraudResult: string | undefined;
  authorisationCode: string | undefined;
  requiresApproval: boolean;
  captureIds: string[];
  refundIds: string[];
  disputeIds: string[];
  errors: ApiErrorItem[] | undefined;
  returnUrl: string | undefined;
  returnmac: string | undefined;
  /** what happens after the simulated third-party / 3-D Secure page */
  afterRedirect: 'approve' | 'reject' | undefined;
  token: string | undefined;
  threeDSecureStatus: string | undefined;
  settleAt: number | undefined;
}

export interface Capture {
  id: string;
  merchantId: string;
  paymentId: string;
  amount: number;
  status: string;
  changedAt: number;
  isFinal: boolean;
  merchantCaptureReference: string | undefined;
  /** sum of this capture's refunds that are not cancelled/rejected */
  refundReserved: number;
}

export interface Refund {
  id: string;
  merchantId: string;
  paymentId: string;
  captureId: string | undefined;
  amount: number;
  currency: string;
  status: string;
  statusCode: number;
  changedAt: number;
  merchantReference: string | undefined;
  settleAt: number | undefined;
}

export interface Payout {
  id: string;
  merchantId: string;
  amount: number;
  currency: string;
  status: string;
  statusCode: number;
  changedAt: number;
  createdAt: number;
  merchantReference: string | undefined;
  merchantOrderId: number | undefined;
  paymentReference: string;
  errors: ApiErrorItem[] | undefined;
  settleAt: number | undefined;
}

export interface Token {
  id: string;
  merchantId: string;
  productId: number;
  /** stored request data (card number kept only to find duplicates; shown masked) */
  data: Record<string, unknown>;
  pan: string | undefined;
  originalPaymentId: string | undefined;
  sepaApproved: boolean;
}

export interface Mandate {
  /** the unique mandate reference (ids are unique per merchant only) */
  id: string;
  merchantId: string;
  reference: string;
  status: string;
  alias: string | undefined;
  customer: Record<string, unknown> | undefined;
  customerReference: string | undefined;
  recurrenceType: string | undefined;
}

export interface HostedCheckout {
  id: string;
  merchantId: string;
  returnmac: string;
  createdAt: number;
  expiresAt: number;
  status: string;
  request: Record<string, unknown>;
  paymentIds: string[];
  merchantReference: string | undefined;
}

export interface HostedMandate {
  id: string;
  merchantId: string;
  returnmac: string;
  createdAt: number;
  expiresAt: number;
  status: string;
  request: Record<string, unknown>;
  mandateReference: string | undefined;
}

export interface Dispute {
  id: string;
  merchantId: string;
  paymentId: string;
  captureId: string | undefined;
  amount: number;
  currency: string;
  status: string;
  changedAt: number;
  createdAt: number;
  contactPerson: string | undefined;
  emailAddress: string | undefined;
  replyTo: string | undefined;
  requestMessage: string | undefined;
  fileIds: string[];
}

export interface StoredFile {
  id: string;
  merchantId: string;
  disputeId: string;
  fileName: string;
  contentType: string;
  data: Buffer;
}

export interface Session {
  id: string;
  merchantId: string;
  customerId: string;
  createdAt: number;
  expiresAt: number;
  tokens: string[];
  request: Record<string, unknown>;
}
