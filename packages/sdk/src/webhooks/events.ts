import type {
  CaptureResponse,
  DisputeResponse,
  PaymentResponse,
  PayoutResponse,
  RefundResponse,
  TokenResponse,
  WebhooksEvent,
  WebhooksEventTypeValues,
} from '../models/index.js';

/** Every documented event type (the closed part of the open `WebhooksEventType`). */
export type KnownWebhooksEventType = (typeof WebhooksEventTypeValues)[number];

/** The object an event is about: the part of `type` before the dot. */
export type WebhooksEventObject = 'payment' | 'refund' | 'payout' | 'token' | 'dispute';

interface PayloadByObject {
  payment: PaymentResponse;
  refund: RefundResponse;
  payout: PayoutResponse;
  token: TokenResponse;
  dispute: DisputeResponse;
}

/** The documented event types for one object, e.g. `'refund.created' | 'refund.refunded' | ...`. */
export type WebhooksEventTypeOf<O extends WebhooksEventObject> = Extract<KnownWebhooksEventType, `${O}.${string}`>;

interface WebhooksEventBase {
  /** API version of the embedded object: always `v1` once `unmarshal` accepted the event. */
  apiVersion: string;
  /** Unique event id: use it to ignore redeliveries of an event you already processed. */
  id: string;
  /** When the event was created, e.g. `2017-09-14T17:14:39.688+0200`. */
  created: string;
  merchantId: string;
}

/**
 * An event of a documented type `T`: the payload field of its object (`payment`, `refund`,
 * `payout`, `token` or `dispute`) is present and typed.
 */
export type WebhooksEventFor<T extends KnownWebhooksEventType> =
  T extends `${infer O extends WebhooksEventObject}.${string}`
    ? WebhooksEventBase & { type: T } & { [K in O]: PayloadByObject[K] } & Omit<
          WebhooksEvent,
          keyof WebhooksEventBase | 'type' | O
        >
    : never;

export type PaymentWebhooksEvent = WebhooksEventFor<WebhooksEventTypeOf<'payment'>>;
export type RefundWebhooksEvent = WebhooksEventFor<WebhooksEventTypeOf<'refund'>>;
export type PayoutWebhooksEvent = WebhooksEventFor<WebhooksEventTypeOf<'payout'>>;
export type TokenWebhooksEvent = WebhooksEventFor<WebhooksEventTypeOf<'token'>>;
export type DisputeWebhooksEvent = WebhooksEventFor<WebhooksEventTypeOf<'dispute'>>;

/**
 * An event type this SDK does not know yet (the platform may add types). Compare it as a
 * string: `(event.type as string) === 'payment.new_thing'`, or use {@link isWebhooksEventType}.
 */
export type UnknownWebhooksEventType = `${string}.${string}` & { readonly __unknownWebhooksEventType: true };

/** An event of a type this SDK does not know: every payload field is optional. */
export interface UnknownWebhooksEvent extends WebhooksEventBase {
  type: UnknownWebhooksEventType;
  payment?: PaymentResponse;
  refund?: RefundResponse;
  payout?: PayoutResponse;
  token?: TokenResponse;
  dispute?: DisputeResponse;
  capture?: CaptureResponse;
}

/**
 * What `WebhooksHelper.unmarshal` resolves: a union discriminated by `type`.
 *
 * ```ts
 * if (event.type === 'payment.paid') event.payment.id;        // payment: PaymentResponse
 * switch (event.type) { case 'refund.refunded': event.refund.refundOutput; }
 * ```
 */
export type TypedWebhooksEvent =
  | PaymentWebhooksEvent
  | RefundWebhooksEvent
  | PayoutWebhooksEvent
  | TokenWebhooksEvent
  | DisputeWebhooksEvent
  | UnknownWebhooksEvent;

/**
 * Type guard for any event type string, including types this SDK does not know yet.
 * For documented types, the event narrows to {@link WebhooksEventFor}.
 */
export function isWebhooksEventType<T extends KnownWebhooksEventType>(
  event: TypedWebhooksEvent | WebhooksEvent,
  type: T,
): event is WebhooksEventFor<T>;
export function isWebhooksEventType(event: TypedWebhooksEvent | WebhooksEvent, type: string): boolean;
export function isWebhooksEventType(event: TypedWebhooksEvent | WebhooksEvent, type: string): boolean {
  return (event as { type?: unknown }).type === type;
}

/**
 * Every event about one object: the documented `payment.*` events, and `payment.*` types this SDK does not know
 * yet, with the payload field (`payment`) present.
 */
export type WebhooksEventOf<O extends WebhooksEventObject> =
  | WebhooksEventFor<WebhooksEventTypeOf<O>>
  | (UnknownWebhooksEvent & { [K in O]: PayloadByObject[K] });

/**
 * Type guard by the object an event is about (the part of `type` before the dot), e.g. every payment event:
 *
 * ```ts
 * if (isWebhooksEventOf(event, 'payment')) event.payment.id; // payment: PaymentResponse, for payment.* types
 * ```
 *
 * TypeScript narrows a union by `event.type === '...'` or `switch (event.type)`, but not by a method call such as
 * `event.type.startsWith('payment.')` (that narrows only `event.type`): use this guard for a prefix. It is also true
 * for `payment.*` types the SDK does not know yet, when the event carries its `payment`.
 */
export function isWebhooksEventOf<O extends WebhooksEventObject>(
  event: TypedWebhooksEvent | WebhooksEvent,
  object: O,
): event is WebhooksEventOf<O> {
  const e = event as { type?: unknown } & Partial<Record<WebhooksEventObject, unknown>>;
  return (
    typeof e.type === 'string' && e.type.startsWith(`${object}.`) && e[object] !== null && typeof e[object] === 'object'
  );
}
