/** The resources as the platform's GET operations return them (the JSON views). */
import { compactDateTime } from './dates.js';
import { compact } from './json.js';
import { maskPan } from './masking.js';
import {
  CAPTURE_STATUS_CODE,
  type Capture,
  DISPUTE_STATUS,
  type Dispute,
  type Mandate,
  PAYMENT_STATUS,
  PAYOUT_STATUS,
  type Payment,
  type Payout,
  REFUND_STATUS,
  type Refund,
  type StatusInfo,
  type StoredFile,
  type Token,
} from './model.js';

/** Books of one payment, derived from its captures and refunds. */
export interface Books {
  /** captures that are not cancelled */
  captured: number;
  captureRequested: number;
  paid: number;
  /** refunds that are not cancelled or rejected */
  refundReserved: number;
  refundRequested: number;
  refunded: number;
}

export interface Lookup {
  capture(id: string): Capture | undefined;
  refund(id: string): Refund | undefined;
}

export function books(p: Payment, l: Lookup): Books {
  const b: Books = { captured: 0, captureRequested: 0, paid: 0, refundReserved: 0, refundRequested: 0, refunded: 0 };
  for (const id of p.captureIds) {
    const c = l.capture(id);
    if (!c || c.status === 'CANCELLED') continue;
    b.captured += c.amount;
    if (c.status === 'CAPTURE_REQUESTED') b.captureRequested += c.amount;
    if (c.status === 'PAID') b.paid += c.amount;
  }
  for (const id of p.refundIds) {
    const r = l.refund(id);
    if (!r || r.status === 'CANCELLED' || r.status === 'REJECTED') continue;
    b.refundReserved += r.amount;
    if (r.status === 'REFUNDED') b.refunded += r.amount;
    else b.refundRequested += r.amount;
  }
  return b;
}

const PAYMENT_METHOD_NAME: Readonly<Record<string, string>> = {
  card: 'card',
  redirect: 'redirect',
  sepaDirectDebit: 'directDebit',
  directDebit: 'directDebit',
  bankTransfer: 'bankTransfer',
  cash: 'cash',
  mobile: 'mobile',
  eInvoice: 'eInvoice',
  invoice: 'invoice',
};

function info(table: Readonly<Record<string, StatusInfo>>, status: string): StatusInfo {
  return table[status] ?? { category: 'STATUS_UNKNOWN', code: 0, cancellable: false, authorized: false };
}

export function paymentView(p: Payment, l: Lookup): Record<string, unknown> {
  const s = info(PAYMENT_STATUS, p.status);
  const b = books(p, l);
  const refundable = p.status === 'PAID' && b.paid - b.refundReserved > 0;
  const cardOutput =
    p.method === 'card'
      ? compact({
          paymentProductId: p.productId,
          authorisationCode: p.authorisationCode,
          card:
            p.pan === undefined
              ? undefined
              : compact({ cardNumber: maskPan(p.pan), expiryDate: p.expiryDate, cardholderName: p.cardholderName }),
          fraudResults:
            p.fraudResult === undefined
              ? undefined
              : { fraudServiceResult: p.fraudResult, avsResult: 'X', cvvResult: 'M' },
          threeDSecureResults: p.threeDSecureStatus === undefined ? undefined : { eci: '05', xid: p.id.slice(-20) },
          token: p.token,
        })
      : undefined;
  const methodOutput = p.method === 'card' ? undefined : compact({ paymentProductId: p.productId, token: p.token });
  const methodKey =
    p.method === 'card'
      ? undefined
      : p.method === 'sepaDirectDebit'
        ? 'sepaDirectDebitPaymentMethodSpecificOutput'
        : `${p.method}PaymentMethodSpecificOutput`;
  const paymentOutput: Record<string, unknown> = compact({
    amountOfMoney: { amount: p.amount, currencyCode: p.currency },
    references: compact({
      merchantReference: p.merchantReference,
      merchantOrderId: p.merchantOrderId,
      paymentReference: p.paymentReference,
    }),
    amountCaptureRequested: b.captureRequested,
    amountCaptured: b.paid,
    amountPaid: b.paid,
    amountRefundRequested: b.refundRequested,
    amountRefunded: b.refunded,
    amountReversed: 0,
    paymentMethod: PAYMENT_METHOD_NAME[p.method],
    cardPaymentMethodSpecificOutput: cardOutput,
  });
  if (methodKey !== undefined) paymentOutput[methodKey] = methodOutput;
  return compact({
    id: p.id,
    hostedCheckoutSpecificOutput:
      p.hostedCheckoutId === undefined ? undefined : { hostedCheckoutId: p.hostedCheckoutId },
    paymentOutput,
    status: p.status,
    statusOutput: compact({
      errors: p.errors,
      isCancellable: s.cancellable,
      isRetriable: p.status === 'REJECTED',
      statusCategory: s.category,
      statusCode: p.statusCode,
      statusCodeChangeDateTime: compactDateTime(p.changedAt),
      isAuthorized: s.authorized,
      isRefundable: refundable,
      threeDSecureStatus: p.threeDSecureStatus,
    }),
  });
}

export function captureView(c: Capture, p: Payment): Record<string, unknown> {
  return {
    id: c.id,
    captureOutput: compact({
      amountOfMoney: { amount: c.amount, currencyCode: p.currency },
      references: compact({
        merchantReference: p.merchantReference,
        merchantCaptureReference: c.merchantCaptureReference,
        paymentReference: p.paymentReference,
      }),
      amountPaid: c.status === 'PAID' ? c.amount : 0,
      amountReversed: 0,
      paymentMethod: PAYMENT_METHOD_NAME[p.method],
      cardPaymentMethodSpecificOutput:
        p.method === 'card'
          ? compact({
              paymentProductId: p.productId,
              authorisationCode: p.authorisationCode,
              card: p.pan === undefined ? undefined : compact({ cardNumber: maskPan(p.pan), expiryDate: p.expiryDate }),
            })
          : undefined,
    }),
    status: c.status,
    statusOutput: {
      isFinal: c.isFinal,
      isRefundable: c.status === 'PAID' && c.amount - c.refundReserved > 0,
      isRetriable: false,
      statusCode: CAPTURE_STATUS_CODE[c.status] ?? 0,
      statusCodeChangeDateTime: compactDateTime(c.changedAt),
    },
  };
}

export function refundView(r: Refund, p: Payment | undefined, totals: Books | undefined): Record<string, unknown> {
  const s = info(REFUND_STATUS, r.status);
  return {
    id: r.id,
    refundOutput: compact({
      amountOfMoney: { amount: r.amount, currencyCode: r.currency },
      references: compact({ merchantReference: r.merchantReference, paymentReference: p?.paymentReference }),
      amountPaid: r.status === 'REFUNDED' ? r.amount : 0,
      paymentMethod: p ? PAYMENT_METHOD_NAME[p.method] : undefined,
      cardRefundMethodSpecificOutput:
        p?.method === 'card'
          ? compact({
              refundProductId: p.productId,
              totalAmountPaid: totals?.paid,
              totalAmountRefunded: totals?.refunded,
              card: p.pan === undefined ? undefined : { cardNumber: maskPan(p.pan), expiryDate: p.expiryDate },
            })
          : undefined,
    }),
    status: r.status,
    statusOutput: {
      isCancellable: s.cancellable,
      isRetriable: false,
      statusCategory: s.category,
      statusCode: r.statusCode,
      statusCodeChangeDateTime: compactDateTime(r.changedAt),
    },
  };
}

export function payoutView(o: Payout): Record<string, unknown> {
  const s = info(PAYOUT_STATUS, o.status);
  return {
    id: o.id,
    payoutOutput: {
      amountOfMoney: { amount: o.amount, currencyCode: o.currency },
      references: compact({
        merchantReference: o.merchantReference,
        merchantOrderId: o.merchantOrderId,
        paymentReference: o.paymentReference,
      }),
    },
    status: o.status,
    statusOutput: compact({
      errors: o.errors,
      isCancellable: s.cancellable,
      isRetriable: o.status === 'REJECTED',
      statusCategory: s.category,
      statusCode: o.statusCode,
      statusCodeChangeDateTime: compactDateTime(o.changedAt),
    }),
  };
}

export function tokenView(t: Token): Record<string, unknown> {
  const data = structuredClone(t.data);
  const card = data['card'] as Record<string, unknown> | undefined;
  const cwc = (card?.['data'] as Record<string, unknown> | undefined)?.['cardWithoutCvv'] as
    | Record<string, unknown>
    | undefined;
  if (cwc && typeof cwc['cardNumber'] === 'string') cwc['cardNumber'] = maskPan(cwc['cardNumber']);
  return compact({ id: t.id, paymentProductId: t.productId, originalPaymentId: t.originalPaymentId, ...data });
}

export function mandateView(m: Mandate): Record<string, unknown> {
  return compact({
    alias: m.alias,
    customer: m.customer,
    customerReference: m.customerReference,
    recurrenceType: m.recurrenceType,
    status: m.status,
    uniqueMandateReference: m.reference,
  });
}

export function disputeView(d: Dispute, p: Payment | undefined, files: (id: string) => StoredFile | undefined) {
  const s = info(DISPUTE_STATUS, d.status);
  return compact({
    id: d.id,
    paymentId: d.paymentId,
    captureId: d.captureId,
    disputeOutput: compact({
      amountOfMoney: { amount: d.amount, currencyCode: d.currency },
      contactPerson: d.contactPerson,
      emailAddress: d.emailAddress,
      replyTo: d.replyTo,
      requestMessage: d.requestMessage,
      creationDetails: { disputeCreationDate: compactDateTime(d.createdAt), disputeOriginator: 'MERCHANT' },
      reference: compact({
        merchantReference: p?.merchantReference,
        merchantOrderId: p?.merchantOrderId === undefined ? undefined : String(p.merchantOrderId),
        paymentReference: p?.paymentReference,
      }),
      files: d.fileIds
        .map((id) => files(id))
        .filter((f): f is StoredFile => f !== undefined)
        .map((f) => ({ id: f.id, fileName: f.fileName, fileType: f.contentType, fileSize: String(f.data.length) })),
    }),
    status: d.status,
    statusOutput: {
      isCancellable: s.cancellable,
      statusCategory: s.category,
      statusCode: s.code,
      statusCodeChangeDateTime: compactDateTime(d.changedAt),
    },
  });
}

export function paymentStatusCategoryForHostedCheckout(status: string): string {
  if (['CREATED', 'REJECTED', 'REJECTED_CAPTURE', 'CANCELLED'].includes(status)) return 'REJECTED';
  if (status === 'REDIRECTED') return 'STATUS_UNKNOWN';
  return 'SUCCESSFUL';
}

/** `paymentOutput.operations`: the captures and refunds of a payment, oldest first. */
export function operationsView(p: Payment, captures: readonly Capture[], l: Lookup): Record<string, unknown>[] {
  const ops: Record<string, unknown>[] = [];
  for (const c of captures) {
    ops.push({
      id: c.id,
      type: 'CAPTURE',
      status: c.status,
      amountOfMoney: { amount: c.amount, currencyCode: p.currency },
      timestamp: new Date(c.changedAt).toISOString(),
    });
  }
  for (const id of p.refundIds) {
    const r = l.refund(id);
    if (!r) continue;
    ops.push({
      id: r.id,
      type: 'REFUND',
      status: r.status,
      amountOfMoney: { amount: r.amount, currencyCode: r.currency },
      timestamp: new Date(r.changedAt).toISOString(),
    });
  }
  return ops;
}

/** payments.thirdPartyStatus: what the third party would say about a payment in `status`. */
export function thirdPartyStatus(status: string): string {
  if (status === 'REDIRECTED') return 'WAITING';
  if (status === 'CREATED') return 'INITIALIZED';
  if (PAYMENT_STATUS[status]?.category === 'UNSUCCESSFUL') return 'CANCELLED';
  if (['PAID', 'REFUNDED', 'CAPTURE_REQUESTED'].includes(status)) return 'COMPLETED';
  return 'AUTHORIZED';
}
