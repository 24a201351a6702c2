/** The HTTP server: listens, tracks sockets so close() is immediate, answers broken requests with a bare 400. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly keepAliveTimeoutMs: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(
  opts: HttpServerOptions,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  // insecureHTTPParser: accept obs-folded header values (clients that put a line break in an X-GCS
  // value send them; the v1HMAC canonicalisation exists for exactly that) instead of a bare 400
  const server = createServer({ keepAliveTimeout: opts.keepAliveTimeoutMs, insecureHTTPParser: true }, onRequest);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  return {
    server,
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
