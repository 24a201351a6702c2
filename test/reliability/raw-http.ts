/**
 * Raw HTTP over node:net for the hostile-input sections: send bytes, read what comes back until a
 * whole response, a close or a deadline, and judge whether the answer is well-formed HTTP.
 */
import { connect } from 'node:net';

export type RawOutcome =
  | { kind: 'answer'; bytes: Buffer }
  | { kind: 'closed'; bytes: Buffer; reset: boolean }
  | { kind: 'hang'; bytes: Buffer };

/** Sends `chunks` (with `gapMs` between them) and waits up to `deadlineMs` for one whole response or a close. */
export function exchangeRaw(
  port: number,
  chunks: Buffer[],
  deadlineMs: number,
  gapMs = 0,
  head = false,
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const got: Buffer[] = [];
    let done = false;
    let reset = false;
    const finish = (o: RawOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'hang', bytes: Buffer.concat(got) }), deadlineMs);
    socket.on('data', (d: Buffer) => {
      got.push(d);
      const all = Buffer.concat(got);
      if (parseResponse(all, false, head).complete) finish({ kind: 'answer', bytes: all });
    });
    socket.on('error', () => {
      reset = true;
    });
    socket.on('close', () => {
      const all = Buffer.concat(got);
      if (parseResponse(all, true, head).complete) finish({ kind: 'answer', bytes: all });
      else finish({ kind: 'closed', bytes: all, reset });
    });
    socket.on('connect', async () => {
      for (const c of chunks) {
        if (done || socket.destroyed) return;
        socket.write(c);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

export interface ParsedResponse {
  complete: boolean;
  /** why the bytes are not a well-formed response (when complete is false and bytes were received) */
  problem?: string;
  status?: number;
  headers?: Map<string, string>;
  body?: Buffer;
}

/**
 * Parses the first HTTP/1.x response in `b`. `closed`: the connection ended, so a body without a
 * length runs to the end. A HEAD answer and 1xx/204/304 have no body.
 */
export function parseResponse(b: Buffer, closed: boolean, head = false): ParsedResponse {
  const end = b.indexOf('\r\n\r\n');
  if (end < 0) return { complete: false, problem: b.length === 0 ? 'nothing' : 'no complete header block' };
  const lines = b.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/.exec(lines[0] ?? '');
  if (!m) return { complete: false, problem: `bad status line ${JSON.stringify((lines[0] ?? '').slice(0, 80))}` };
  const status = Number(m[1]);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0 || /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(line.slice(0, i)) || /[\0\n\r]/.test(line)) {
      return { complete: false, problem: `bad header line ${JSON.stringify(line.slice(0, 80))}` };
    }
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const rest = b.subarray(end + 4);
  if (head || status < 200 || status === 204 || status === 304) {
    return { complete: true, status, headers, body: Buffer.alloc(0) };
  }
  const cl = headers.get('content-length');
  if (cl !== undefined) {
    if (!/^\d+$/.test(cl)) return { complete: false, problem: `bad content-length ${cl}` };
    const n = Number(cl);
    if (rest.length < n)
      return { complete: false, problem: closed ? 'body shorter than its content-length' : 'partial' };
    return { complete: true, status, headers, body: rest.subarray(0, n) };
  }
  if ((headers.get('transfer-encoding') ?? '').toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = rest.indexOf('\r\n', at);
      if (eol < 0) return { complete: false, problem: closed ? 'truncated chunked body' : 'partial' };
      const size = Number.parseInt(rest.subarray(at, eol).toString('latin1'), 16);
      if (Number.isNaN(size)) return { complete: false, problem: 'bad chunk size' };
      if (size === 0) return { complete: true, status, headers, body: Buffer.concat(parts) };
      if (rest.length < eol + 2 + size + 2) return { complete: false, problem: closed ? 'truncated chunk' : 'partial' };
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }
  // no length: the body runs to the close
  return closed ? { complete: true, status, headers, body: rest } : { complete: false, problem: 'partial' };
}
