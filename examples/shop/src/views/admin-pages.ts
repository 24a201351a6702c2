// The back office: all orders, and one order with capture, cancel and refund.
import type { Payment } from 'connect-server-sdk';
import { formatMoney, html, type SafeHtml } from '../html.js';
import type { Order, Refund } from '../orders.js';
import { refundCounts } from '../status.js';
import { notice, statusBadge } from './shop-pages.js';

export function adminListBody(orders: readonly Order[]): SafeHtml {
  if (orders.length === 0) return html`<p>No orders yet.</p>`;
  return html`<table>
    <caption class="hint">Latest orders</caption>
    <thead><tr><th scope="col">Order</th><th scope="col">Flow</th><th scope="col" class="num">Amount</th>
    <th scope="col" class="num">Captured</th><th scope="col">Status</th></tr></thead>
    <tbody>${orders.map(
      (o) => html`<tr><td><a href="/admin/orders/${o.id}">${o.id}</a></td><td>${o.flow}</td>
        <td class="num">${formatMoney(o.amount, o.currency)}</td><td class="num">${formatMoney(o.amountCaptured, o.currency)}</td>
        <td>${statusBadge(o.status)} <span class="hint">${o.status}</span></td></tr>`,
    )}</tbody></table>`;
}

export interface AdminOrderView {
  order: Order;
  refunds: readonly Refund[];
  payment: Payment | undefined;
  /** a random value per rendered form: the idempotence key of the action it submits */
  formToken: string;
  error?: string | undefined;
  info?: string | undefined;
}

export function adminOrderBody(v: AdminOrderView): SafeHtml {
  const { order, payment } = v;
  const refunded = v.refunds.filter((r) => refundCounts(r.status)).reduce((s, r) => s + r.amount, 0);
  const out = payment?.paymentOutput;
  const money = (n: number | undefined) => formatMoney(n ?? 0, order.currency);
  const id = order.id;
  return html`${notice('error', v.error)}${notice('info', v.info)}
  <dl class="facts">
    <dt>Order</dt><dd>${id}</dd>
    <dt>Shop status</dt><dd>${statusBadge(order.status)} <span class="hint">${order.status}</span></dd>
    <dt>Amount</dt><dd>${money(order.amount)}</dd>
    <dt>Captured (shop)</dt><dd>${money(order.amountCaptured)}</dd>
    <dt>Refunded (shop)</dt><dd>${money(refunded)}</dd>
    <dt>Payment id</dt><dd>${order.paymentId ?? 'none yet'}</dd>
    ${
      payment
        ? html`<dt>Platform status</dt><dd>${payment.status ?? ''} (${payment.statusOutput?.statusCategory ?? ''})</dd>
    <dt>Platform amounts</dt><dd>capture requested ${money(out?.amountCaptureRequested)}, captured ${money(out?.amountCaptured)},
      refund requested ${money(out?.amountRefundRequested)}, refunded ${money(out?.amountRefunded)}</dd>`
        : html``
    }
  </dl>
  ${
    v.refunds.length > 0
      ? html`<table><caption class="hint">Refunds</caption><thead><tr><th scope="col">Refund</th><th scope="col" class="num">Amount</th><th scope="col">Status</th></tr></thead>
  <tbody>${v.refunds.map((r) => html`<tr><td>${r.id}</td><td class="num">${money(r.amount)}</td><td>${r.status}</td></tr>`)}</tbody></table>`
      : html``
  }
  ${
    order.paymentId
      ? html`<h2>Actions</h2>
  <form method="post" action="/admin/orders/${id}/capture" class="row">
    <input type="hidden" name="token" value="${v.formToken}">
    <div><label for="capture-amount">Amount to capture (cents)</label>
    <input id="capture-amount" name="amount" type="number" min="1" value="${String(order.amount - order.amountCaptured > 0 ? order.amount - order.amountCaptured : order.amount)}"></div>
    <button type="submit">Capture</button>
  </form>
  <form method="post" action="/admin/orders/${id}/refund" class="row">
    <input type="hidden" name="token" value="${v.formToken}">
    <div><label for="refund-amount">Amount to refund (cents)</label>
    <input id="refund-amount" name="amount" type="number" min="1" value="${String(order.amountCaptured - refunded > 0 ? order.amountCaptured - refunded : order.amount)}"></div>
    <button type="submit">Refund</button>
  </form>
  <form method="post" action="/admin/orders/${id}/cancel" class="row">
    <button type="submit" class="danger">Cancel the payment</button>
  </form>`
      : html`<p>No payment yet: nothing to capture, cancel or refund.</p>`
  }
  <p><a href="/admin">All orders</a> · <a href="/orders/${id}">Customer’s view</a></p>`;
}
