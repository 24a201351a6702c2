/**
 * The dashboard's one seam to the rest of the sandbox: what it reads (stores, event log, deliveries,
 * settings) and what its buttons do (domain methods; every change emits its events as an API call
 * would). Pages import only this interface, so a change of the domain's shape touches this file alone.
 */

import type { PaymentIndex } from '../domain/payment-index.js';
import type { SandboxError } from '../errors.js';
import { type FaultRule, parseFault } from '../faults.js';
import type { SandboxState } from '../server.js';
import type {
  Capture,
  Dispute,
  HostedCheckout,
  Mandate,
  Payment,
  Payout,
  Refund,
  Token,
} from '../state/payments-model.js';
import { PAYMENT_STATUS } from '../state/payments-model.js';
import { payoutView, tokenView } from '../state/views.js';
import type { Delivery, LoggedEvent, WebhookEndpoint, WebhookNotice } from '../webhooks.js';

export type {
  Capture,
  Delivery,
  Dispute,
  FaultRule,
  HostedCheckout,
  LoggedEvent,
  Mandate,
  Payment,
  Payout,
  Refund,
  SandboxError,
  Token,
  WebhookEndpoint,
};

/** One notice of the live feed: an event or a delivery attempt, with the ids and lists it concerns. */
export interface LiveNotice {
  kind: 'event' | 'delivery';
  type: string;
  /** resource ids this concerns (the resource, and its payment for refunds and disputes) */
  related: string[];
  /** lists this concerns: 'payments', 'refunds', ..., 'events', 'deliveries' */
  topics: string[];
}

export interface Source {
  readonly paymentIndex: PaymentIndex;
  readonly payments: ReadonlyMap<string, Payment>;
  readonly captures: ReadonlyMap<string, Capture>;
  readonly refunds: ReadonlyMap<string, Refund>;
  readonly payouts: ReadonlyMap<string, Payout>;
  readonly tokens: ReadonlyMap<string, Token>;
  readonly mandates: ReadonlyMap<string, Mandate>;
  readonly hostedCheckouts: ReadonlyMap<string, HostedCheckout>;
  readonly disputes: ReadonlyMap<string, Dispute>;
  readonly paymentStatuses: readonly string[];
  events(): readonly LoggedEvent[];
  event(id: string): LoggedEvent | undefined;
  deliveries(): readonly Delivery[];
  endpoints(): readonly WebhookEndpoint[];
  keys(): { apiKeyId: string; merchantIds: string[] | '*' }[];
  merchants(): string[];
  faults(): readonly FaultRule[];
  clock(): { now: number; offsetMs: number };
  paymentView(p: Payment): Record<string, unknown>;
  refundView(r: Refund): Record<string, unknown>;
  payoutView(o: Payout): Record<string, unknown>;
  tokenView(t: Token): Record<string, unknown>;
  /** the payment a resource event is about (payment, refund, capture or dispute events) */
  paymentIdOf(e: LoggedEvent): string | undefined;
  subscribe(listener: (n: LiveNotice) => void): () => void;
  act: Actions;
}

/** What the buttons do. Each throws a SandboxError (shown on the page) when the domain refuses. */
export interface Actions {
  payment(p: Payment, action: 'approve' | 'capture' | 'cancel', amount?: number): void;
  refund(p: Payment, amount: number | undefined): void;
  settle(p: Payment): number;
  forceStatus(p: Payment, status: string): void;
  finishRedirect(p: Payment, outcome: 'success' | 'failure' | 'cancel'): void;
  chargeback(p: Payment): void;
  reverse(p: Payment): void;
  refundAction(r: Refund, action: 'approve' | 'cancel'): void;
  settleAll(): number;
  advanceClock(ms: number): void;
  addKey(apiKeyId: string, secretApiKey: string, merchantIds: string[] | '*'): void;
  removeKey(apiKeyId: string): boolean;
  addMerchant(id: string): void;
  addEndpoint(ep: WebhookEndpoint, verify: boolean): Promise<WebhookEndpoint>;
  verifyEndpoint(id: string): Promise<{ ok: boolean; status: number | null }>;
  removeEndpoint(id: string): boolean;
  addFault(body: Record<string, unknown>): FaultRule;
  clearFaults(): void;
  resend(eventId: string): number;
}

export function sourceFromState(state: SandboxState, baseUrl: () => string): Source {
  const pl = state.platform;
  const call = (opId: string, p: { merchantId: string }, pathParams: Record<string, string>, body: unknown) => {
    pl.handle({
      opId,
      merchantId: p.merchantId,
      pathParams: { merchantId: p.merchantId, ...pathParams },
      query: new URLSearchParams(),
      body,
      rawBody: Buffer.alloc(0),
      contentType: 'application/json',
      baseUrl: baseUrl(),
    });
  };
  const paymentIdOf = (e: LoggedEvent): string | undefined => {
    const r = e.resource as { id?: unknown; paymentId?: unknown };
    const id = typeof r.id === 'string' ? r.id : '';
    if (e.resourceKey === 'payment') return id;
    if (e.resourceKey === 'refund') return pl.refunds.get(id)?.paymentId;
    if (typeof r.paymentId === 'string') return r.paymentId;
    return undefined;
  };
  const topicOf: Record<string, string> = {
    payment: 'payments',
    refund: 'refunds',
    payout: 'payouts',
    token: 'tokens',
    dispute: 'disputes',
    mandate: 'mandates',
  };
  return {
    paymentIndex: state.paymentIndex,
    payments: pl.payments,
    captures: pl.captures,
    refunds: pl.refunds,
    payouts: pl.payouts,
    tokens: pl.tokens,
    mandates: pl.mandates,
    hostedCheckouts: pl.hostedCheckouts,
    disputes: pl.disputes,
    paymentStatuses: Object.keys(PAYMENT_STATUS),
    events: () => state.webhooks.records,
    event: (id) => state.webhooks.record(id),
    deliveries: () => state.webhooks.deliveries,
    endpoints: () => state.webhooks.endpoints,
    keys: () => [...state.keys.values()].map((k) => ({ apiKeyId: k.apiKeyId, merchantIds: k.merchantIds })),
    merchants: () => [...state.merchants],
    faults: () => state.faults.rules,
    clock: () => ({ now: state.clock.now(), offsetMs: state.clock.offset }),
    paymentView: (p) => pl.publicPaymentView(p, true),
    refundView: (r) => pl.publicRefundView(r),
    payoutView: (o) => payoutView(o),
    tokenView: (t) => tokenView(t),
    paymentIdOf,
    subscribe(listener) {
      const fn = (n: WebhookNotice) => {
        if (n.kind === 'event') {
          const e = n.event;
          const id = (e.resource as { id?: unknown }).id;
          const pid = paymentIdOf(e);
          const related = [typeof id === 'string' ? id : '', pid ?? ''].filter((x) => x !== '');
          const topics = ['events', topicOf[e.resourceKey] ?? e.resourceKey];
          if (pid !== undefined && e.resourceKey !== 'payment') topics.push('payments');
          listener({ kind: 'event', type: e.type, related, topics });
        } else {
          const e = state.webhooks.record(n.delivery.eventId);
          const pid = e ? paymentIdOf(e) : undefined;
          const id = e ? (e.resource as { id?: unknown }).id : undefined;
          const related = [n.delivery.eventId, typeof id === 'string' ? id : '', pid ?? ''].filter((x) => x !== '');
          listener({ kind: 'delivery', type: n.delivery.eventType, related, topics: ['deliveries', 'events'] });
        }
      };
      state.webhooks.listeners.add(fn);
      return () => state.webhooks.listeners.delete(fn);
    },
    act: {
      payment(p, action, amount) {
        const op =
          action === 'approve' ? 'payments.approve' : action === 'capture' ? 'payments.capture' : 'payments.cancel';
        call(op, p, { paymentId: p.id }, action === 'capture' && amount !== undefined ? { amount } : {});
      },
      refund(p, amount) {
        call(
          'payments.refund',
          p,
          { paymentId: p.id },
          amount === undefined ? {} : { amountOfMoney: { amount, currencyCode: p.currency } },
        );
      },
      settle(p) {
        let n = pl.settleNow(p) ? 1 : 0;
        for (const id of p.refundIds) {
          const r = pl.refunds.get(id);
          if (r && pl.settleNow(r)) n++;
        }
        return n;
      },
      forceStatus: (p, status) => void pl.forcePaymentStatus(p.merchantId, p.id, status),
      finishRedirect: (p, outcome) => void pl.finishRedirect(p.merchantId, p.id, outcome),
      chargeback: (p) => void pl.chargeback(p.merchantId, p.id),
      reverse: (p) => void pl.reverse(p.merchantId, p.id),
      refundAction(r, action) {
        call(action === 'approve' ? 'refunds.approve' : 'refunds.cancel', r, { refundId: r.id }, {});
      },
      settleAll: () => state.settle(),
      advanceClock: (ms) => state.advanceClock(ms),
      addKey(apiKeyId, secretApiKey, merchantIds) {
        state.keys.set(apiKeyId, { apiKeyId, secretApiKey, merchantIds });
        if (merchantIds !== '*') for (const m of merchantIds) state.merchants.add(m);
      },
      removeKey: (id) => state.keys.delete(id),
      addMerchant: (id) => void state.merchants.add(id),
      async addEndpoint(ep, verify) {
        if (verify) {
          const v = await state.webhooks.verify(ep.url);
          if (!v.ok) throw new Error(`verification failed: the endpoint answered ${v.status ?? 'nothing'}`);
        }
        return state.webhooks.addEndpoint(ep);
      },
      async verifyEndpoint(id) {
        const ep = state.webhooks.endpoints.find((e) => e.id === id);
        if (!ep) return { ok: false, status: null };
        return state.webhooks.verify(ep.url);
      },
      removeEndpoint: (id) => state.webhooks.removeEndpoint(id),
      addFault(body) {
        const f = parseFault(body);
        state.faults.rules.push(f);
        return f;
      },
      clearFaults: () => {
        state.faults.rules = [];
      },
      resend: (eventId) => state.webhooks.resend(eventId),
    },
  };
}
