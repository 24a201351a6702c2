import { describe, expectTypeOf, it } from 'vitest';
import type { PaymentResponse, RefundResponse, TokenResponse, WebhooksEvent } from '../src/models/index.js';
import {
  isWebhooksEventType,
  type TypedWebhooksEvent,
  type WebhooksEventFor,
  type WebhooksHelper,
} from '../src/webhooks/index.js';

declare const helper: WebhooksHelper;
declare const event: TypedWebhooksEvent;

describe('typed webhook events', () => {
  it('unmarshal resolves the discriminated union', () => {
    expectTypeOf(helper.unmarshal('{}', {})).resolves.toEqualTypeOf<TypedWebhooksEvent>();
  });

  it('the event type narrows the payload field', () => {
    if (event.type === 'payment.paid') {
      expectTypeOf(event.payment).toEqualTypeOf<PaymentResponse>();
      // @ts-expect-error a payment event has no refund payload
      event.refund.id;
    }
    if (event.type === 'refund.refunded') {
      expectTypeOf(event.refund).toEqualTypeOf<RefundResponse>();
    }
    switch (event.type) {
      case 'token.deleted':
        expectTypeOf(event.token).toEqualTypeOf<TokenResponse>();
        break;
    }
  });

  it('unknown types stay usable as strings; the type guard accepts any string', () => {
    expectTypeOf(event.type).toExtend<string>();
    if (isWebhooksEventType(event, 'payout.reversed')) {
      expectTypeOf(event).toEqualTypeOf<WebhooksEventFor<'payout.reversed'>>();
    }
    expectTypeOf(isWebhooksEventType(event, 'payment.brand_new')).toEqualTypeOf<boolean>();
  });

  it('documented types are checked at compile time', () => {
    // @ts-expect-error not an event object type
    type _Bad = WebhooksEventFor<'order.paid'>;
    expectTypeOf<WebhooksEventFor<'dispute.created'>['dispute']>().not.toBeUndefined();
  });

  it('a typed event is a WebhooksEvent of the spec', () => {
    expectTypeOf<TypedWebhooksEvent>().toExtend<WebhooksEvent>();
  });
});
