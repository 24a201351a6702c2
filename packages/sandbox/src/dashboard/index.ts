/**
 * The dashboard surface: HTML pages at `/` and below, a live feed (server-sent events) at
 * `/_dashboard/live`, its stylesheet and script at `/_dashboard/assets/`. Loopback clients only, and
 * only under a loopback Host name (a DNS-rebinding page cannot reach it), unless the sandbox was started
 * with `--admin-any-host`. Paths it does not know fall through (the caller answers them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import { isLoopbackAddress, isLoopbackHost } from '../http/loopback.js';
import type { Exchange, Mount } from '../http/mount.js';
import { refusal, runAction } from './actions.js';
import { CSS, JS } from './assets.js';
import { deliveriesPage, eventPage, eventsPage } from './event-pages.js';
import { esc, layout, type Page } from './html.js';
import { listPage, paymentsPage } from './lists.js';
import { paymentPage } from './payment-page.js';
import { settingsPage } from './settings.js';
import { type LiveNotice, type Source, sourceFromContext } from './source.js';

/** The dashboard at `/` (tried after every other surface: their prefixes are longer). */
export function mount(ctx: SandboxContext): Mount[] {
  const d = createDashboard(sourceFromContext(ctx), {
    loopbackOnly: ctx.options.adminLoopbackOnly,
    token: ctx.adminToken,
    publicUrl: ctx.publicUrl,
  });
  const handle = async (x: Exchange): Promise<boolean> => {
    const answered = await d.handle(x.req, x.res, x.path, x.rawQuery);
    if (answered && x.log) x.log.operation = 'dashboard';
    return answered;
  };
  return [{ prefix: '/', handle }];
}

export interface DashboardOptions {
  /** serve loopback clients under a loopback Host name only (default true) */
  loopbackOnly: boolean;
  /** the instance's secret for same-origin POSTs (the same one the admin API takes from this page) */
  token: string;
  /** the sandbox's public URL ('' when none): its host and origin count as this server's */
  publicUrl: string;
}

export interface Dashboard {
  /** Answers the request when it is the dashboard's (true), else leaves it alone (false). */
  handle(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string | undefined): Promise<boolean>;
  close(): void;
}

const LIST_NAMES = new Set(['refunds', 'payouts', 'tokens', 'mandates', 'hostedcheckouts', 'disputes']);
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer the browser sends `Origin: null` on the forms' POSTs
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};
const MAX_FORM_BYTES = 64 * 1024;

export function createDashboard(src: Source, opts: DashboardOptions): Dashboard {
  const token = opts.token;
  const publicUrl = opts.publicUrl === '' ? undefined : new URL(opts.publicUrl);
  const streams = new Set<ServerResponse>();
  const broadcast = (n: LiveNotice) => {
    const frame = `data: ${JSON.stringify(n)}\n\n`;
    for (const s of streams) s.write(frame);
  };
  // the feed listens to the bus only while someone watches: no cost per event otherwise
  let unsubscribe: (() => void) | undefined;
  // a comment line every 15 s keeps idle proxies from closing the feed; the timer runs only while someone watches
  let heartbeat: NodeJS.Timeout | undefined;
  const watch = (res: ServerResponse) => {
    streams.add(res);
    unsubscribe ??= src.subscribe(broadcast);
    heartbeat ??= setInterval(() => {
      for (const s of streams) s.write(': keep-alive\n\n');
    }, 15_000);
    heartbeat.unref();
    res.on('close', () => {
      streams.delete(res);
      if (streams.size === 0) {
        if (heartbeat !== undefined) clearInterval(heartbeat);
        heartbeat = undefined;
        unsubscribe?.();
        unsubscribe = undefined;
      }
    });
  };

  function send(
    res: ServerResponse,
    status: number,
    type: string,
    body: string,
    extra: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      ...SECURITY_HEADERS,
      ...extra,
    });
    res.end(body);
  }

  function render(res: ServerResponse, page: Page, q: URLSearchParams, status = 200): void {
    if (q.get('fragment') === '1') {
      send(res, status, 'text/html; charset=utf-8', page.live);
      return;
    }
    const flash: { done?: string; error?: string } = {};
    const done = q.get('done');
    const error = q.get('error');
    if (done) flash.done = done;
    if (error) flash.error = error;
    send(res, status, 'text/html; charset=utf-8', layout(page, token, flash));
  }

  function notFound(res: ServerResponse, what: string): void {
    render(
      res,
      {
        title: 'Not found',
        nav: '',
        head: `<p>${esc(what)}</p><p><a href="/payments">Back to payments</a></p>`,
        live: '',
      },
      new URLSearchParams(),
      404,
    );
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string | undefined,
  ): Promise<boolean> {
    const method = (req.method ?? 'GET').toUpperCase();
    let parts: string[];
    try {
      parts = rawPath.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return false;
    }
    if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
    const top = parts[0] ?? '';
    const known =
      top === '' ||
      top === '_dashboard' ||
      top === 'payments' ||
      top === 'events' ||
      top === 'deliveries' ||
      top === 'settings' ||
      LIST_NAMES.has(top);
    if (!known) return false;
    const host = req.headers.host ?? '';
    const hostOk = isLoopbackHost(host) || host.toLowerCase() === publicUrl?.host;
    if (opts.loopbackOnly && (!isLoopbackAddress(req.socket.remoteAddress) || !hostOk)) {
      req.resume();
      send(
        res,
        403,
        'text/plain; charset=utf-8',
        'The dashboard only answers loopback clients at a loopback host name (start with --admin-any-host to change that).\n',
      );
      return true;
    }
    const q = new URLSearchParams(rawQuery ?? '');

    if (method === 'POST') {
      const raw = await readForm(req);
      if (raw === undefined) {
        send(res, 413, 'text/plain; charset=utf-8', 'form too large\n');
        return true;
      }
      const type = String(req.headers['content-type'] ?? '');
      let form: URLSearchParams;
      if (/^application\/json\b/i.test(type)) {
        try {
          const o = JSON.parse(raw) as Record<string, unknown>;
          form = new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)]));
        } catch {
          send(res, 400, 'text/plain; charset=utf-8', 'the body is not valid JSON\n');
          return true;
        }
      } else {
        form = new URLSearchParams(raw);
      }
      const origins = [`http://${host.toLowerCase()}`, ...(publicUrl ? [publicUrl.origin] : [])];
      const action = { path: parts, form, headers: req.headers, req, origins };
      const why = refusal(action, token);
      if (why !== undefined) {
        send(res, 403, 'text/plain; charset=utf-8', `${why}\n`);
        return true;
      }
      const r = await runAction(src, action);
      if (r.location) {
        res.writeHead(303, { Location: r.location, 'Content-Length': '0', ...SECURITY_HEADERS });
        res.end();
      } else {
        send(res, r.status, 'text/plain; charset=utf-8', `${r.message ?? ''}\n`);
      }
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    req.resume();

    if (top === '') {
      res.writeHead(302, { Location: '/payments', 'Content-Length': '0' });
      res.end();
      return true;
    }
    if (top === '_dashboard') {
      if (parts[1] === 'assets' && parts[2] === 'dashboard.css') {
        send(res, 200, 'text/css; charset=utf-8', CSS, { 'Cache-Control': 'no-cache' });
      } else if (parts[1] === 'assets' && parts[2] === 'dashboard.js') {
        send(res, 200, 'text/javascript; charset=utf-8', JS, { 'Cache-Control': 'no-cache' });
      } else if (parts[1] === 'live' && parts.length === 2) {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Content-Type-Options': 'nosniff',
        });
        res.write('retry: 2000\n: connected\n\n');
        watch(res);
      } else {
        notFound(res, 'No such dashboard asset.');
      }
      return true;
    }
    const id = parts[1];
    if (top === 'payments') {
      if (id === undefined) render(res, paymentsPage(src, q), q);
      else {
        const p = src.payments.get(id);
        if (p && parts.length === 2) render(res, paymentPage(src, p, token), q);
        else notFound(res, `No payment ${id}.`);
      }
      return true;
    }
    if (top === 'events') {
      if (id === undefined) render(res, eventsPage(src, q), q);
      else {
        const e = src.event(id);
        if (e) render(res, eventPage(src, e, token), q);
        else notFound(res, `No event ${id} (the sandbox keeps the last 2,000 events).`);
      }
      return true;
    }
    if (id !== undefined) {
      notFound(res, 'No such page.');
      return true;
    }
    if (top === 'deliveries') render(res, deliveriesPage(src, q), q);
    else if (top === 'settings') render(res, settingsPage(src, token), q);
    else {
      const page = listPage(src, top, q);
      if (page) render(res, page, q);
      else notFound(res, 'No such page.');
    }
    return true;
  }

  return {
    handle,
    close() {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      unsubscribe?.();
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}

function readForm(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
