// The customer's pages: products, cart, order, my orders, and the payment page of each flow.
import type { PaymentProduct } from 'connect-server-sdk';
import type { CartLine, Product } from '../catalog.js';
import type { ClientPageConfig } from '../flows/client-sdk.js';
import type { FieldProblem } from '../flows/server-built.js';
import { formatMoney, html, jsonForScript, type SafeHtml } from '../html.js';
import type { Order, Refund } from '../orders.js';
import { describeStatus, refundCounts } from '../status.js';

export const FLOW_NAMES = {
  hosted: 'Hosted checkout (the platform’s payment page)',
  client: 'Card form in this page (Client SDK, encrypted in your browser)',
  server: 'Shop’s own payment form (server-built from product fields)',
} as const;

export function statusBadge(status: string): SafeHtml {
  const d = describeStatus(status);
  return html`<span class="status ${d.tone}">${d.label}</span>`;
}

export function notice(kind: 'error' | 'info', text: string | undefined): SafeHtml {
  if (!text) return html``;
  return kind === 'error'
    ? html`<div class="notice error" role="alert">${text}</div>`
    : html`<div class="notice info" role="status">${text}</div>`;
}

export function homeBody(products: readonly Product[]): SafeHtml {
  return html`<ul class="grid" aria-label="Products">${products.map(
    (p) => html`<li class="card">
      <img src="${p.image}" alt="" width="120" height="120">
      <h2>${p.name}</h2>
      <p>${p.description}</p>
      <p class="price">${formatMoney(p.price, 'EUR')}</p>
      <form method="post" action="/cart">
        <input type="hidden" name="productId" value="${p.id}">
        <button type="submit">Add to cart<span class="visually-hidden">: ${p.name}</span></button>
      </form>
    </li>`,
  )}</ul>`;
}

function linesTable(lines: readonly CartLine[], currency: string, caption: string): SafeHtml {
  const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  return html`<table>
    <caption class="hint">${caption}</caption>
    <thead><tr><th scope="col">Product</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Price</th></tr></thead>
    <tbody>${lines.map(
      (l) =>
        html`<tr><td>${l.name}</td><td class="num">${l.quantity}</td><td class="num">${formatMoney(l.quantity * l.unitPrice, currency)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th scope="row" colspan="2">Total</th><td class="num"><strong>${formatMoney(total, currency)}</strong></td></tr></tfoot>
  </table>`;
}

export function cartBody(lines: readonly CartLine[], checkoutToken: string): SafeHtml {
  if (lines.length === 0) return html`<p>Your cart is empty. <a href="/">Browse the products</a>.</p>`;
  return html`${linesTable(lines, 'EUR', 'Items in your cart')}
  <form method="post" action="/cart/clear"><button type="submit" class="secondary">Empty the cart</button></form>
  <form method="post" action="/orders">
    <input type="hidden" name="checkoutToken" value="${checkoutToken}">
    <fieldset>
      <legend>How do you want to pay?</legend>
      ${(['hosted', 'client', 'server'] as const).map(
        (f, i) =>
          html`<label><input type="radio" name="flow" value="${f}"${i === 0 ? html` checked` : html``}> ${FLOW_NAMES[f]}</label>`,
      )}
    </fieldset>
    <button type="submit">Place order</button>
  </form>`;
}

function orderFacts(order: Order, refunded: number): SafeHtml {
  return html`<dl class="facts">
    <dt>Order</dt><dd>${order.id}</dd>
    <dt>Status</dt><dd data-testid="order-status">${statusBadge(order.status)}</dd>
    <dt>Amount</dt><dd>${formatMoney(order.amount, order.currency)}</dd>
    <dt>Payment method</dt><dd>${FLOW_NAMES[order.flow]}</dd>
    ${order.paymentId ? html`<dt>Payment id</dt><dd>${order.paymentId}</dd>` : html``}
    ${order.amountCaptured > 0 ? html`<dt>Captured</dt><dd>${formatMoney(order.amountCaptured, order.currency)}</dd>` : html``}
    ${refunded > 0 ? html`<dt>Refunded</dt><dd>${formatMoney(refunded, order.currency)}</dd>` : html``}
    ${order.failure ? html`<dt>Reason</dt><dd>${order.failure}</dd>` : html``}
  </dl>`;
}

export function orderBody(
  order: Order,
  refunds: readonly Refund[],
  message?: { kind: 'error' | 'info'; text: string },
): SafeHtml {
  const refunded = refunds.filter((r) => refundCounts(r.status)).reduce((s, r) => s + r.amount, 0);
  const canPay = order.status === 'NEW';
  const failed = describeStatus(order.status).tone === 'bad';
  return html`${message ? notice(message.kind, message.text) : html``}
  ${orderFacts(order, refunded)}
  ${linesTable(order.items, order.currency, 'Items in this order')}
  ${canPay ? html`<p><a class="button" href="/orders/${order.id}/pay">Pay now</a></p>` : html``}
  ${
    failed
      ? html`<form method="post" action="/orders/${order.id}/again"><button type="submit">Try again with a new order</button></form>`
      : html``
  }`;
}

export function ordersBody(orders: readonly Order[]): SafeHtml {
  if (orders.length === 0) return html`<p>You have no orders yet.</p>`;
  return html`<table>
    <caption class="hint">Your orders, newest first</caption>
    <thead><tr><th scope="col">Order</th><th scope="col">Date</th><th scope="col" class="num">Amount</th><th scope="col">Status</th></tr></thead>
    <tbody>${orders.map(
      (
        o,
      ) => html`<tr><td><a href="/orders/${o.id}">${o.id}</a></td><td>${o.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
      <td class="num">${formatMoney(o.amount, o.currency)}</td><td>${statusBadge(o.status)}</td></tr>`,
    )}</tbody></table>`;
}

export function payHostedBody(order: Order, error?: string): SafeHtml {
  return html`${notice('error', error)}
  <p>You will pay <strong>${formatMoney(order.amount, order.currency)}</strong> on the payment platform’s secure page and come back here.</p>
  <form method="post" action="/orders/${order.id}/pay"><button type="submit">Continue to the secure payment page</button></form>`;
}

export function payServerProductsBody(order: Order, products: readonly PaymentProduct[]): SafeHtml {
  return html`<p>Amount: <strong>${formatMoney(order.amount, order.currency)}</strong>. Choose how to pay:</p>
  <ul>${products.map(
    (p) =>
      html`<li><a href="/orders/${order.id}/pay?product=${String(p.id ?? '')}">${p.displayHints?.label ?? `Product ${String(p.id)}`}</a></li>`,
  )}</ul>`;
}

export function payServerFieldsBody(
  order: Order,
  product: PaymentProduct,
  problems: readonly FieldProblem[],
  error: string | undefined,
): SafeHtml {
  const label = product.displayHints?.label ?? `product ${String(product.id)}`;
  return html`${notice('error', error ?? (problems.length > 0 ? 'Please correct the fields below.' : undefined))}
  <p>Pay <strong>${formatMoney(order.amount, order.currency)}</strong> with ${label}. <a href="/orders/${order.id}/pay">Choose another method</a></p>
  <form method="post" action="/orders/${order.id}/pay" novalidate>
    <input type="hidden" name="paymentProductId" value="${String(product.id ?? '')}">
    ${(product.fields ?? []).map((f) => {
      const id = f.id ?? '';
      const problem = problems.find((p) => p.fieldId === id);
      const label = fieldLabel(id, f.displayHints?.label);
      const invalid = html` aria-invalid="${problem ? 'true' : 'false'}"${problem ? html` aria-describedby="f-${id}-error"` : html``}`;
      const list =
        f.displayHints?.formElement?.type === 'list' ? (f.displayHints.formElement.valueMapping ?? []) : undefined;
      const type = f.displayHints?.obfuscate
        ? 'password'
        : f.type === 'numericstring' || f.type === 'expirydate'
          ? 'tel'
          : 'text';
      const control = list
        ? html`<select id="f-${id}" name="${id}"${invalid}>${list.map((o) => html`<option value="${o.value ?? ''}">${o.displayElements?.find((e) => e.id === 'displayName')?.value ?? o.value ?? ''}</option>`)}</select>`
        : html`<input id="f-${id}" name="${id}" type="${type}" autocomplete="off"${f.dataRestrictions?.isRequired ? html` required` : html``}
        placeholder="${f.displayHints?.placeholderLabel ?? ''}"${invalid}>`;
      return html`<label for="f-${id}">${label}</label>
      ${control}
      ${problem ? html`<p class="field-error" id="f-${id}-error">${problem.message}</p>` : html``}`;
    })}
    <p><button type="submit">Pay ${formatMoney(order.amount, order.currency)}</button></p>
  </form>`;
}

/** Some products label a field with its id; people get words. */
export function fieldLabel(id: string, label: string | undefined): string {
  const words: Readonly<Record<string, string>> = { issuerId: 'Your bank' };
  return label === undefined || label === id ? (words[id] ?? id) : label;
}

export function payClientHead(): SafeHtml {
  return html`<script src="/vendor/connect-sdk-client-js.umd.js" defer></script>
<script src="/static/client-flow.js" defer></script>`;
}

export function payClientBody(order: Order, config: ClientPageConfig, error?: string): SafeHtml {
  return html`${notice('error', error)}
  <div id="client-messages" hidden></div>
  <script type="application/json" id="client-config">${jsonForScript(config)}</script>
  <p>Pay <strong>${formatMoney(order.amount, order.currency)}</strong>. Your details are encrypted in this browser before they are sent.</p>
  <fieldset id="product-choice"><legend>Payment method</legend><p id="products-loading">Loading payment methods…</p></fieldset>
  <form id="client-form" method="post" action="/orders/${order.id}/pay" hidden>
    <input type="hidden" name="paymentProductId" value="">
    <input type="hidden" name="encryptedCustomerInput" value="">
    <div id="product-fields"></div>
    <p><button type="submit">Pay ${formatMoney(order.amount, order.currency)}</button></p>
  </form>`;
}

export function messageBody(text: string, kind: 'error' | 'info' = 'error'): SafeHtml {
  return html`${notice(kind, text)}<p><a href="/">Back to the shop</a></p>`;
}
