// The customer pages without a browser: what must hold whatever the browser does. State changes only by POST
// with the page's own token, nothing invalid reaches the platform, merchant strings are escaped, only http(s)
// return URLs are followed, the product choice honours the filters, amounts are in major units per locale.
import { describe, expect, it } from 'vitest';
import { isValidReturnMac } from '../../sdk/src/checkout/index.js';
import { offeredMethods } from '../src/pages/checkout-products.js';
import { esc, followableUrl } from '../src/pages/escape.js';
import { formatAmount, pageLocale } from '../src/pages/i18n.js';
import { admin, m, sb, useSandbox, v1 } from './helpers.js';
import { submitPageForm } from './page-forms.js';

useSandbox();

const order = (extra: Record<string, unknown> = {}) => ({
  amountOfMoney: { amount: 4599, currencyCode: 'EUR' },
  customer: { billingAddress: { countryCode: 'NL' } },
  ...extra,
});
const card = { cardNumber: '4567 3500 0042 7977', expiryDate: '12/30', cvv: '123', cardholderName: 'J. Jansen' };

async function checkout(input: Record<string, unknown> = {}, extraOrder: Record<string, unknown> = {}) {
  const r = await v1.hostedcheckouts.create(m, { order: order(extraOrder), hostedCheckoutSpecificInput: input });
  expect(r.status).toBe(201);
  return r.body as { RETURNMAC: string; hostedCheckoutId: string; partialRedirectUrl: string };
}
const post = (url: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
    redirect: 'manual',
  });
const tokenOf = async (url: string) => /name="token" value="([^"]+)"/.exec(await (await fetch(url)).text())?.[1] ?? '';

describe('state changes: POST with a per-page token only', () => {
  it('no token, a used token, a token of another checkout or a cross-site POST change nothing', async () => {
    const a = await checkout({ returnCancelState: true });
    const b = await checkout({ returnCancelState: true });
    const cancelA = `http://${a.partialRedirectUrl}/cancel`;
    expect((await post(cancelA, {})).status).toBe(403);
    expect((await post(cancelA, { token: await tokenOf(`http://${b.partialRedirectUrl}`) })).status).toBe(403);
    const token = await tokenOf(`http://${a.partialRedirectUrl}`);
    expect((await post(cancelA, { token }, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await v1.hostedcheckouts.get(m, a.hostedCheckoutId)).body.status).toBe('IN_PROGRESS');
    const fresh = await tokenOf(`http://${a.partialRedirectUrl}`);
    const cancelled = await post(cancelA, { token: fresh });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('Payment cancelled');
    expect((await post(cancelA, { token: fresh })).status).toBe(403);
    expect((await v1.hostedcheckouts.get(m, a.hostedCheckoutId)).body.status).toBe('CANCELLED_BY_CONSUMER');
  });

  it('GET never finishes a redirect: the old ".../success" link is gone', async () => {
    const r = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
      cardPaymentMethodSpecificInput: { card: { cardNumber: '4012007153923001', expiryDate: '1230' } },
    });
    const url = r.body.merchantAction.redirectData.redirectURL as string;
    expect((await fetch(`${url}/success`)).status).toBe(404);
    expect((await fetch(url)).status).toBe(200);
    expect((await v1.payments.get(m, r.body.payment.id)).body.status).toBe('REDIRECTED');
  });
});

describe('hosted checkout outcomes', () => {
  it('card "1234" is refused on the page with a message; no payment is created', async () => {
    const hc = await checkout();
    const res = await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, { ...card, cardNumber: '1234' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This card number is too short.');
    const expired = await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, {
      ...card,
      expiryDate: '01/20',
    });
    expect(await expired.text()).toContain('This card has expired.');
    const missing = await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, {
      ...card,
      cardholderName: '',
    });
    expect(await missing.text()).toContain('Enter the cardholder name');
    expect((await v1.hostedcheckouts.get(m, hc.hostedCheckoutId)).body).toEqual({ status: 'IN_PROGRESS' });
    expect((await v1.payments.find(m, { hostedCheckoutId: hc.hostedCheckoutId })).body.payments ?? []).toHaveLength(0);
  });

  it('without a returnUrl: a declined card says so (never "Payment done"); the next card shows the result', async () => {
    const events = async () =>
      ((await admin(sb, 'GET', '/events?all=true')).body.events as { type: string }[]).map((e) => e.type);
    const before = (await events()).filter((t) => t === 'hostedCheckout.payment_created').length;
    const hc = await checkout();
    const declined = await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, {
      ...card,
      cardNumber: '4000000000000036',
    });
    const html = await declined.text();
    expect(html).toContain('Your payment was declined');
    // the form comes back empty: the declined number is not repeated in the page's input
    expect(html).toMatch(/id="f-cardNumber"[^>]*value=""/);
    const paid = await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, card);
    expect(paid.status).toBe(303);
    const result = await (
      await fetch(new URL(paid.headers.get('location') as string, `http://${hc.partialRedirectUrl}`))
    ).text();
    expect(result).toContain('Payment successful');
    expect(result).toContain('The shop gave no return address');
    expect(result).toContain('€45.99');
    // each attempt went through the domain and was announced on the event bus
    const after = await events();
    expect(after.filter((t) => t === 'hostedCheckout.payment_created').length - before).toBeGreaterThanOrEqual(2);
    expect(after).toContain('payment.rejected');
  });

  it("the card form accepts only the brands on offer; the checkout's card settings reach the payment", async () => {
    const r = await v1.hostedcheckouts.create(m, {
      order: order(),
      cardPaymentMethodSpecificInput: { requiresApproval: true },
      hostedCheckoutSpecificInput: { paymentProductFilters: { restrictTo: { products: [3] } }, showResultPage: false },
    });
    const form = `http://${r.body.partialRedirectUrl}/method/cards`;
    const visa = await submitPageForm(form, card);
    expect(visa.status).toBe(422);
    expect(await visa.text()).toContain('This card type is not accepted for this payment.');
    expect((await submitPageForm(form, { ...card, cardNumber: '5100 0000 0000 0008' })).status).toBe(303);
    const g = await v1.hostedcheckouts.get(m, r.body.hostedCheckoutId);
    expect(g.body.createdPaymentOutput.payment.status).toBe('PENDING_APPROVAL');
    expect(g.body.createdPaymentOutput.payment.paymentOutput.cardPaymentMethodSpecificOutput.paymentProductId).toBe(3);
  });

  it('a paid checkout cannot be paid again, neither on the page nor through the admin API', async () => {
    const hc = await checkout({ showResultPage: false, returnUrl: 'https://shop.example/r' });
    expect((await submitPageForm(`http://${hc.partialRedirectUrl}/method/cards`, card)).status).toBe(303);
    const page = await (await fetch(`http://${hc.partialRedirectUrl}/method/cards`)).text();
    expect(page).not.toContain('<form method="post" action="/hostedcheckout');
    const again = await admin(sb, 'POST', `/hostedcheckouts/${hc.hostedCheckoutId}/pay`, {
      card: { cardNumber: '4567350000427977', expiryDate: '1230' },
    });
    expect(again.status).toBe(409);
    expect((await admin(sb, 'POST', `/hostedcheckouts/${hc.hostedCheckoutId}/cancel`)).status).toBe(409);
  });

  it("the admin API acts as the customer: iDEAL with a bank leads to that bank's page", async () => {
    const hc = await checkout();
    const paid = await admin(sb, 'POST', `/hostedcheckouts/${hc.hostedCheckoutId}/pay`, {
      paymentProductId: 809,
      issuerId: 'RABONL2U',
    });
    expect(paid.status).toBe(200);
    expect(await (await fetch(paid.body.redirectUrl)).text()).toContain('iDEAL: Rabobank');
  });

  it('tokensOnly shows only the saved cards; a card of another brand than the checkout accepts is not offered', async () => {
    const mk = async (cardNumber: string, productId: number) =>
      (
        await v1.tokens.create(m, {
          paymentProductId: productId,
          card: { data: { cardWithoutCvv: { cardNumber, expiryDate: '1230' } } },
        })
      ).body.token as string;
    const visa = await mk('4012000033330026', 1);
    const mastercard = await mk('5100000000000008', 3);
    const r = await v1.hostedcheckouts.create(m, {
      order: order(),
      hostedCheckoutSpecificInput: {
        tokens: `${visa},${mastercard}`,
        paymentProductFilters: { tokensOnly: true, restrictTo: { products: [1, 809] } },
      },
    });
    const html = await (await fetch(`http://${r.body.partialRedirectUrl}`)).text();
    expect(html).toContain('VISA •••• 0026');
    expect(html).not.toContain('•••• 0008');
    expect(html).not.toContain('iDEAL');
    expect((await fetch(`http://${r.body.partialRedirectUrl}/method/saved-${mastercard}`)).status).toBe(404);
  });

  it('merchant strings are escaped; a returnUrl that is not http(s) is shown, not followed', async () => {
    const hc = await checkout(
      // javascript: and data: are refused when the checkout is created; an app's own scheme is accepted there
      { returnUrl: 'myshop://return?o="<b>' },
      { references: { merchantReference: '"><script>alert(1)</script>' } },
    );
    const html = await (await fetch(`http://${hc.partialRedirectUrl}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const cancel = await submitPageForm(`http://${hc.partialRedirectUrl}`, {}, '/cancel');
    expect(cancel.status).toBe(200);
    const text = await cancel.text();
    expect(text).toContain('is not a web address');
    expect(text).toContain('myshop://return?o=&quot;&lt;b&gt;');
    expect(text).not.toContain('href="myshop');
  });

  it('a server-built payment whose 3-D Secure fails, without returnUrl: a result page that says it failed', async () => {
    const r = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 250, currencyCode: 'EUR' } },
      cardPaymentMethodSpecificInput: { card: { cardNumber: '4012007153923001', expiryDate: '1230' } },
    });
    const url = r.body.merchantAction.redirectData.redirectURL as string;
    const done = await submitPageForm(url, { outcome: 'failure' });
    expect(done.status).toBe(303);
    const page = await (await fetch(new URL(done.headers.get('location') as string, url))).text();
    expect(page).toContain('Payment failed');
    expect(page).toContain('€2.50');
    expect((await v1.payments.get(m, r.body.payment.id)).body.status).toBe('REJECTED');
  });

  it("a server-built iDEAL payment: the chosen bank's page, then its returnUrl with RETURNMAC and paymentId", async () => {
    const r = await v1.payments.create(m, {
      order: {
        amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      redirectPaymentMethodSpecificInput: {
        paymentProductId: 809,
        paymentProduct809SpecificInput: { issuerId: 'INGBNL2A' },
        redirectionData: { returnUrl: 'https://shop.example/ideal?o=9' },
      },
    });
    const { redirectURL, RETURNMAC } = r.body.merchantAction.redirectData;
    expect(await (await fetch(redirectURL)).text()).toContain('iDEAL: ING');
    const back = await submitPageForm(redirectURL, { outcome: 'success' });
    const url = new URL(back.headers.get('location') as string);
    expect(url.origin + url.pathname).toBe('https://shop.example/ideal');
    expect(url.searchParams.get('o')).toBe('9');
    expect(isValidReturnMac(RETURNMAC, url.searchParams.get('RETURNMAC'))).toBe(true);
    expect(url.searchParams.get('paymentId')).toBe(r.body.payment.id);
    expect((await v1.payments.get(m, r.body.payment.id)).body.status).toBe('CAPTURE_REQUESTED');
  });

  it("a redirect page speaks the customer's language (order.customer.locale)", async () => {
    const r = await v1.payments.create(m, {
      order: { amountOfMoney: { amount: 1999, currencyCode: 'EUR' }, customer: { locale: 'de_DE' } },
      cardPaymentMethodSpecificInput: { card: { cardNumber: '4012007153923001', expiryDate: '1230' } },
    });
    const html = await (await fetch(r.body.merchantAction.redirectData.redirectURL)).text();
    expect(html).toContain('<html lang="de-DE">');
    expect(html).toContain('3-D-Secure-Prüfung');
    expect(html).toMatch(/19,99\s€/);
  });

  it('pages carry a content security policy; the script and stylesheet come from the sandbox', async () => {
    const hc = await checkout();
    const res = await fetch(`http://${hc.partialRedirectUrl}/method/cards`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script src="/pages-assets/card-form.js" defer>');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const js = await fetch(`${sb.url}/pages-assets/card-form.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('use strict');
  });
});

describe('product choice, locales, amounts, escaping (units)', () => {
  const request = (hcsi: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    order: order(),
    hostedCheckoutSpecificInput: hcsi,
    ...extra,
  });
  const keys = (r: Record<string, unknown>) => offeredMethods(r, 'en_GB').map((x) => x.key);

  it('cards are one group choice; restrictTo / exclude by product and group; recurring narrows', () => {
    expect(keys(request({}))).toEqual(['cards', '809', '840', '838', '861', '863', '11']);
    expect(keys(request({ paymentProductFilters: { restrictTo: { products: [840, 809] } } }))).toEqual(['809', '840']);
    expect(keys(request({ paymentProductFilters: { restrictTo: { groups: ['cards'] } } }))).toEqual(['cards']);
    expect(keys(request({ paymentProductFilters: { exclude: { groups: ['cards'], products: [11] } } }))).not.toContain(
      'cards',
    );
    const onlyVisa = offeredMethods(request({ paymentProductFilters: { restrictTo: { products: [1, 3] } } }), 'en_GB');
    expect(onlyVisa[0]?.products.map((p) => p.id)).toEqual([1, 3]);
    expect(keys(request({ isRecurring: true }))).toEqual(['cards', '840']);
    expect(keys(request({}, { redirectPaymentMethodSpecificInput: { paymentProductId: 840 } }))).toEqual([
      'cards',
      '840',
      '11',
    ]);
  });

  it('amounts in major units, per locale and currency (JPY has no decimals)', () => {
    expect(formatAmount(4599, 'EUR', 'en_GB')).toBe('€45.99');
    expect(formatAmount(4599, 'EUR', 'nl_NL')).toMatch(/^€\s45,99$/);
    expect(formatAmount(4599, 'EUR', 'de_DE')).toMatch(/^45,99\s€$/);
    expect(formatAmount(123456, 'EUR', 'fr_FR')).toMatch(/^1\s234,56\s€$/);
    expect(formatAmount(4599, 'JPY', 'en_GB')).toMatch(/4,599$/);
    expect(pageLocale('nl_BE')).toBe('nl_NL');
    expect(pageLocale('es_ES')).toBe('en_GB');
  });

  it('one escaping helper; only absolute http(s) URLs are followed', () => {
    expect(esc(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(followableUrl('https://shop.example/bestätigung?a=1')).toBe('https://shop.example/best%C3%A4tigung?a=1');
    for (const bad of ['javascript://%0aalert(1)', 'data:text/html,x', 'myapp://done', '/relative', undefined]) {
      expect(followableUrl(bad)).toBeUndefined();
    }
  });
});
