/**
 * Triggers: make the sandbox produce one webhook event type the way it happens on the platform, by
 * creating and moving real resources through the domain (`connect-sandbox trigger <type>`,
 * `POST /_sandbox/trigger`). Every event type the sandbox emits has one; nothing is faked: the payment,
 * refund, payout, token or dispute stays in the sandbox and can be read through the Server API.
 */
import { randomBytes } from 'node:crypto';
import { badRequest } from './errors.js';
import type { Domain } from './index.js';
import type { Payment, Payout, Refund } from './model.js';

/** What one trigger created or moved, for the CLI to print. */
export interface TriggerResult {
  type: string;
  merchantId: string;
  /** every resource touched, in order: `{ kind: 'payment', id, status }` */
  resources: { kind: string; id: string; status: string }[];
}

interface Run {
  readonly domain: Domain;
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

const hex = (n: number) => randomBytes(n).toString('hex');

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
  let p: Payment;
  try {
    p = run.domain.payments.create(run.merchantId, body, run).payment;
  } catch (e) {
    // a decline answers 402 with the rejected payment in the body; the payment exists all the same
    const payment = (e as { extra?: { paymentResult?: { payment?: { id?: string } } } }).extra?.paymentResult?.payment;
    const found = payment?.id === undefined ? undefined : run.domain.payments.lookup(payment.id);
    if (found === undefined) throw e;
    p = found;
  }
  note(run, 'payment', p.id, p.status);
  return p;
}

function paidPayment(run: Run): Payment {
  const p = cardPayment(run);
  run.domain.settleNow(p);
  note(run, 'payment', p.id, p.status);
  return p;
}

function refundOf(run: Run, p: Payment, then: 'none' | 'approve' | 'settle' | 'cancel'): Refund {
  const r: Refund = run.domain.refunds.create(run.merchantId, p.id, undefined, {
    amountOfMoney: { amount: p.amount, currencyCode: p.currency },
  });
  note(run, 'refund', r.id, r.status);
  if (then === 'cancel') {
    run.domain.refunds.cancel(run.merchantId, r.id);
  } else if (then !== 'none') {
    if (r.status === 'PENDING_APPROVAL') run.domain.refunds.approve(run.merchantId, r.id, {});
    if (then === 'settle') run.domain.settleNow(r);
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
  let o: Payout;
  try {
    o = run.domain.payouts.create(run.merchantId, body);
  } catch (e) {
    const result = (e as { extra?: { payoutResult?: { id?: string } } }).extra?.payoutResult;
    const found = result?.id === undefined ? undefined : run.domain.stores.payouts.lookup(result.id);
    if (found === undefined) throw e;
    o = found;
  }
  note(run, 'payout', o.id, o.status);
  if (then === 'cancel') run.domain.payouts.cancel(run.merchantId, o.id);
  else if (then === 'approve' || then === 'settle') {
    if (o.status === 'PENDING_APPROVAL') run.domain.payouts.approve(run.merchantId, o.id);
    if (then === 'settle') run.domain.settleNow(o);
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
  const id = run.domain.tokens.create(run.merchantId, {
    paymentProductId: 1,
    card: {
      data: { cardWithoutCvv: { cardNumber: freshCardNumber(), expiryDate: '1230', cardholderName: 'Trigger' } },
    },
  }).token;
  note(run, 'token', id, 'created');
  return id;
}

function dispute(run: Run, then: 'none' | 'submit' | 'cancel'): void {
  const p = paidPayment(run);
  const d = run.domain.disputes.create(run.merchantId, p.id, undefined, {
    contactPerson: 'Trigger',
    requestMessage: 'sandbox trigger',
  });
  if (then === 'submit') run.domain.disputes.submit(run.merchantId, d.id);
  if (then === 'cancel') run.domain.disputes.cancel(run.merchantId, d.id);
  note(run, 'dispute', d.id, d.status);
}

function redirectPayment(run: Run): Payment {
  const p = run.domain.payments.create(
    run.merchantId,
    {
      order: {
        amountOfMoney: { amount: 1500, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      redirectPaymentMethodSpecificInput: { paymentProductId: 809, returnUrl: 'https://shop.example/return' },
    },
    run,
  ).payment;
  note(run, 'payment', p.id, p.status);
  return p;
}

/** Every event type the sandbox emits, with how it is produced (shown by `trigger --list`). */
export const TRIGGERS: Readonly<Record<string, { how: string; run: (r: Run) => void }>> = {
  'payment.redirected': { how: 'an iDEAL (redirect) payment', run: (r) => void redirectPayment(r) },
  'payment.pending_payment': {
    how: 'a bank transfer payment waiting for the customer',
    run: (r) => {
      const p = r.domain.payments.create(
        r.merchantId,
        {
          order: {
            amountOfMoney: { amount: 4200, currencyCode: 'EUR' },
            customer: { billingAddress: { countryCode: 'NL' } },
          },
          bankTransferPaymentMethodSpecificInput: { paymentProductId: 11 },
        },
        r,
      ).payment;
      note(r, 'payment', p.id, p.status);
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
      r.domain.payments.cancel(r.merchantId, p.id);
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
      r.domain.chargebacks.chargeback(p.merchantId, p.id, true);
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.chargebacked': {
    how: 'a paid card payment charged back (notification, then chargeback)',
    run: (r) => {
      const p = paidPayment(r);
      r.domain.chargebacks.chargeback(p.merchantId, p.id);
      note(r, 'payment', p.id, p.status);
    },
  },
  'payment.reversed': {
    how: 'a paid card payment whose funds are reversed',
    run: (r) => {
      const p = paidPayment(r);
      r.domain.chargebacks.reverse(p.merchantId, p.id);
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
      r.domain.tokens.update(r.merchantId, id, {
        paymentProductId: 1,
        card: { data: { cardWithoutCvv: { cardholderName: 'Updated' } } },
      });
      note(r, 'token', id, 'updated');
    },
  },
  'token.deleted': {
    how: 'a card token, deleted',
    run: (r) => {
      const id = token(r);
      r.domain.tokens.remove(r.merchantId, id);
      note(r, 'token', id, 'deleted');
    },
  },
  'dispute.draft': { how: 'a dispute on a paid payment (draft)', run: (r) => dispute(r, 'none') },
  'dispute.created': { how: 'a dispute on a paid payment, submitted', run: (r) => dispute(r, 'submit') },
  'dispute.cancelled': { how: 'a dispute on a paid payment, cancelled', run: (r) => dispute(r, 'cancel') },
};

/** Runs the trigger for `type`; throws a 400 naming the known types when there is none. */
export function trigger(domain: Domain, type: string, merchantId: string, baseUrl: string): TriggerResult {
  const t = TRIGGERS[type];
  if (!t) {
    throw badRequest(`unknown event type "${type}"; one of ${Object.keys(TRIGGERS).join(', ')}`, 'type');
  }
  const run: Run = { domain, merchantId, baseUrl, resources: [] };
  t.run(run);
  return { type, merchantId, resources: run.resources };
}
