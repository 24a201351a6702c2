/**
 * Folded X-GCS-* headers on a strict parser. Some SDKs send an X-GCS value over several lines
 * (obs-fold: a line break followed by spaces), which v1HMAC canonicalises to one space. Node's
 * strict parser refuses obs-fold (rightly: the lenient one also lets requests be smuggled), so a
 * connection whose first request folds an X-GCS-* header goes through `UnfoldingStream`, which
 * joins those continuation lines - and only those - before the strict parser sees the bytes.
 * Every other connection reaches the parser untouched.
 */

import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

const CRLF2 = Buffer.from('\r\n\r\n');
/** a header block larger than this is left to the parser (which refuses it) */
const MAX_HEAD = 64 * 1024;

/** Where the header block in `buf` ends (index after CRLFCRLF), or -1. */
export function headEnd(buf: Buffer): number {
  const i = buf.indexOf(CRLF2);
  return i < 0 ? -1 : i + 4;
}

/** Whether a complete header block folds an X-GCS-* header (the only case worth unfolding). */
export function foldsGcsHeader(head: string): boolean {
  return /\r\n[ \t]/.test(head) && unfold(head) !== head;
}

/**
 * Joins continuation lines of X-GCS-* headers into their header line with one space (as RFC 9112
 * allows a server to); any other folded header stays folded, so the strict parser refuses it.
 */
export function unfold(head: string): string {
  const lines = head.split('\r\n');
  const out: string[] = [];
  let gcs = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (i > 0 && line !== '' && (line[0] === ' ' || line[0] === '\t') && gcs && out.length > 1) {
      out[out.length - 1] += ` ${line.replace(/^[ \t]+/, '')}`;
      continue;
    }
    gcs = i > 0 && /^x-gcs-[^:]*:/i.test(line);
    out.push(line);
  }
  return out.join('\r\n');
}

/** The body length a header block announces: bytes, or 'stream' for Transfer-Encoding (then stop rewriting). */
function bodyLength(head: string): number | 'stream' {
  let length = 0;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'transfer-encoding') return 'stream';
    if (name === 'content-length') {
      const v = line.slice(colon + 1).trim();
      if (!/^\d{1,15}$/.test(v)) return 'stream';
      length = Number(v);
    }
  }
  return length;
}

/**
 * A socket seen through the unfolding: header blocks are rewritten, bodies (by Content-Length)
 * pass as they are. After a chunked or malformed framing it passes everything through unchanged.
 */
export class UnfoldingStream extends Duplex {
  private pending: Buffer = Buffer.alloc(0);
  /** body bytes still to pass before the next header block; Infinity = pass everything */
  private bodyLeft = 0;

  constructor(private readonly socket: Socket) {
    super({ allowHalfOpen: true });
    socket.on('data', (c: Buffer) => this.ingest(c));
    socket.on('end', () => {
      if (this.pending.length > 0) this.push(this.pending);
      this.pending = Buffer.alloc(0);
      this.push(null);
    });
    socket.on('close', () => this.destroy());
    socket.on('error', (e) => this.destroy(e));
    socket.on('timeout', () => this.emit('timeout'));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }
  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  setTimeout(ms: number, cb?: () => void): this {
    this.socket.setTimeout(ms);
    if (cb) this.once('timeout', cb);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }
  destroySoon(): void {
    this.socket.end();
  }

  private ingest(chunk: Buffer): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    const out: Buffer[] = [];
    while (buf.length > 0) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, buf.length);
        out.push(buf.subarray(0, n));
        buf = buf.subarray(n);
        this.bodyLeft -= n;
        continue;
      }
      const end = headEnd(buf);
      if (end < 0) {
        if (buf.length > MAX_HEAD) {
          this.bodyLeft = Number.POSITIVE_INFINITY;
          continue;
        }
        this.pending = Buffer.from(buf);
        break;
      }
      const head = buf.subarray(0, end).toString('latin1');
      out.push(Buffer.from(unfold(head), 'latin1'));
      buf = buf.subarray(end);
      const len = bodyLength(head);
      this.bodyLeft = len === 'stream' ? Number.POSITIVE_INFINITY : len;
    }
    if (out.length > 0 && !this.push(out.length === 1 ? out[0] : Buffer.concat(out))) this.socket.pause();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, cb);
  }

  override _final(cb: (error?: Error | null) => void): void {
    this.socket.end(cb);
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.socket.destroy();
    cb(err);
  }
}
