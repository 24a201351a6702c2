/**
 * Memory: a sandbox in its own process takes a long stream of mixed requests (valid and invalid,
 * keyed and unkeyed) and its memory must stay bounded by its configured caps. Measured (after a
 * full GC) at start, once the caps are full, and at the end: the growth from "caps full" to the end,
 * while most of the requests arrive, must stay small; the idempotence store and the event log must
 * hold no more than their caps. Payments are created up to a fixed number (the platform keeps
 * every payment, so they are state, not a leak) and read over and over.
 */
import { Pool } from 'undici';
import { sign, stringToSign } from '../../packages/sandbox/src/index.js';
import { startChild, stopChild } from './hostile-requests.js';
import { API_KEY_ID, cardPayment, emptyResult, fmt, type Mode, SECRET, type SectionResult } from './lib.js';
import type { ChildStats } from './sandbox-child.js';

/** the child's idempotence cap: small, so the quick run fills it too */
const IDEMPOTENCE_CAP = 5000;
/** the event log's cap (the sandbox's built-in bound: 2,000, trimmed in batches of a quarter) */
const EVENT_LOG_CAP = 2000;
const PAYMENTS = 2000;
/** largest RSS growth accepted between "caps full" and the end */
const GROWTH_LIMIT = 48 * 1024 * 1024;

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function stats(child: import('node:child_process').ChildProcess): Promise<ChildStats> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no stats from the sandbox child within 30 s')), 30_000);
    const on = (m: unknown) => {
      const s = (m as { stats?: ChildStats }).stats;
      if (s === undefined) return;
      clearTimeout(t);
      child.off('message', on);
      resolve(s);
    };
    child.on('message', on);
    child.send('stats');
  });
}

interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function signed(method: 'GET' | 'POST', path: string, body?: string, key?: string, secret = SECRET): Req {
  const date = new Date().toUTCString();
  const contentType = body === undefined ? undefined : 'application/json';
  const raw = key === undefined ? [] : ['X-GCS-Idempotence-Key', key];
  const s = sign(secret, stringToSign(method, raw, contentType, date, path, undefined));
  const headers: Record<string, string> = { Date: date, Authorization: `GCS v1HMAC:${API_KEY_ID}:${s}` };
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  if (key !== undefined) headers['X-GCS-Idempotence-Key'] = key;
  return body === undefined ? { method, path, headers } : { method, path, headers, body };
}

export async function runMemory(mode: Mode, seed: number): Promise<SectionResult & { memory: string }> {
  const started = Date.now();
  const result = emptyResult(
    'memory',
    'mixed valid/invalid, keyed/unkeyed requests to a sandbox in a child process; RSS after a full GC',
  );
  const total = mode === 'quick' ? 50_000 : 1_000_000;
  const budgetMs = mode === 'quick' ? 60_000 : 20 * 60_000;
  const sb = await startChild({
    apiKeyId: API_KEY_ID,
    secretApiKey: SECRET,
    idempotenceMaxEntries: IDEMPOTENCE_CAP,
    precompileSchemas: true,
  });
  const pool = new Pool(`http://127.0.0.1:${sb.port}`, { connections: 8, pipelining: 1 });
  const ids: string[] = [];
  const statuses = new Map<number, number>();
  const run = `${seed.toString(36)}${Date.now().toString(36)}`;
  let checkpoint: ChildStats | undefined;
  let sent = 0;
  let errors = 0;
  const m = '1234';
  const before = await stats(sb.child);

  /** request number i of the stream: a fixed mix, the same for every run */
  const make = (i: number): Req => {
    if (i < PAYMENTS)
      return signed('POST', `/v1/${m}/payments`, JSON.stringify(cardPayment(100 + i, `mem-${i}`)), `mem-${run}-p${i}`);
    switch (i % 10) {
      case 0:
      case 1: // valid, keyed, creates nothing: remembered for the full time (capped)
        return signed('POST', `/v1/${m}/services/getIINdetails`, '{"bin":"456735"}', `mem-${run}-${i}`);
      case 2: // invalid (400), keyed: remembered briefly (capped)
        return signed('POST', `/v1/${m}/payments`, '{"order":{}}', `mem-${run}-${i}`);
      case 3:
      case 4: // valid read
        return signed('GET', `/v1/${m}/payments/${ids[i % Math.max(1, ids.length)] ?? 'none'}`);
      case 5: // unknown payment (404)
        return signed('GET', `/v1/${m}/payments/000000123400000000${String(i).padStart(12, '0')}`);
      case 6: // bad signature (401)
        return signed('GET', `/v1/${m}/services/testconnection`, undefined, undefined, 'wrong-secret');
      case 7: // unknown path (404), unsigned
        return { method: 'GET', path: `/v1/${m}/nothing/${i}`, headers: {} };
      case 8: // malformed JSON, keyed (400)
        return signed('POST', `/v1/${m}/payments`, '{"order":', `mem-${run}-${i}`);
      default: // valid, unkeyed
        return signed('GET', `/v1/${m}/services/testconnection`);
    }
  };

  const send = async (i: number) => {
    const r = make(i);
    try {
      const res = await pool.request({
        method: r.method,
        path: r.path,
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: r.body }),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await res.body.text();
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (i < PAYMENTS && res.statusCode === 201)
        ids.push((JSON.parse(text) as { payment: { id: string } }).payment.id);
    } catch {
      errors += 1;
    }
    sent += 1;
  };

  try {
    // payments first (in order, a few at a time), then the stream, 64 in flight
    let next = 0;
    const deadline = Date.now() + budgetMs;
    const lane = async () => {
      while (next < total && Date.now() < deadline) {
        const i = next++;
        await send(i);
        if (i === Math.floor(total * 0.3) && checkpoint === undefined) checkpoint = await stats(sb.child);
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    await Promise.all(Array.from({ length: 64 }, lane));
    if (sb.child.exitCode !== null) result.crashes += 1;
    const after = await stats(sb.child);
    const at = checkpoint ?? before;
    result.requestsSent = sent;
    result.attacksTried = 11; // kinds of request in the stream (see make())
    const growth = after.rss - at.rss;
    const bad: string[] = [];
    if (growth > GROWTH_LIMIT) bad.push(`RSS grew ${MB(growth)} after the caps were full (limit ${MB(GROWTH_LIMIT)})`);
    if (after.idempotenceEntries > IDEMPOTENCE_CAP) bad.push(`${after.idempotenceEntries} idempotence keys held`);
    if (after.events > EVENT_LOG_CAP + (EVENT_LOG_CAP >> 2)) bad.push(`${after.events} events held`);
    if (sent < total) bad.push(`only ${fmt(sent)} of ${fmt(total)} requests sent within ${budgetMs / 1000} s`);
    if (errors > 0) bad.push(`${errors} requests failed without an answer`);
    result.otherBad += bad.length;
    for (const b of bad) result.notes.push(`BAD ${b}`);
    result.notes.push(
      `${fmt(sent)} requests (${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}: ${fmt(n)}`)
        .join(', ')}); caps: idempotence ${fmt(IDEMPOTENCE_CAP)} keys, event log ${fmt(EVENT_LOG_CAP)}; ` +
        `at the end: ${fmt(after.idempotenceEntries)} keys held, ${fmt(after.idempotenceDropped)} dropped (oldest first), ` +
        `${fmt(after.events)} events, ${fmt(after.payments)} payments`,
      `RSS: ${MB(before.rss)} at start, ${MB(at.rss)} with the caps full (after ${fmt(Math.floor(total * 0.3))} requests), ` +
        `${MB(after.rss)} at the end (growth ${MB(growth)}, limit ${MB(GROWTH_LIMIT)}); heap ${MB(before.heapUsed)} / ${MB(at.heapUsed)} / ${MB(after.heapUsed)}`,
    );
    result.ms = Date.now() - started;
    return { ...result, memory: `${MB(before.rss)} / ${MB(at.rss)} / ${MB(after.rss)}` };
  } finally {
    await pool.close();
    await stopChild(sb);
  }
}
