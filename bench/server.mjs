// Stand-in Connect API server for the benchmarks: its own process (pinned to core 0 by run.mjs),
// keep-alive, POST /v1/{merchantId}/payments answered with a ~1.5 KB CreatePaymentResponse (201 +
// Location), or a 402 PaymentErrorResponse for the decline amount. Signatures are verified on a
// sample of requests (every request would make the server the bottleneck) and a bad one gets 401,
// so a client that signs wrongly fails its run. Reports stats to the parent over IPC.
import { createServer } from 'node:http';
import {
  API_KEY_ID,
  createPaymentResponseFast as createPaymentResponse,
  DECLINE_AMOUNT,
  declinedPaymentResponseFast as declinedPaymentResponse,
  MERCHANT_ID,
  paymentLocation,
  SECRET_API_KEY,
} from './lib/fixtures.mjs';
import { verifyRequest } from './lib/sign.mjs';

const PAYMENTS_PATH = `/v1/${MERCHANT_ID}/payments`;
const VERIFY_EVERY = 16;

let requests = 0;
let verified = 0;
let badSignatures = 0;
let created = 0;
let declined = 0;

const unauthorized = JSON.stringify({
  errorId: 'bench-401',
  errors: [
    {
      code: '9002',
      httpStatusCode: 401,
      id: 'MISSING_OR_INVALID_AUTHORIZATION',
      category: 'DIRECT_PLATFORM_ERROR',
      message: 'MISSING_OR_INVALID_AUTHORIZATION',
    },
  ],
});
const notFound = JSON.stringify({
  errorId: 'bench-404',
  errors: [
    {
      code: '1002',
      httpStatusCode: 404,
      id: 'UNKNOWN_RESOURCE',
      category: 'CONNECT_PLATFORM_ERROR',
      message: 'not found',
    },
  ],
});

function send(res, status, body, location) {
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (location) headers.Location = location;
  res.writeHead(status, headers);
  res.end(body);
}

const server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
  const n = ++requests;
  if (req.method !== 'POST' || req.url !== PAYMENTS_PATH) {
    req.resume();
    send(res, 404, notFound);
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (n <= 256 || n % VERIFY_EVERY === 0) {
      verified++;
      if (!verifyRequest(req, API_KEY_ID, SECRET_API_KEY)) {
        badSignatures++;
        send(res, 401, unauthorized);
        return;
      }
    }
    let body;
    try {
      body = JSON.parse(chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString());
    } catch {
      send(
        res,
        400,
        '{"errorId":"bench-400","errors":[{"code":"21000020","httpStatusCode":400,"message":"bad JSON"}]}',
      );
      return;
    }
    const amount = body?.order?.amountOfMoney?.amount ?? 0;
    const ref = body?.order?.references?.merchantReference ?? '';
    if (amount === DECLINE_AMOUNT) {
      declined++;
      send(res, 402, declinedPaymentResponse(n, amount, ref));
    } else {
      created++;
      send(res, 201, createPaymentResponse(n, amount, ref), paymentLocation(n));
    }
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.send?.({ type: 'ready', port });
});

process.on('message', (msg) => {
  if (msg?.type === 'stats') {
    process.send?.({
      type: 'stats',
      id: msg.id,
      cpu: process.cpuUsage(),
      requests,
      verified,
      badSignatures,
      created,
      declined,
      rss: process.memoryUsage.rss(),
    });
  } else if (msg?.type === 'close') {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
