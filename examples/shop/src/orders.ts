// Orders, refunds and processed webhook events in the database. Every status change goes through
// applyPaymentStatus / upsertRefund, which move only forward (see status.ts).
import { randomBytes } from 'node:crypto';
import type { Payment, RefundResult } from 'connect-server-sdk';
import type { CartLine } from './catalog.js';
import type { Db, Queryable } from './db.js';
import { refundCounts, refundRank, statusRank } from './status.js';

const FAILED_RANK = statusRank('REJECTED');

export type Flow = 'hosted' | 'client' | 'server';

export interface Order {
  id: string;
  customerId: string;
  items: CartLine[];
  amount: number;
  currency: string;
  flow: Flow;
  status: string;
  paymentId: string | null;
  hostedCheckoutId: string | null;
  returnMac: string | null;
  amountCaptured: number;
  failure: string | null;
  createdAt: Date;
}

export interface Refund {
  id: string;
  orderId: string;
  amount: number;
  status: string;
}

interface OrderRow {
  id: string;
  customer_id: string;
  items: CartLine[];
  amount: string | number;
  currency: string;
  flow: Flow;
  status: string;
  payment_id: string | null;
  hosted_checkout_id: string | null;
  return_mac: string | null;
  amount_captured: string | number;
  failure: string | null;
  created_at: Date | string;
}

// bigint columns come back as strings from `pg` and as numbers from PGlite; amounts stay far below 2^53.
const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  customerId: r.customer_id,
  items: r.items,
  amount: Number(r.amount),
  currency: r.currency,
  flow: r.flow,
  status: r.status,
  paymentId: r.payment_id,
  hostedCheckoutId: r.hosted_checkout_id,
  returnMac: r.return_mac,
  amountCaptured: Number(r.amount_captured),
  failure: r.failure,
  createdAt: new Date(r.created_at),
});

/** Short, URL-safe and usable as merchantReference (the platform allows up to 30 characters there). */
export function newOrderId(): string {
  return `O${Date.now().toString(36).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** What the platform's payment says about amounts, as the order keeps them. */
export function capturedAmount(payment: Payment): number {
  const out = payment.paymentOutput;
  return (out?.amountCaptureRequested ?? 0) + (out?.amountCaptured ?? 0);
}

export class Orders {
  constructor(private readonly db: Db) {}

  /**
   * Stores a new order before any payment exists. The checkout token comes from the cart form, so a double
   * click on "Place order" finds the order the first click made instead of making a second one.
   */
  async create(input: {
    customerId: string;
    checkoutToken: string;
    items: CartLine[];
    amount: number;
    currency: string;
    flow: Flow;
  }): Promise<Order> {
    const inserted = await this.db.query<OrderRow>(
      `INSERT INTO orders (id, customer_id, checkout_token, items, amount, currency, flow)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (checkout_token) DO NOTHING RETURNING *`,
      [
        newOrderId(),
        input.customerId,
        input.checkoutToken,
        JSON.stringify(input.items),
        input.amount,
        input.currency,
        input.flow,
      ],
    );
    const row =
      inserted[0] ??
      (await this.db.query<OrderRow>('SELECT * FROM orders WHERE checkout_token = $1', [input.checkoutToken]))[0];
    if (row === undefined) throw new Error('the order could not be stored');
    return toOrder(row);
  }

  async get(id: string): Promise<Order | undefined> {
    const [row] = await this.db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
    return row && toOrder(row);
  }

  async forCustomer(customerId: string): Promise<Order[]> {
    const rows = await this.db.query<OrderRow>(
      'SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 50',
      [customerId],
    );
    return rows.map(toOrder);
  }

  async recent(limit = 100): Promise<Order[]> {
    const rows = await this.db.query<OrderRow>('SELECT * FROM orders ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map(toOrder);
  }

  /** Remembers the hosted checkout and its RETURNMAC; the first one stored wins (a replay returns the same). */
  async attachHostedCheckout(orderId: string, hostedCheckoutId: string, returnMac: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET hosted_checkout_id = $2, return_mac = $3, updated_at = now()
       WHERE id = $1 AND hosted_checkout_id IS NULL`,
      [orderId, hostedCheckoutId, returnMac],
    );
  }

  /** Remembers the payment id (and the RETURNMAC of a redirect); an order has one payment. */
  async attachPayment(
    orderId: string,
    paymentId: string,
    returnMac: string | undefined,
    q: Queryable = this.db,
  ): Promise<void> {
    await q.query(
      `UPDATE orders SET payment_id = $2, return_mac = COALESCE($3, return_mac), updated_at = now()
       WHERE id = $1 AND (payment_id IS NULL OR payment_id = $2)`,
      [orderId, paymentId, returnMac ?? null],
    );
  }

  /**
   * Moves the order to the payment's status if that is further along than what is stored; the captured
   * amount only grows. Returns whether the status moved. Safe with any number of processes.
   */
  async applyPayment(orderId: string, payment: Payment, q: Queryable = this.db): Promise<boolean> {
    const status = payment.status ?? 'CREATED';
    const failure =
      status === 'REJECTED' || status === 'CANCELLED'
        ? (payment.statusOutput?.errors ?? [])
            .map((e) => e.message ?? e.id ?? e.code)
            .filter(Boolean)
            .join('; ') || null
        : null;
    // Forward on the same payment; or a new attempt after a failed one (a hosted checkout lets the customer
    // try another card after a decline). A late event of an earlier, failed attempt never replaces a newer one.
    const moved = await q.query<{ id: string }>(
      `UPDATE orders SET status = $2, status_rank = $3, failure = $4, payment_id = COALESCE($5, payment_id), updated_at = now()
       WHERE id = $1 AND (
         ((payment_id IS NULL OR payment_id = $5) AND status_rank < $3)
         OR (payment_id <> $5 AND status_rank >= $6 AND $3 < $6))
       RETURNING id`,
      [orderId, status, statusRank(status), failure, payment.id ?? null, FAILED_RANK],
    );
    if (payment.id !== undefined && moved.length === 0) {
      // amounts are only those of the order's current payment
      const [row] = await q.query<{ payment_id: string | null }>('SELECT payment_id FROM orders WHERE id = $1', [
        orderId,
      ]);
      if (row?.payment_id !== payment.id) return false;
    }
    await q.query('UPDATE orders SET amount_captured = $2 WHERE id = $1 AND amount_captured < $2', [
      orderId,
      capturedAmount(payment),
    ]);
    return moved.length > 0;
  }

  /** The customer left the hosted checkout without paying. */
  async markCheckoutCancelled(orderId: string): Promise<void> {
    await this.db.query(
      `UPDATE orders SET status = 'CHECKOUT_CANCELLED', status_rank = $2, updated_at = now()
       WHERE id = $1 AND status_rank < $2 AND payment_id IS NULL`,
      [orderId, statusRank('CHECKOUT_CANCELLED')],
    );
  }

  async refunds(orderId: string): Promise<Refund[]> {
    const rows = await this.db.query<{ id: string; order_id: string; amount: string | number; status: string }>(
      'SELECT id, order_id, amount, status FROM refunds WHERE order_id = $1 ORDER BY created_at',
      [orderId],
    );
    return rows.map((r) => ({ id: r.id, orderId: r.order_id, amount: Number(r.amount), status: r.status }));
  }

  async refundedAmount(orderId: string): Promise<number> {
    return (await this.refunds(orderId)).filter((r) => refundCounts(r.status)).reduce((s, r) => s + r.amount, 0);
  }

  /** Stores a refund or moves it forward (same rule as orders). */
  async upsertRefund(orderId: string, refund: RefundResult, q: Queryable = this.db): Promise<void> {
    if (refund.id === undefined) return;
    const status = refund.status ?? 'CREATED';
    await q.query(
      `INSERT INTO refunds (id, order_id, amount, status, status_rank) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank, updated_at = now()
       WHERE refunds.status_rank < EXCLUDED.status_rank`,
      [refund.id, orderId, refund.refundOutput?.amountOfMoney?.amount ?? 0, status, refundRank(status)],
    );
  }

  async orderIdOfRefund(refundId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ order_id: string }>('SELECT order_id FROM refunds WHERE id = $1', [refundId]);
    return row?.order_id;
  }

  async orderIdOfPayment(paymentId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>('SELECT id FROM orders WHERE payment_id = $1', [paymentId]);
    return row?.id;
  }

  /** Records a webhook event id; false when it was recorded before (a redelivery or a duplicate). */
  async recordEvent(
    q: Queryable,
    event: { id: string; type: string; orderId: string | undefined; instance: string },
  ): Promise<boolean> {
    const rows = await q.query<{ id: string }>(
      `INSERT INTO webhook_events (id, type, order_id, processed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.orderId ?? null, event.instance],
    );
    return rows.length > 0;
  }
}
