/**
 * The idempotence store (X-GCS-Idempotence-Key): the first answer to a key is replayed to later
 * requests with the same key; a request while the first is still in flight gets 409.
 */

export interface IdempotenceEntry {
  /** when the first request with this key arrived (sandbox clock; X-GCS-Idempotence-Request-Timestamp) */
  readonly timestamp: number;
  done: boolean;
  status: number;
  body: string;
  headers: Record<string, string>;
}

export class IdempotenceStore {
  private readonly entries = new Map<string, IdempotenceEntry>();

  constructor(private readonly ttlMs: number) {}

  /** The live entry for `key`, if any. */
  get(key: string, now: number): IdempotenceEntry | undefined {
    const e = this.entries.get(key);
    return e !== undefined && now - e.timestamp < this.ttlMs ? e : undefined;
  }

  /** Records that a request with `key` is in flight. */
  begin(key: string, now: number): IdempotenceEntry {
    const e: IdempotenceEntry = { timestamp: now, done: false, status: 0, body: '', headers: {} };
    this.entries.set(key, e);
    if (this.entries.size > 100_000) this.sweep(now);
    return e;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.entries) {
      if (now - v.timestamp >= this.ttlMs) this.entries.delete(k);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
