// The webhook endpoint. The SDK's listener answers the endpoint verification, reads the RAW body (the
// signature is over the exact bytes; a JSON parser in front would break it), verifies X-GCS-Signature in
// constant time and parses the event. Then each event is processed exactly once: its id is inserted into
// webhook_events in the same transaction as the order update, so a redelivery, a duplicate or the same event
// arriving at another shop process finds the id and is acknowledged (200) without being applied again.
// Any failure rolls both back and answers 500, so the platform delivers the event again later.
import {
  createWebhooksListener,
  InMemorySecretKeyStore,
  type TypedWebhooksEvent,
  WebhooksHelper,
} from 'connect-server-sdk';
import type { ShopContext } from './context.js';

export function webhooksListener(ctx: ShopContext) {
  const keys = new InMemorySecretKeyStore();
  keys.storeSecretKey(ctx.config.webhooks.keyId, ctx.config.webhooks.secret);
  const helper = new WebhooksHelper({ secretKeyStore: keys });
  return createWebhooksListener(helper, (event) => handleEvent(ctx, event), {
    onError: (error) => ctx.log(`webhook refused or failed: ${error instanceof Error ? error.message : String(error)}`),
  });
}

export type EventOutcome = 'processed' | 'duplicate' | 'not-ours';

export async function handleEvent(ctx: ShopContext, event: TypedWebhooksEvent): Promise<EventOutcome> {
  const payment = 'payment' in event ? event.payment : undefined;
  const refund = 'refund' in event ? event.refund : undefined;
  // merchantReference is our order id, so an event that arrives before the create call returned still finds it
  let orderId: string | undefined;
  if (payment !== undefined) {
    orderId =
      payment.paymentOutput?.references?.merchantReference ??
      (payment.id === undefined ? undefined : await ctx.orders.orderIdOfPayment(payment.id));
  } else if (refund?.id !== undefined) {
    orderId = (await ctx.orders.orderIdOfRefund(refund.id)) ?? refund.refundOutput?.references?.merchantReference;
  }
  const order = orderId === undefined ? undefined : await ctx.orders.get(orderId);
  const outcome = await ctx.db.transaction(async (tx): Promise<EventOutcome> => {
    const first = await ctx.orders.recordEvent(tx, {
      id: event.id,
      type: event.type,
      orderId: order?.id,
      instance: ctx.config.instance,
    });
    if (!first) return 'duplicate';
    if (order === undefined) return 'not-ours';
    if (payment !== undefined) await ctx.orders.applyPayment(order.id, payment, tx);
    if (refund !== undefined) await ctx.orders.upsertRefund(order.id, refund, tx);
    return 'processed';
  });
  ctx.log(`webhook ${event.type} ${event.id}: ${outcome}${order ? ` (order ${order.id})` : ''}`);
  return outcome;
}
