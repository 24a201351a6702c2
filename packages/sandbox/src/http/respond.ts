/** Writing answers: JSON (the hot path), binary files, HTML pages, redirects and platform-shaped errors. */
import type { ServerResponse } from 'node:http';
import { internalError, SandboxError } from '../domain/errors.js';

/** What a handler answers. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** a binary body instead of JSON */
  raw?: { data: Buffer; contentType: string; filename?: string };
}

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

/** The platform-shaped answer for anything thrown (a SandboxError, else a 500 without details). */
export function errorAnswer(e: unknown): Answer {
  const err = e instanceof SandboxError ? e : internalError();
  return err.headers
    ? { status: err.status, body: err.toBody(), headers: err.headers }
    : { status: err.status, body: err.toBody() };
}

/** Writes `a`; returns the JSON text sent ('' for no body or a binary one), which idempotence replays. */
export function sendAnswer(res: ServerResponse, a: Answer, extraHeaders?: Record<string, string>): string {
  if (a.raw) {
    const headers: Record<string, string | number> = {
      'Content-Type': a.raw.contentType,
      'Content-Length': a.raw.data.length,
      ...extraHeaders,
    };
    if (a.raw.filename !== undefined) headers['Content-Disposition'] = contentDisposition(a.raw.filename);
    res.writeHead(a.status, headers);
    res.end(a.raw.data);
    return '';
  }
  if (a.body === undefined || a.status === 204) {
    res.writeHead(a.status, { ...a.headers, ...extraHeaders });
    res.end();
    return '';
  }
  const text = JSON.stringify(a.body);
  // a flat [name, value, ...] list is the cheapest form for node:http on the hot path
  const h: (string | number)[] = ['Content-Type', 'application/json', 'Content-Length', Buffer.byteLength(text)];
  if (a.headers) for (const k in a.headers) h.push(k, a.headers[k] as string);
  if (extraHeaders) for (const k in extraHeaders) h.push(k, extraHeaders[k] as string);
  res.writeHead(a.status, h);
  res.end(text);
  return text;
}

/** The headers a replayed JSON answer is sent with. */
export function replayHeaders(a: Answer, text: string): Record<string, string> {
  return text === '' ? { ...a.headers } : { ...JSON_HEADERS, ...a.headers };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  sendAnswer(res, headers === undefined ? { status, body } : { status, body, headers });
}

export function sendError(res: ServerResponse, e: unknown): void {
  sendAnswer(res, errorAnswer(e));
}

/** A last-resort answer when something failed mid-request: a 500, or a destroyed socket if headers went out. */
export function safeEnd(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, e);
}

/** An HTML page (pages are never cached: they show live state). */
export function sendHtml(res: ServerResponse, status: number, html: string, headers?: Record<string, string>): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(html),
    ...headers,
  });
  res.end(html);
}

/** 302 to `url` (made safe to stand in a header). */
export function redirect(res: ServerResponse, url: string): void {
  res.writeHead(302, { Location: headerSafeUrl(url), 'Content-Length': '0' });
  res.end();
}

/** Percent-encodes what may not stand in a header (non-ASCII, spaces, line breaks). */
export function headerSafeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url.replace(/[\r\n]/g, ''));
  }
}

/** `attachment; filename="ascii"; filename*=UTF-8''encoded` (RFC 6266), safe for any file name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === name
    ? `attachment; filename="${name}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
