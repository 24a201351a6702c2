/** Payouts: money to a customer's card or account, approval and settlement. */
import type { DomainCore, Lifecycle } from './core.js';
import { badRequest, invalidCardNumber, invalidCardNumberItem, invalidProperty } from './errors.js';
import { digits } from './ids.js';
import { int, pick, str } from './json.js';
import { PAYOUT_STATUS, type Payout } from './model.js';
import { luhnValid } from './scenarios.js';
import { payoutView } from './views.js';

export class Payouts {
  readonly lifecycle: Lifecycle<Payout> = {
    resourceKey: 'payout',
    label: 'payout',
    table: PAYOUT_STATUS,
    settlesFrom: 'PAYOUT_REQUESTED',
    webhook: true,
    view: payoutView,
  };

  constructor(private readonly core: DomainCore) {}

  get(merchantId: string, id: string | undefined): Payout {
    return this.core.stores.payouts.get(merchantId, id);
  }

  view(o: Payout): Record<string, unknown> {
    return payoutView(o);
  }

  setStatus(o: Payout, status: string): void {
    this.core.transition(this.lifecycle, o, status);
  }

  /** payouts.create: a card number failing the Luhn check is stored REJECTED and thrown with `payoutResult`. */
  create(merchantId: string, body: unknown): Payout {
    const amount =
      int(pick(body, 'amountOfMoney', 'amount')) ?? int(pick(body, 'payoutDetails', 'amountOfMoney', 'amount'));
    const currency =
      str(pick(body, 'amountOfMoney', 'currencyCode')) ??
      str(pick(body, 'payoutDetails', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined) throw invalidProperty('amountOfMoney.amount', 'amountOfMoney.amount is required');
    if (amount <= 0) throw badRequest('amountOfMoney.amount must be greater than 0', 'amountOfMoney.amount');
    if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) {
      throw invalidProperty('amountOfMoney.currencyCode', 'amountOfMoney.currencyCode (ISO 4217) is required');
    }
    const seq = this.core.nextSeq();
    const now = this.core.now();
    const o: Payout = {
      id: `${digits(merchantId, 10)}${String(seq).padStart(10, '0')}0000100001`,
      merchantId,
      amount,
      currency,
      status: 'CREATED',
      statusCode: 0,
      changedAt: now,
      createdAt: now,
      merchantReference:
        str(pick(body, 'references', 'merchantReference')) ??
        str(pick(body, 'payoutDetails', 'references', 'merchantReference')),
      merchantOrderId: int(pick(body, 'references', 'merchantOrderId')),
      paymentReference: String(seq).padStart(12, '0'),
      errors: undefined,
      settleAt: undefined,
    };
    const pan = str(pick(body, 'cardPayoutMethodSpecificInput', 'card', 'cardNumber'));
    this.core.stores.payouts.add(o);
    if (pan !== undefined && !luhnValid(pan.replace(/\s+/g, ''))) {
      const item = invalidCardNumberItem('cardPayoutMethodSpecificInput.card.cardNumber');
      o.errors = [{ httpStatusCode: 400, ...item }];
      this.setStatus(o, 'REJECTED');
      throw invalidCardNumber('cardPayoutMethodSpecificInput.card.cardNumber', { payoutResult: payoutView(o) });
    }
    this.setStatus(o, this.core.options.payoutsRequireApproval ? 'PENDING_APPROVAL' : 'PAYOUT_REQUESTED');
    return o;
  }

  find(merchantId: string, q: URLSearchParams): Record<string, unknown> {
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const page = this.core.stores.payouts.page(
      merchantId,
      q,
      (o) =>
        (ref === null || o.merchantReference === ref) && (orderId === null || String(o.merchantOrderId) === orderId),
    );
    return { payouts: page.items.map(payoutView), offset: page.offset, limit: page.limit, totalCount: page.totalCount };
  }

  approve(merchantId: string, id: string | undefined): Payout {
    const o = this.get(merchantId, id);
    this.core.move(this.lifecycle, o, ['PENDING_APPROVAL'], 'PAYOUT_REQUESTED', 'approve');
    return o;
  }

  cancel(merchantId: string, id: string | undefined): void {
    this.core.move(
      this.lifecycle,
      this.get(merchantId, id),
      ['PENDING_APPROVAL', 'PAYOUT_REQUESTED'],
      'CANCELLED',
      'cancel',
    );
  }

  cancelApproval(merchantId: string, id: string | undefined): void {
    this.core.move(
      this.lifecycle,
      this.get(merchantId, id),
      ['PAYOUT_REQUESTED'],
      'PENDING_APPROVAL',
      'cancelapproval',
    );
  }
}
