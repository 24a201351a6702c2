/**
 * `connect-sandbox listen --forward-to URL`: registers the app's URL as a webhook endpoint of a running
 * sandbox (admin API), prints the key id and secret the app verifies with, then prints one line per
 * delivery attempt until Ctrl-C, when it removes the endpoint again.
 *
 * The sandbox itself delivers to the app (no proxy in between): the body and the X-GCS-Signature /
 * X-GCS-KeyId headers are exactly what the platform sends, and the sandbox's retries with backoff apply
 * when the app is down. This process only follows the delivery log.
 */
import { randomBytes } from 'node:crypto';
import type { Delivery } from '../index.js';
import { AdminClient } from './admin-client.js';
import { CliError, clockTime, colourFor, EXIT, painter, withSpinner } from './output.js';

export interface ListenOptions {
  forwardTo: string;
  events?: string;
  sandbox: string;
  merchant?: string[];
  keyId?: string;
  secret?: string;
  verify?: boolean;
  json?: boolean;
}

const POLL_MS = 250;

export async function listen(o: ListenOptions): Promise<void> {
  let target: URL;
  try {
    target = new URL(o.forwardTo);
  } catch {
    throw new CliError(
      `--forward-to must be a URL such as http://localhost:3000/webhooks, got "${o.forwardTo}"`,
      EXIT.usage,
    );
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new CliError('--forward-to must be an http(s) URL', EXIT.usage);
  }
  const client = new AdminClient(o.sandbox);
  const keyId = o.keyId ?? `listen-${randomBytes(4).toString('hex')}`;
  const secret = o.secret ?? randomBytes(24).toString('base64url');
  const eventTypes = o.events
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const body: Record<string, unknown> = { url: target.href, keyId, secretKey: secret };
  if (eventTypes && eventTypes.length > 0) body['eventTypes'] = eventTypes;
  if (o.merchant && o.merchant.length > 0) body['merchantIds'] = o.merchant;
  if (o.verify) body['verify'] = true;
  const ep = await withSpinner(`registering with ${client.base}`, () =>
    client.call<{ id: string }>('POST', 'webhooks', body),
  );

  const out = (s: string) => process.stdout.write(s);
  const paint = painter(!o.json && colourFor(process.stdout));
  if (o.json) {
    out(
      `${JSON.stringify({ kind: 'ready', endpointId: ep.id, forwardTo: target.href, keyId, secretKey: secret, eventTypes: eventTypes ?? null })}\n`,
    );
  } else {
    out(
      [
        `Ready. ${client.base} now delivers ${eventTypes ? eventTypes.join(', ') : 'every event'} to ${target.href}`,
        `  webhook key id   ${keyId}`,
        `  webhook secret   ${secret}`,
        "  (put both in your app's secret key store; pass --key-id/--secret to keep them across runs)",
        'Press Ctrl-C to stop and remove the endpoint.',
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await client.call('DELETE', `webhooks/${encodeURIComponent(ep.id)}`);
      if (!o.json) out('Endpoint removed.\n');
    } catch (e) {
      process.stderr.write(
        `connect-sandbox: could not remove endpoint ${ep.id}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
    }
    process.exit(EXIT.ok);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  let cursor = 0;
  let unreachable = false;
  let polls = 0;
  while (!stopping) {
    try {
      // a sandbox restarted meanwhile has forgotten the endpoint: register it again, same key and secret
      if (++polls % 20 === 0) {
        const list = await client.call<{ endpoints: { id: string }[] }>('GET', 'webhooks');
        if (!list.endpoints.some((e) => e.id === ep.id)) {
          ep.id = (await client.call<{ id: string }>('POST', 'webhooks', { ...body, verify: false })).id;
          cursor = 0;
          if (!o.json) out(`The sandbox restarted: endpoint registered again (${ep.id}).\n`);
        }
      }
      const page = await client.call<{ deliveries: Delivery[]; cursor: number }>(
        'GET',
        `deliveries?endpointId=${encodeURIComponent(ep.id)}&after=${cursor}`,
      );
      if (unreachable && !o.json) out('The sandbox answers again.\n');
      unreachable = false;
      for (const d of page.deliveries) out(o.json ? `${JSON.stringify({ kind: 'delivery', ...d })}\n` : line(d, paint));
      cursor = page.cursor;
    } catch (e) {
      if (stopping) break;
      if (!unreachable)
        process.stderr.write(`connect-sandbox: ${e instanceof Error ? e.message : String(e)}; retrying\n`);
      unreachable = true;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function line(d: Delivery, paint: ReturnType<typeof painter>): string {
  const ok = d.status !== null && d.status >= 200 && d.status < 300;
  const status = d.status === null ? `no answer (${d.error ?? 'error'})` : String(d.status);
  const parts = [
    paint('dim', clockTime(d.at)),
    paint('bold', d.eventType.padEnd(28)),
    d.eventId,
    `→ ${paint(ok ? 'green' : 'red', status)}`,
    paint('dim', `${d.latencyMs} ms`),
    d.attempt > 1 || d.resend ? `attempt ${d.attempt}${d.resend ? ' (resend)' : ''}` : '',
    d.nextRetryAt ? paint('yellow', `retry at ${clockTime(d.nextRetryAt)}`) : '',
  ].filter((x) => x !== '');
  return `${parts.join('  ')}\n`;
}
