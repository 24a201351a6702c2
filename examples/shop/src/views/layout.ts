// The page frame every page shares: landmarks (header, nav, main), a skip link, one h1, the cart count.
import { html, type SafeHtml } from '../html.js';

export interface PageOptions {
  title: string;
  cartCount?: number;
  /** extra markup for <head> (e.g. the Client SDK script) */
  head?: SafeHtml;
  section?: 'shop' | 'cart' | 'orders' | 'admin';
}

export function page(options: PageOptions, body: SafeHtml): string {
  const current = (s: PageOptions['section']) => (options.section === s ? html` aria-current="page"` : html``);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Connect example shop</title>
<link rel="stylesheet" href="/static/shop.css">
${options.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">Connect example shop</a>
  <nav aria-label="Main">
    <ul>
      <li><a href="/"${current('shop')}>Products</a></li>
      <li><a href="/cart"${current('cart')}>Cart (${options.cartCount ?? 0})</a></li>
      <li><a href="/orders"${current('orders')}>My orders</a></li>
      <li><a href="/admin"${current('admin')}>Back office</a></li>
    </ul>
  </nav>
</header>
<main id="main">
<h1>${options.title}</h1>
${body}
</main>
<footer class="foot"><p>An example merchant on connect-server-sdk. Test mode: no real money moves.</p></footer>
</body>
</html>`.value;
}
