/**
 * Triggers: make the sandbox produce one webhook event type the way it happens on the platform, by
 * creating and moving real resources through the domain (`connect-sandbox trigger <type>`,
 * `POST /_sandbox/trigger`). Every event type the sandbox emits has one; nothing is faked: the payment,
 * refund, payout, token or dispute stays in the sandbox and can be read through the Server API.
 */
import { badRequest } from '../errors.js';
import type { Payment, Payout, Refund } from '../state/payments-model.js';
import type { Platform } from '../state/platform.js';
import type { OpResult } from '../types.js';
import { hex, isRecord } from '../util.js';

/** What one trigger created or moved, for the CLI to print. */
export interface TriggerResult {
  type: string;
  merchantId: string;
  /** every resource touched, in order: `{ kind: 'payment', id, status }` */
  resources: { kind: string; id: string; status: string }[];
}

interface Run {
  readonly platform: Platform;
  readonly merchantId: string;
  readonly baseUrl: string;
  readonly resources: TriggerResult['resources'];
}

/** A card the test data approves (Visa test card). */
const APPROVED_CARD = '4567350000427977';
/** Declined whatever the amount (testdata.ts DECLINE_CARDS). */
const DECLINED_CARD = '4000000000000036';
/** Leaves the payment in PENDING_COMPLETION (testdata.ts COMPLETION_CARD). */
const COMPLETION_CARD = '4000000000000077';

function call(run: Run, opId: string, pathParams: Record<string, string>, body: unknown): Record<string, unknown> {
  const r: OpResult | undefined = run.platform.handle({
    opId,
    merchantId: run.merchantId,
    pathParams: { merchantId: run.merchantId, ...pathParams },
    query: new URLSearchParams(),
    body,
    rawBody: Buffer.alloc(0),
    contentType: 'application/json',
    baseUrl: run.baseUrl,
  });
  return isRecord(r?.body) ? r.body : {};
}

function note(run: Run, kind: string, id: string, status: string): void {
  run.resources.push({ kind, id, status });
}

function cardPayment(
  run: Run,
  extra: { card?: string; amount?: number; approval?: boolean; city?: string } = {},
): Payment {
  const body = {
    order: {
      amountOfMoney: { amount: extra.amount ?? 1250, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL', ...(extra.city ? { city: extra.city } : {}) } },
      references: { merchantReference: `trigger-${hex(4)}` },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      ...(extra.approval ? { requiresApproval: true } : {}),
      card: { cardNumber: extra.card ?? APPROVED_CARD, expiryDate: '1230', cvv: '123', cardholderName: 'Trigger' },
    },
  };
  let id: string | undefined;
  try {
    const out = call(run, 'payments.create', {}, body);
    id = isRecord(out['payment']) ? String(out['payment']['id']) : undefined;
  } catch (e) {
    // a decline answers 402 with the rejected payment in the body; the payment exists all the same
    const payment = (e as { extra?: { paymentResult?: { payment?: { id?: string } } } }).extra?.paymentResult?.payment;
    id = payment?.id;
    if (id === undefined) throw e;
  }
  const p = run.platform.payments.get(id ?? '') as Payment;
  note(run, 'payment', p.id, p.status);
  return p;
}

function paidPayment(run: Run): Payment {
  const p = cardPayment(run);
  run.platform.settleNow(p);
  note(run, 'payment', p.id, p.status);
  return p;
}

function refundOf(run: Run, p: Payment, then: 'none' | 'approve' | 'settle' | 'cancel'): Refund {
  const out = call(
    run,
    'payments.refund',
    { paymentId: p.id },
    { amountOfMoney: { amount: p.amount, currencyCode: p.currency } },
  );
  const r = run.platform.refunds.get(String(out['id'])) as Refund;
  note(run, 'refund', r.id, r.status);
  if (then === 'cancel') {
    call(run, 'refunds.cancel', { refundId: r.id }, {});
  } else if (then !== 'none') {
    if (r.status === 'PENDING_APPROVAL') call(run, 'refunds.approve', { refundId: r.id }, {});
    if (then === 'settle') run.platform.settleNow(r);
  }
  if (then !== 'none') note(run, 'refund', r.id, r.status);
  return r;
}

function payout(run: Run, then: 'none' | 'approve' | 'settle' | 'cancel' | 'reject'): Payout {
  const body = {
    amountOfMoney: { amount: 2500, currencyCode: 'EUR' },
    references: { merchantReference: `trigger-${hex(4)}` },
    cardPayoutMethodSpecificInput: {
      paymentProductId: 1,
      card: { cardNumber: then === 'reject' ? '4567350000427970' : APPROVED_CARD, expiryDate: '1230' },
    },
  };
  let id: string;
  try {
    id = String(call(run, 'payouts.create', {}, body)['id']);
  } catch (e) {
    const result = (e as { extra?: { payoutResult?: { id?: string } } }).extra?.payoutResult;
    if (result?.id === undefined) throw e;
    id = result.id;
  }
  const o = run.platform.payouts.get(id) as Payout;
  note(run, 'payout', o.id, o.status);
  if (then === 'cancel') call(run, 'payouts.cancel', { payoutId: o.id }, {});
  else if (then === 'approve' || then === 'settle') {
    if (o.status === 'PENDING_APPROVAL') call(run, 'payouts.approve', { payoutId: o.id }, {});
    if (then === 'settle') run.platform.settleNow(o);
  }
  if (then !== 'none' && then !== 'reject') note(run, 'payout', o.id, o.status);
  return o;
}

/** A Luhn-valid Visa test number that no token holds yet (tokens.create answers an existing token otherwise). */
function freshCardNumber(): string {
  const body = `4567350${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function token(run: Run): string {
  const out = call(
    run,
    'tokens.create',
    {},
    {
      paymentProductId: 1,
      card: {
        data: { cardWithoutCvv: { cardNumber: freshCardNumber(), expiryDate: '1230', cardholderName: 'Trigger' } },
      },
    },
  );
  const id = String(out['token']);
  note(run, 'token', id, 'created');
  return id;
}

function dispute(run: Run, then: 'none' | 'submit' | 'cancel'): void {
  const p = paidPayment(run);
  const out = call(
    run,
    'payments.dispute',
    { paymentId: p.id },
    { contactPerson: 'Trigger', requestMessage: 'sandbox trigger' },
  );
  const id = String(out['id']);
  if (then === 'submit') call(run, 'disputes.submit', { disputeId: id }, {});
  if (then === 'cancel') call(run, 'disputes.cancel', { disputeId: id }, {});
  note(run, 'dispute', id, run.platform.disputes.get(id)?.status ?? '');
}

function redirectPayment(run: Run): Payment {
  const out = call(
    run,
    'payments.create',
    {},
    {
      order: {
        amountOfMoney: { amount: 1500, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      redirectPaymentMethodSpecificInput: { paymentProductId: 809, returnUrl: 'https://shop.example/return' },
    },
  );
  const p = run.platform.payments.get(String((out['payment'] as Record<string, unknown>)['id'])) as Payment;
  note(run, 'payment', p.id, p.status);
  return p;
}

/** Every event type the sandbox emits, with how it is produced (shown by `trigger --list`). */
export const TRIGGERS: Readonly<Record<string, { how: string; run: (r: Run) => void }>> = {
  'payment.redirected': { how: 'an iDEAL (redirect) payment', run: (r) => void redirectPayment(r) },
  'payment.pending_payment': {
    how: 'a bank transfer payment waiting for the customer',
    run: (r) => {
      const out = call(
        r,
        'payments.create',
        {},
        {
          order: {
            amountOfMoney: { amount: 4200, currencyCode: 'EUR' },
            customer: { billingAddress: { countryCode: 'NL' } },
          },
          bankTransferPaymentMethodSpecificInput: { paymentProductId: 11 },
        },
      );
      const p = out['payment'] as Record<string, unknown>;
      note(r, 'payment', String(p['id']), String(p['status']));
    },
  },
  'payment.account_verified': { how: 'a zero-amount card check', run: (r) => void cardPayment(r, { amount: 0 }) },
  'payment.pending_completion': {
    how: `a card payment with test card ${COMPLETION_CARD} (needs payments.complete)`,
    run: (r) => void cardPayment(r, { card: COMPLETION_CARD }),
  },
  'payment.pending_fraud_approval': {
    how: 'a card payment whose billing city (Calais) the fraud check challenges',
    run: (r) => void cardPayment(r, { city: 'Calais' }),
  },
  'payment.pending_approval': {
    how: 'a card payment with requiresApproval',
    run: (r) => void cardPayment(r, { approval: true }),
  },
  'payment.capture_requested': { how: 'a card sale (captured right away)', run: (r) => void cardPayment(r) },
  'payment.paid': { how: 'a card sale, settled now', run: (r) => void paidPayment(r) },
  'payment.rejected': {
    how: `a card payment with declined test card ${DECLINED_CARD}`,
    run: (r) => void cardPayment(r, { card: DECLINED_CARD }),
  },
  'payment.cancelled': {
    how: 'a card payment waiting for approval, cancelled',
    run: (r) => {
      const p = cardPayment(r, { approval: true });
      call(r, 'payments.cancel', { paymentId: p.id }, {});
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.refunded': {
    how: 'a paid card payment refunded in full (refund approved and settled)',
    run: (r) => {
      const p = paidPayment(r);
      refundOf(r, p, 'settle');
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.chargeback_notification': {
    how: 'a paid card payment whose chargeback is announced',
    run: (r) => {
      const p = paidPayment(r);
      r.platform.chargeback(p.merchantId, p.id, true);
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.chargebacked': {
    how: 'a paid card payment charged back (notification, then chargeback)',
    run: (r) => {
      const p = paidPayment(r);
      r.platform.chargeback(p.merchantId, p.id);
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.reversed': {
    how: 'a paid card payment whose funds are reversed',
    run: (r) => {
      const p = paidPayment(r);
      r.platform.reverse(p.merchantId, p.id);
      note(r, 'payment', p.id, p.status);
    },
  },
  'refund.pending_approval': {
    how: 'a refund of a paid payment, waiting for approval',
    run: (r) => void refundOf(r, paidPayment(r), 'none'),
  },
  'refund.refund_requested': {
    how: 'a refund of a paid payment, approved',
    run: (r) => void refundOf(r, paidPayment(r), 'approve'),
  },
  'refund.refunded': {
    how: 'a refund of a paid payment, approved and settled',
    run: (r) => void refundOf(r, paidPayment(r), 'settle'),
  },
  'refund.cancelled': {
    how: 'a refund of a paid payment, cancelled',
    run: (r) => void refundOf(r, paidPayment(r), 'cancel'),
  },
  'payout.pending_approval': { how: 'a card payout waiting for approval', run: (r) => void payout(r, 'none') },
  'payout.payout_requested': { how: 'a card payout, approved', run: (r) => void payout(r, 'approve') },
  'payout.account_credited': { how: 'a card payout, approved and settled', run: (r) => void payout(r, 'settle') },
  'payout.cancelled': { how: 'a card payout, cancelled', run: (r) => void payout(r, 'cancel') },
  'payout.rejected': {
    how: 'a card payout to a card number failing the Luhn check',
    run: (r) => void payout(r, 'reject'),
  },
  'token.created': { how: 'a card token', run: (r) => void token(r) },
  'token.updated': {
    how: 'a card token whose cardholder name is changed',
    run: (r) => {
      const id = token(r);
      call(
        r,
        'tokens.update',
        { tokenId: id },
        { paymentProductId: 1, card: { data: { cardWithoutCvv: { cardholderName: 'Updated' } } } },
      );
      note(r, 'token', id, 'updated');
    },
  },
  'token.deleted': {
    how: 'a card token, deleted',
    run: (r) => {
      const id = token(r);
      call(r, 'tokens.remove', { tokenId: id }, {});
      note(r, 'token', id, 'deleted');
    },
  },
  'dispute.draft': { how: 'a dispute on a paid payment (draft)', run: (r) => dispute(r, 'none') },
  'dispute.created': { how: 'a dispute on a paid payment, submitted', run: (r) => dispute(r, 'submit') },
  'dispute.cancelled': { how: 'a dispute on a paid payment, cancelled', run: (r) => dispute(r, 'cancel') },
};

/** Runs the trigger for `type`; throws a 400 naming the known types when there is none. */
export function trigger(platform: Platform, type: string, merchantId: string, baseUrl: string): TriggerResult {
  const t = TRIGGERS[type];
  if (!t) {
    throw badRequest(`unknown event type "${type}"; one of ${Object.keys(TRIGGERS).join(', ')}`, 'type');
  }
  const run: Run = { platform, merchantId, baseUrl, resources: [] };
  t.run(run);
  return { type, merchantId, resources: run.resources };
}
