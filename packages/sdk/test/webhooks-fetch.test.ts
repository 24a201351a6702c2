import { describe, expect, it } from 'vitest';
import {
  createFetchWebhooksHandler,
  InMemorySecretKeyStore,
  signWebhook,
  type TypedWebhooksEvent,
  WebhooksHelper,
} from '../src/webhooks/index.js';

const body = '{"apiVersion":"v1","id":"f-1","type":"payout.account_credited","payout":{"id":"po-1"}}';
const helper = new WebhooksHelper({ secretKeyStore: new InMemorySecretKeyStore({ 'f-key': 'f-secret' }) });
const post = (b: string, headers: Record<string, string>) =>
  new Request('http://shop.example/webhooks', { method: 'POST', body: b, headers });

describe('createFetchWebhooksHandler (Request -> Response)', () => {
  it('accepts a signed delivery and hands over the typed event', async () => {
    const events: TypedWebhooksEvent[] = [];
    const handle = createFetchWebhooksHandler(helper, (e) => void events.push(e));
    const res = await handle(post(body, signWebhook(body, 'f-key', 'f-secret')));
    expect(res.status).toBe(200);
    expect(events.map((e) => e.id)).toEqual(['f-1']);
  });

  it('400 for a tampered body or an unknown key, 500 when the handler throws, 405 for GET', async () => {
    const handle = createFetchWebhooksHandler(helper, (e) => {
      if (e.id === 'boom') throw new Error('handler failed');
    });
    expect((await handle(post(body.replace('po-1', 'po-2'), signWebhook(body, 'f-key', 'f-secret')))).status).toBe(400);
    expect((await handle(post(body, signWebhook(body, 'x-key', 'f-secret')))).status).toBe(400);
    const boom = body.replace('f-1', 'boom');
    const failed = await handle(post(boom, signWebhook(boom, 'f-key', 'f-secret')));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('handler failed');
    expect((await handle(new Request('http://shop.example/webhooks'))).status).toBe(405);
  });

  it('413 for bodies over the size limit (1 MiB by default, option limitBytes), as the node:http listener', async () => {
    const events: TypedWebhooksEvent[] = [];
    const handle = createFetchWebhooksHandler(helper, (e) => void events.push(e));
    const big = body.replace('"po-1"', `"${'x'.repeat(1024 * 1024)}"`);
    expect((await handle(post(big, signWebhook(big, 'f-key', 'f-secret')))).status).toBe(413);
    // a streamed body without Content-Length is cut off as well
    const chunks = [new TextEncoder().encode(big)];
    const streamed = new Request('http://shop.example/webhooks', {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      headers: signWebhook(big, 'f-key', 'f-secret'),
      duplex: 'half',
    } as RequestInit);
    expect((await handle(streamed)).status).toBe(413);
    const small = createFetchWebhooksHandler(helper, (e) => void events.push(e), { limitBytes: 16 });
    expect((await small(post(body, signWebhook(body, 'f-key', 'f-secret')))).status).toBe(413);
    expect(events).toHaveLength(0);
    expect((await handle(post(body, signWebhook(body, 'f-key', 'f-secret')))).status).toBe(200);
  });

  it('echoes the endpoint verification value as text/plain', async () => {
    const handle = createFetchWebhooksHandler(helper, () => {});
    const res = await handle(
      new Request('http://shop.example/webhooks', { headers: { 'X-GCS-Webhooks-Endpoint-Verification': 'ping-42' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('ping-42');
  });
});
