/**
 * The HTTP server. Node's strict parser (no insecureHTTPParser: the lenient one accepts
 * Content-Length with chunked encoding, bare LF and NUL in headers, which smuggles requests);
 * explicit header and request timeouts and a connection cap against slow or piling-up clients.
 *
 * Connections arrive at a plain TCP server first, paused: it reads until the first header block
 * is complete, hands connections that do not fold an X-GCS-* header to the HTTP server as they are
 * (its fast path), and the rare ones that do through `UnfoldingStream` (folded-headers.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { foldsGcsHeader, headEnd, UnfoldingStream } from './folded-headers.js';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly keepAliveTimeoutMs: number;
  /** the whole header block must arrive within this */
  readonly headersTimeoutMs: number;
  /** the whole request (headers and body) must arrive within this */
  readonly requestTimeoutMs: number;
  /** open connections at most; more are closed on arrival */
  readonly maxConnections: number;
}

export interface RunningServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** the header block is looked at up to this size; larger ones go to the parser as they are */
const PEEK_LIMIT = 64 * 1024;
const BARE_LF_END = Buffer.from('\n\n');

export async function listen(
  opts: HttpServerOptions,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const http = createServer(
    {
      insecureHTTPParser: false,
      keepAliveTimeout: opts.keepAliveTimeoutMs,
      headersTimeout: opts.headersTimeoutMs,
      requestTimeout: opts.requestTimeoutMs,
      // how often Node enforces the two timeouts above
      connectionsCheckingInterval: Math.min(1000, opts.headersTimeoutMs),
    },
    onRequest,
  );
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  const tcp = createTcpServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    peekHead(socket, opts.headersTimeoutMs, (head) => {
      if (head.length > 0) socket.unshift(head);
      const folded = headEnd(head) > 0 && foldsGcsHeader(head.subarray(0, headEnd(head)).toString('latin1'));
      http.emit('connection', folded ? new UnfoldingStream(socket) : socket);
    });
  });
  tcp.maxConnections = opts.maxConnections;

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(opts.port, opts.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  // node:http enforces headersTimeout and requestTimeout from a timer it starts on its own 'listening'
  // event; this server never listens itself (connections come from the TCP server above), so without
  // this a request whose body never arrives in full is held forever (found by the reliability suite)
  http.emit('listening');
  const port = (tcp.address() as AddressInfo).port;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  return {
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        // stops the timeout timer started above (the HTTP server itself has no listening socket)
        http.close();
        http.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * Reads from a paused socket until the first header block is complete (or PEEK_LIMIT bytes, or
 * the end), then calls `done` with what was read. A client whose header block is not complete
 * `timeoutMs` after it connected is dropped: an absolute deadline, not an idle timer, because
 * node:http's headersTimeout only starts once the connection is handed over, and a client
 * dripping a byte every second would otherwise hold the connection for hours (slowloris).
 */
function peekHead(socket: Socket, timeoutMs: number, done: (head: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    socket.off('readable', onReadable);
    socket.off('end', finish);
    clearTimeout(deadline);
    done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  };
  const onReadable = () => {
    for (let c = socket.read() as Buffer | null; c !== null; c = socket.read() as Buffer | null) {
      chunks.push(c);
      size += c.length;
    }
    if (size === 0) return;
    const seen = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    // a complete block, or one the parser will refuse anyway (bare LF line ends), ends the look
    if (size >= PEEK_LIMIT || headEnd(seen) > 0 || seen.includes(BARE_LF_END)) finish();
  };
  const deadline = setTimeout(() => {
    finished = true;
    socket.destroy();
  }, timeoutMs);
  deadline.unref();
  socket.once('close', () => clearTimeout(deadline));
  socket.on('readable', onReadable);
  socket.once('end', finish);
}
