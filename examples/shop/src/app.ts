// The web app: routes for the customer's pages, the three payment flows, the webhook endpoint and the
// back office, on Express 5 (async handlers' errors reach the error handler without wrappers).
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connect, isValidReturnMac } from 'connect-server-sdk';
import express, { type CookieOptions, type Request, type Response } from 'express';
import * as backoffice from './backoffice.js';
import { cartLines, PRODUCTS, parseCart, serializeCart, total } from './catalog.js';
import type { ShopConfig } from './config.js';
import type { ShopContext } from './context.js';
import { openDatabase } from './db.js';
import { clientPageConfig, clientPaymentRequest } from './flows/client-sdk.js';
import { finishHostedCheckout, startHostedCheckout } from './flows/hosted-checkout.js';
import {
  availableProducts,
  checkFields,
  normaliseValue,
  productWithFields,
  serverPaymentRequest,
  shopSupports,
} from './flows/server-built.js';
import type { SafeHtml } from './html.js';
import { type Flow, type Order, Orders } from './orders.js';
import { createPaymentForOrder, explainError, refreshPayment } from './payments.js';
import { isSettledForCustomer } from './status.js';
import { adminListBody, adminOrderBody } from './views/admin-pages.js';
import { page } from './views/layout.js';
import * as views from './views/shop-pages.js';
import { webhooksListener } from './webhooks.js';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
// the Client SDK's browser bundle, from the shop's own node_modules (its package exports only the main entry)
const CLIENT_SDK_UMD = join(
  dirname(createRequire(import.meta.url).resolve('connect-sdk-client-js')),
  'connect-sdk-client-js.umd.js',
);

const CART_COOKIE = 'shop_cart';
const CUSTOMER_COOKIE = 'shop_customer';

function cookies(req: Request): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', path: '/' };

function customerId(req: Request, res: Response): string {
  const known = cookies(req).get(CUSTOMER_COOKIE);
  if (known && /^[0-9a-f]{12}$/.test(known)) return known;
  const id = randomBytes(6).toString('hex');
  res.cookie(CUSTOMER_COOKIE, id, { ...cookieOptions, maxAge: 365 * 86_400_000 });
  return id;
}

function cartCount(req: Request): number {
  return [...parseCart(cookies(req).get(CART_COOKIE)).values()].reduce((s, n) => s + n, 0);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function createApp(ctx: ShopContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const send = (
    req: Request,
    res: Response,
    title: string,
    body: SafeHtml,
    opts: { status?: number; head?: SafeHtml; section?: 'shop' | 'cart' | 'orders' | 'admin' } = {},
  ) => {
    res
      .status(opts.status ?? 200)
      .type('html')
      .set('Cache-Control', 'no-store');
    res.send(
      page(
        {
          title,
          cartCount: cartCount(req),
          ...(opts.head ? { head: opts.head } : {}),
          ...(opts.section ? { section: opts.section } : {}),
        },
        body,
      ),
    );
  };
  const loadOrder = async (req: Request, res: Response): Promise<Order | undefined> => {
    const order = await ctx.orders.get(str(req.params['id']));
    if (!order)
      send(req, res, 'Order not found', views.messageBody('There is no order with this number.'), { status: 404 });
    return order;
  };

  // Webhooks first: the route needs the raw body, which the listener reads itself.
  app.all('/webhooks', webhooksListener(ctx));

  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));
  app.use('/img', express.static(join(PUBLIC_DIR, 'img'), { index: false, maxAge: '1d' }));
  app.get('/vendor/connect-sdk-client-js.umd.js', (_req, res) => res.sendFile(CLIENT_SDK_UMD));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));

  app.get('/', (req, res) => send(req, res, 'Products', views.homeBody(PRODUCTS), { section: 'shop' }));

  app.post('/cart', (req, res) => {
    const cart = parseCart(cookies(req).get(CART_COOKIE));
    const id = str(req.body?.productId);
    if (PRODUCTS.some((p) => p.id === id)) cart.set(id, (cart.get(id) ?? 0) + 1);
    res.cookie(CART_COOKIE, serializeCart(cart), cookieOptions).redirect(303, '/cart');
  });
  app.post('/cart/clear', (_req, res) => res.clearCookie(CART_COOKIE, cookieOptions).redirect(303, '/cart'));
  app.get('/cart', (req, res) => {
    const lines = cartLines(parseCart(cookies(req).get(CART_COOKIE)));
    send(req, res, 'Your cart', views.cartBody(lines, randomBytes(12).toString('hex')), { section: 'cart' });
  });

  // The order is stored before any payment exists: every later step (and every webhook) refers to it.
  app.post('/orders', async (req, res) => {
    const lines = cartLines(parseCart(cookies(req).get(CART_COOKIE)));
    const flowText = str(req.body?.flow);
    const flow: Flow = flowText === 'client' || flowText === 'server' ? flowText : 'hosted';
    const token = str(req.body?.checkoutToken);
    if (lines.length === 0 || !/^[0-9a-f]{24}$/.test(token)) {
      send(
        req,
        res,
        'Your cart',
        views.messageBody('Your cart is empty or this form has expired: open the cart again.'),
        { status: 400 },
      );
      return;
    }
    const order = await ctx.orders.create({
      customerId: customerId(req, res),
      checkoutToken: token,
      items: lines,
      amount: total(lines),
      currency: ctx.config.currency,
      flow,
    });
    res.clearCookie(CART_COOKIE, cookieOptions).redirect(303, `/orders/${order.id}/pay`);
  });

  app.get('/orders', async (req, res) => {
    send(req, res, 'My orders', views.ordersBody(await ctx.orders.forCustomer(customerId(req, res))), {
      section: 'orders',
    });
  });

  app.get('/orders/:id', async (req, res) => {
    let order = await loadOrder(req, res);
    if (!order) return;
    // the "poll" of the guide: an unfinished payment is read from the platform when the customer looks
    if (order.paymentId !== null && !isSettledForCustomer(order.status)) {
      await refreshPayment(ctx, order).catch((e: unknown) =>
        ctx.log(`poll of ${order?.id} failed: ${explainError(e)}`),
      );
      order = (await ctx.orders.get(order.id)) ?? order;
    }
    send(req, res, `Order ${order.id}`, views.orderBody(order, await ctx.orders.refunds(order.id)), {
      section: 'orders',
    });
  });

  app.post('/orders/:id/again', async (req, res) => {
    const old = await loadOrder(req, res);
    if (!old) return;
    const order = await ctx.orders.create({
      customerId: customerId(req, res),
      checkoutToken: randomBytes(12).toString('hex'),
      items: old.items,
      amount: old.amount,
      currency: old.currency,
      flow: old.flow,
    });
    res.redirect(303, `/orders/${order.id}/pay`);
  });

  app.get('/orders/:id/pay', async (req, res) => {
    const order = await loadOrder(req, res);
    if (!order) return;
    if (order.status !== 'NEW') return void res.redirect(303, `/orders/${order.id}`);
    try {
      if (order.flow === 'hosted') return void send(req, res, 'Payment', views.payHostedBody(order));
      if (order.flow === 'client') {
        const config = await clientPageConfig(ctx, order);
        return void send(req, res, 'Payment', views.payClientBody(order, config), { head: views.payClientHead() });
      }
      const productId = Number(str(req.query['product']));
      if (Number.isInteger(productId) && productId > 0) {
        const product = await productWithFields(ctx, order, productId);
        return void send(req, res, 'Payment details', views.payServerFieldsBody(order, product, [], undefined));
      }
      send(req, res, 'Payment method', views.payServerProductsBody(order, await availableProducts(ctx, order)));
    } catch (e) {
      send(req, res, 'Payment', views.messageBody(explainError(e)), { status: 502 });
    }
  });

  app.post('/orders/:id/pay', async (req, res) => {
    const order = await loadOrder(req, res);
    if (!order) return;
    if (order.status !== 'NEW') return void res.redirect(303, `/orders/${order.id}`);
    const body: Record<string, unknown> = req.body ?? {};
    if (order.flow === 'hosted') {
      try {
        return void res.redirect(303, await startHostedCheckout(ctx, order));
      } catch (e) {
        return void send(req, res, 'Payment', views.payHostedBody(order, explainError(e)), { status: 502 });
      }
    }
    const productId = Number(str(body['paymentProductId']));
    if (!Number.isInteger(productId) || productId <= 0) {
      return void send(req, res, 'Payment', views.messageBody('Choose a payment method first.'), { status: 400 });
    }
    let product: Awaited<ReturnType<typeof productWithFields>> | undefined;
    try {
      product = await productWithFields(ctx, order, productId);
      if (!shopSupports(product)) {
        return void send(req, res, 'Payment', views.messageBody('This shop does not take this payment method.'), {
          status: 400,
        });
      }
      let request: Parameters<typeof createPaymentForOrder>[2];
      if (order.flow === 'client') {
        const encrypted = str(body['encryptedCustomerInput']);
        if (encrypted === '') {
          return void send(req, res, 'Payment', views.messageBody('The encrypted payment details are missing.'), {
            status: 400,
          });
        }
        request = clientPaymentRequest(ctx, order, productId, product, encrypted);
      } else {
        const values: Record<string, string> = {};
        for (const f of product.fields ?? []) if (f.id !== undefined) values[f.id] = normaliseValue(f, str(body[f.id]));
        const problems = checkFields(product, values);
        if (problems.length > 0) {
          return void send(
            req,
            res,
            'Payment details',
            views.payServerFieldsBody(order, product, problems, undefined),
            { status: 422 },
          );
        }
        request = serverPaymentRequest(ctx, order, productId, product, values);
      }
      const outcome = await createPaymentForOrder(ctx, order, request);
      res.redirect(303, outcome.redirectTo);
    } catch (e) {
      const text = explainError(e);
      if (order.flow === 'server' && product) {
        return void send(req, res, 'Payment details', views.payServerFieldsBody(order, product, [], text), {
          status: 422,
        });
      }
      send(req, res, 'Payment', views.messageBody(text), { status: 502 });
    }
  });

  // Return from a redirect (3-D Secure, iDEAL, ...) of flows 2 and 3.
  app.get('/orders/:id/return', async (req, res) => {
    const order = await loadOrder(req, res);
    if (!order) return;
    const mac = str(req.query['RETURNMAC']);
    if (order.returnMac === null || order.paymentId === null || !isValidReturnMac(order.returnMac, mac)) {
      return void send(req, res, 'Invalid return', views.messageBody('This return link is not valid for this order.'), {
        status: 403,
      });
    }
    try {
      await refreshPayment(ctx, order);
    } catch (e) {
      ctx.log(`reading payment of ${order.id} failed: ${explainError(e)}`);
    }
    res.redirect(303, `/orders/${order.id}`);
  });

  app.get('/orders/:id/return/hosted', async (req, res) => {
    const order = await loadOrder(req, res);
    if (!order) return;
    try {
      const result = await finishHostedCheckout(ctx, order, req.query);
      if (result === 'forged') {
        return void send(
          req,
          res,
          'Invalid return',
          views.messageBody('This return link is not valid for this order.'),
          { status: 403 },
        );
      }
    } catch (e) {
      ctx.log(`reading hosted checkout of ${order.id} failed: ${explainError(e)}`);
    }
    res.redirect(303, `/orders/${order.id}`);
  });

  // Back office (protect it in a real shop: it has no login here).
  app.get('/admin', async (req, res) => {
    send(req, res, 'Back office', adminListBody(await ctx.orders.recent()), { section: 'admin' });
  });
  const DONE: Readonly<Record<string, string>> = {
    capture: 'Capture requested.',
    refund: 'Refund requested.',
    cancel: 'The payment was cancelled.',
  };
  const adminOrder = async (req: Request, res: Response, order: Order, error?: string) => {
    let payment: Awaited<ReturnType<typeof refreshPayment>>;
    let readError: string | undefined;
    try {
      payment = await refreshPayment(ctx, order);
    } catch (e) {
      readError = `The payment could not be read from the platform: ${explainError(e)}`;
    }
    const fresh = (await ctx.orders.get(order.id)) ?? order;
    send(
      req,
      res,
      `Order ${order.id} (back office)`,
      adminOrderBody({
        order: fresh,
        refunds: await ctx.orders.refunds(order.id),
        payment,
        formToken: backoffice.newFormToken(),
        error: error ?? readError,
        info: DONE[str(req.query['done'])],
      }),
      { section: 'admin', status: error ? 422 : 200 },
    );
  };
  app.get('/admin/orders/:id', async (req, res) => {
    const order = await loadOrder(req, res);
    if (order) await adminOrder(req, res, order);
  });
  for (const action of ['capture', 'cancel', 'refund'] as const) {
    app.post(`/admin/orders/:id/${action}`, async (req, res) => {
      const order = await loadOrder(req, res);
      if (!order) return;
      const form: Record<string, unknown> = req.body ?? {};
      const result =
        action === 'capture'
          ? await backoffice.capture(ctx, order, form)
          : action === 'refund'
            ? await backoffice.refund(ctx, order, form)
            : await backoffice.cancel(ctx, order);
      if (result.ok) return void res.redirect(303, `/admin/orders/${order.id}?done=${action}`);
      await adminOrder(req, res, order, result.error);
    });
  }

  app.use((req: Request, res: Response) =>
    send(req, res, 'Not found', views.messageBody('This page does not exist.'), { status: 404 }),
  );
  app.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    ctx.log(`error on ${req.method} ${req.path}: ${err instanceof Error ? err.message : String(err)}`);
    if (res.headersSent) return;
    send(
      req,
      res,
      'Something went wrong',
      views.messageBody('Something went wrong in the shop. Try again in a moment.'),
      { status: 500 },
    );
  });
  return app;
}

export interface RunningShop {
  url: string;
  ctx: ShopContext;
  close(): Promise<void>;
}

/** Opens the database (migrating it), creates the SDK client and listens. */
export async function startShop(
  config: ShopConfig,
  options: { log?: (message: string) => void } = {},
): Promise<RunningShop> {
  const log = options.log ?? ((m: string) => console.log(`[${config.instance}] ${m}`));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const { endpoint } = config.connect;
  const scheme = endpoint.protocol === 'http:' ? 'http' : 'https';
  const connect = new Connect({
    host: endpoint.hostname,
    scheme,
    port: endpoint.port === '' ? (scheme === 'http' ? 80 : 443) : Number(endpoint.port),
    apiKeyId: config.connect.apiKeyId,
    secretApiKey: config.connect.secretApiKey,
    integrator: config.connect.integrator,
    maxRetries: config.connect.maxRetries,
    retryInitialDelayMs: 100,
  });
  let baseUrl = config.publicUrl?.replace(/\/+$/, '') ?? '';
  const ctx: ShopContext = {
    config,
    connect,
    merchant: connect.merchant(config.connect.merchantId),
    db,
    orders: new Orders(db),
    publicUrl: () => baseUrl,
    log,
  };
  const server: Server = createApp(ctx).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  if (baseUrl === '') baseUrl = `http://${config.host}:${port}`;
  return {
    url: baseUrl,
    ctx,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connect.close();
      await db.close();
    },
  };
}
