/**
 * The dashboard's one seam to the rest of the sandbox: what it reads (stores, event log, deliveries,
 * settings) and what its buttons do (domain methods; every change emits its events as an API call
 * would). Pages import only this interface, so a change of the domain's shape touches this file alone.
 */

import type { SandboxContext } from '../context.js';
import type { SandboxError } from '../domain/errors.js';
import type { FaultRule } from '../domain/faults.js';
import type { Capture, Dispute, HostedCheckout, Mandate, Payment, Payout, Refund, Token } from '../domain/model.js';
import { PAYMENT_STATUS } from '../domain/model.js';
import type { PaymentIndex } from '../domain/payment-index.js';
import type { MerchantCollection } from '../domain/store.js';
import type { SandboxEvent } from '../events/bus.js';
import type { Delivery, WebhookEndpoint } from '../events/webhooks.js';

export type {
  Capture,
  Delivery,
  Dispute,
  FaultRule,
  HostedCheckout,
  Mandate,
  Payment,
  Payout,
  Refund,
  SandboxError,
  Token,
  WebhookEndpoint,
};
/** A logged event as the dashboard shows it. */
export type LoggedEvent = SandboxEvent;

/** A store read by id alone (the dashboard addresses resources by id, whoever owns them). */
export interface Store<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
  values(): Iterable<T>;
}

function store<T extends { id: string; merchantId: string }>(c: MerchantCollection<T>): Store<T> {
  return { get: (id) => c.lookup(id), has: (id) => c.lookup(id) !== undefined, values: () => c.values() };
}

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
  readonly payments: Store<Payment>;
  readonly captures: Store<Capture>;
  readonly refunds: Store<Refund>;
  readonly payouts: Store<Payout>;
  readonly tokens: Store<Token>;
  readonly mandates: Store<Mandate>;
  readonly hostedCheckouts: Store<HostedCheckout>;
  readonly disputes: Store<Dispute>;
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

export function sourceFromContext(ctx: SandboxContext): Source {
  const d = ctx.domain;
  const st = d.stores;
  const paymentIdOf = (e: LoggedEvent): string | undefined => {
    const r = e.resource as { id?: unknown; paymentId?: unknown };
    const id = typeof r.id === 'string' ? r.id : '';
    if (e.resourceKey === 'payment') return id;
    if (e.resourceKey === 'refund') return st.refunds.lookup(id)?.paymentId;
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
    hostedCheckout: 'hostedcheckouts',
  };
  return {
    paymentIndex: d.paymentIndex,
    payments: store(st.payments),
    captures: store(st.captures),
    refunds: store(st.refunds),
    payouts: store(st.payouts),
    tokens: store(st.tokens),
    mandates: store(st.mandates),
    hostedCheckouts: store(st.hostedCheckouts),
    disputes: store(st.disputes),
    paymentStatuses: Object.keys(PAYMENT_STATUS),
    events: () => ctx.events.entries().map((r) => r.event),
    event: (id) => ctx.events.find(id),
    deliveries: () => ctx.webhooks.deliveries,
    endpoints: () => ctx.webhooks.endpoints,
    keys: () => [...ctx.access.keys.values()].map((k) => ({ apiKeyId: k.apiKeyId, merchantIds: k.merchantIds })),
    merchants: () => [...ctx.access.merchants],
    faults: () => ctx.faults.rules,
    clock: () => ({ now: ctx.clock.now(), offsetMs: ctx.clock.offset }),
    paymentView: (p) => {
      const view = d.payments.view(p);
      (view['paymentOutput'] as Record<string, unknown>)['operations'] = d.payments.operationsOf(p);
      return view;
    },
    refundView: (r) => d.refunds.view(r),
    payoutView: (o) => d.payouts.view(o),
    tokenView: (t) => d.tokens.view(t),
    paymentIdOf,
    subscribe(listener) {
      const offEvents = ctx.bus.on((e) => {
        const id = (e.resource as { id?: unknown }).id;
        const pid = paymentIdOf(e);
        const related = [typeof id === 'string' ? id : '', pid ?? ''].filter((x) => x !== '');
        const topics = ['events', topicOf[e.resourceKey] ?? e.resourceKey];
        if (pid !== undefined && e.resourceKey !== 'payment') topics.push('payments');
        listener({ kind: 'event', type: e.type, related, topics });
      });
      const onDelivery = (del: Delivery) => {
        const e = ctx.events.find(del.eventId);
        const pid = e ? paymentIdOf(e) : undefined;
        const id = e ? (e.resource as { id?: unknown }).id : undefined;
        const related = [del.eventId, typeof id === 'string' ? id : '', pid ?? ''].filter((x) => x !== '');
        listener({ kind: 'delivery', type: del.eventType, related, topics: ['deliveries', 'events'] });
      };
      ctx.webhooks.listeners.add(onDelivery);
      return () => {
        offEvents();
        ctx.webhooks.listeners.delete(onDelivery);
      };
    },
    act: {
      payment(p, action, amount) {
        if (action === 'approve') d.payments.approve(p.merchantId, p.id, {});
        else if (action === 'capture') d.payments.capture(p.merchantId, p.id, amount === undefined ? {} : { amount });
        else d.payments.cancel(p.merchantId, p.id);
      },
      refund(p, amount) {
        d.refunds.create(
          p.merchantId,
          p.id,
          undefined,
          amount === undefined ? {} : { amountOfMoney: { amount, currencyCode: p.currency } },
        );
      },
      settle(p) {
        let n = d.settleNow(p) ? 1 : 0;
        for (const id of p.refundIds) {
          const r = st.refunds.lookup(id);
          if (r && d.settleNow(r)) n++;
        }
        return n;
      },
      forceStatus: (p, status) => void d.payments.forceStatus(p.merchantId, p.id, status),
      finishRedirect: (p, outcome) => void d.payments.finishRedirect(p.merchantId, p.id, outcome),
      chargeback: (p) => void d.chargebacks.chargeback(p.merchantId, p.id),
      reverse: (p) => void d.chargebacks.reverse(p.merchantId, p.id),
      refundAction(r, action) {
        if (action === 'approve') d.refunds.approve(r.merchantId, r.id, {});
        else d.refunds.cancel(r.merchantId, r.id);
      },
      settleAll: () => d.settle(true),
      advanceClock: (ms) => d.advanceClock(ms),
      addKey: (apiKeyId, secretApiKey, merchantIds) => ctx.access.addKey({ apiKeyId, secretApiKey, merchantIds }),
      removeKey: (id) => ctx.access.removeKey(id),
      addMerchant: (id) => ctx.access.addMerchant(id),
      async addEndpoint(ep, verify) {
        if (verify) {
          const v = await ctx.webhooks.verify(ep.url);
          if (!v.ok) throw new Error(`verification failed: the endpoint answered ${v.status ?? 'nothing'}`);
        }
        return ctx.webhooks.add(ep);
      },
      async verifyEndpoint(id) {
        const ep = ctx.webhooks.endpoints.find((e) => e.id === id);
        if (!ep) return { ok: false, status: null };
        return ctx.webhooks.verify(ep.url);
      },
      removeEndpoint: (id) => ctx.webhooks.remove(id),
      addFault: (body) => ctx.faults.add(body),
      clearFaults: () => ctx.faults.clear(),
      resend(eventId) {
        const e = ctx.events.find(eventId);
        return e === undefined ? -1 : ctx.webhooks.resend(e);
      },
    },
  };
}
