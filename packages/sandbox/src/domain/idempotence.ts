/**
 * The idempotence store (X-GCS-Idempotence-Key): the first answer to a key is replayed to later
 * requests with the same key; a request while the first is still in flight gets 409.
 *
 * Memory stays bounded and every operation is O(1) amortised: entries live in two maps whose
 * insertion order is their expiry order (one lifetime per map, a clock that only moves forward),
 * so expiry only ever looks at the oldest entries; past `maxEntries` the oldest are dropped and
 * counted. Answers that created nothing (4xx other than a decline, 5xx) are kept only briefly, so
 * a client that fixes its request can retry with the same key; declines and successes are kept
 * the full time, as the platform replays them.
 */

export interface IdempotenceEntry {
  readonly key: string;
  /** when the first request with this key arrived (sandbox clock; X-GCS-Idempotence-Request-Timestamp) */
  readonly timestamp: number;
  expiresAt: number;
  done: boolean;
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface IdempotenceLimits {
  /** lifetime of a remembered answer (platform: at least 24 h) */
  readonly ttlMs: number;
  /** lifetime of a remembered answer that created nothing (a 400, a 404, a 500...) */
  readonly rejectedTtlMs: number;
  /** at most this many keys; past it the oldest is dropped */
  readonly maxEntries: number;
}

/** Bodies of answers that created something even though they are errors (a stored REJECTED payment). */
const RESULT_KEYS = ['"paymentResult"', '"payoutResult"', '"refundResult"'];

export class IdempotenceStore {
  /** in flight or answered in full, in arrival order */
  private readonly lasting = new Map<string, IdempotenceEntry>();
  /** answered with a rejection, in answer order */
  private readonly brief = new Map<string, IdempotenceEntry>();
  private droppedCount = 0;

  constructor(readonly limits: IdempotenceLimits) {}

  /** The live entry for `key`, if any. */
  get(key: string, now: number): IdempotenceEntry | undefined {
    const e = this.lasting.get(key) ?? this.brief.get(key);
    return e !== undefined && now < e.expiresAt ? e : undefined;
  }

  /** Records that a request with `key` is in flight. */
  begin(key: string, now: number): IdempotenceEntry {
    this.expire(now);
    // an expired entry under the same key goes: re-inserting keeps the maps in time order
    this.lasting.delete(key);
    this.brief.delete(key);
    const e: IdempotenceEntry = {
      key,
      timestamp: now,
      expiresAt: now + this.limits.ttlMs,
      done: false,
      status: 0,
      body: '',
      headers: {},
    };
    this.lasting.set(key, e);
    while (this.size > this.limits.maxEntries) this.dropOldest();
    return e;
  }

  /** Records the answer; a rejection moves to the short-lived map. */
  finish(e: IdempotenceEntry, status: number, body: string, headers: Record<string, string>, now: number): void {
    e.done = true;
    e.status = status;
    e.body = body;
    e.headers = headers;
    const rejected = status >= 400 && status !== 402 && !RESULT_KEYS.some((k) => body.includes(k));
    if (rejected && this.lasting.get(e.key) === e) {
      this.lasting.delete(e.key);
      e.expiresAt = Math.min(e.expiresAt, now + this.limits.rejectedTtlMs);
      this.brief.set(e.key, e);
    }
  }

  /** Forgets what has expired: only the oldest entries are looked at. */
  private expire(now: number): void {
    for (const map of [this.brief, this.lasting]) {
      for (const [k, e] of map) {
        if (e.expiresAt > now) break;
        map.delete(k);
      }
    }
  }

  private dropOldest(): void {
    const a = this.brief.entries().next().value;
    const b = this.lasting.entries().next().value;
    const victim = a === undefined ? b : b === undefined ? a : a[1].timestamp <= b[1].timestamp ? a : b;
    if (victim === undefined) return;
    (victim === a ? this.brief : this.lasting).delete(victim[0]);
    this.droppedCount += 1;
  }

  get size(): number {
    return this.lasting.size + this.brief.size;
  }

  /** keys dropped because of the cap since the last reset */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.lasting.clear();
    this.brief.clear();
    this.droppedCount = 0;
  }
}
