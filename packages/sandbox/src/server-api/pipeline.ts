/**
 * The Server API pipeline, one small stage each:
 *   route -> faults -> (body) -> authentication -> idempotence -> validation -> encrypted input -> handler
 * Each stage either lets the request through or answers it (an error, an injected fault, a replay).
 */
import type { ServerResponse } from 'node:http';
import type { SandboxContext } from '../context.js';
import {
  badRequest,
  duplicateInProgress,
  injectedFault,
  internalError,
  requestTooLarge,
  unsupportedMediaType,
} from '../domain/errors.js';
import type { FaultRule } from '../domain/faults.js';
import type { IdempotenceEntry } from '../domain/idempotence.js';
import type { OperationDef } from '../generated/operations.js';
import { parseJson, readBody } from '../http/body.js';
import type { Exchange } from '../http/mount.js';
import { type Answer, errorAnswer, replayHeaders, sendAnswer } from '../http/respond.js';
import { type AuthOptions, SignatureCache, verifyRequest } from './auth.js';
import type { HandlerMap } from './handler.js';
import { OperationRouter, type RouteMatch } from './operation-router.js';
import type { OpRequest } from './types.js';
import { validateBody } from './validation.js';

const EMPTY_QUERY: URLSearchParams = new URLSearchParams();
const MUTATING = new Set(['POST', 'PUT']);
const JSON_CONTENT_TYPE = /^application\/(.+\+)?json\b/i;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ServerApiPipeline {
  private readonly router = new OperationRouter();
  private readonly auth: AuthOptions;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly handlers: HandlerMap,
  ) {
    this.auth = {
      access: ctx.access,
      dateSkewMs: ctx.options.dateSkewMs,
      now: Date.now,
      signatures: new SignatureCache(),
    };
  }

  /** Answers every request it is given (unknown paths get the platform's 404). */
  async handle(x: Exchange): Promise<boolean> {
    const { req, res, method } = x;
    const ctx = this.ctx;

    // route: HEAD is answered as the GET (node:http leaves the body out); the signature still covers "HEAD"
    const route = this.route(method === 'HEAD' ? 'GET' : method, x.path);
    if (route instanceof Error) {
      req.resume();
      sendAnswer(res, errorAnswer(route));
      return true;
    }
    const { op, pathParams } = route;
    ctx.stats.operationsSeen.add(op.id);
    if (x.log) {
      x.log.operation = op.id;
      x.log.merchantId = pathParams['merchantId'];
    }

    // faults
    const fault = ctx.faults.take(op.id, method, x.path);
    if (x.log && fault !== undefined) x.log.fault = fault.id;
    if (fault !== undefined && (await this.answerFault(x, fault))) return true;

    const limit =
      op.requestContentType === 'multipart/form-data' ? ctx.options.maxUploadBytes : ctx.options.maxBodyBytes;
    const raw = await readBody(req, limit);
    const merchantId = pathParams['merchantId'] ?? '';
    let entry: IdempotenceEntry | undefined;
    try {
      if (raw === 'too-large') throw requestTooLarge(limit);
      // authentication
      verifyRequest(this.auth, method, req.headers, req.rawHeaders, x.path, x.rawQuery, merchantId);
      // idempotence: replay, or 409 while the first request is in flight
      if (MUTATING.has(method)) {
        const replay = this.idempotence(x, merchantId);
        if (replay === true) return true;
        entry = replay;
      }
      if (fault?.delayMs) await sleep(fault.delayMs);
      // validation
      const contentType = req.headers['content-type'];
      let body = this.body(op, raw, contentType);
      // the Client SDK flow: encryptedCustomerInput becomes the server-built input it stands for (or a 400)
      if (op.id === 'payments.create' || op.id === 'tokens.create') {
        body = await ctx.domain.encryptedInputs.open(op.id, merchantId, body);
      }

      ctx.domain.settleIfDue();
      const opReq: OpRequest = {
        opId: op.id,
        merchantId,
        pathParams,
        query: x.rawQuery === undefined || x.rawQuery === '' ? EMPTY_QUERY : new URLSearchParams(x.rawQuery),
        body,
        rawBody: raw,
        contentType,
        baseUrl: ctx.baseUrl(req),
      };
      // handler
      const handler = this.handlers[op.id];
      if (handler === undefined) throw internalError();
      const result = handler(ctx, opReq);
      if (result.status < 300) ctx.stats.operationsSucceeded.add(op.id);
      this.finish(res, result, entry);
    } catch (e) {
      this.finish(res, errorAnswer(e), entry);
    }
    return true;
  }

  private route(method: string, path: string): RouteMatch | Error {
    try {
      return this.router.match(method, path);
    } catch (e) {
      return e as Error;
    }
  }

  /** An injected status or reset answers here (true); a delay alone lets the request go on. */
  private async answerFault(x: Exchange, fault: FaultRule): Promise<boolean> {
    if (fault.reset) {
      x.req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    if (fault.delayMs) await sleep(fault.delayMs);
    x.req.resume();
    const err = injectedFault(fault.status);
    sendAnswer(
      x.res,
      { status: err.status, body: err.toBody() },
      fault.retryAfter === undefined ? undefined : { 'Retry-After': String(fault.retryAfter) },
    );
    return true;
  }

  /** Replays or refuses a repeated key (true: answered); else records the new key (its entry). */
  private idempotence(x: Exchange, merchantId: string): IdempotenceEntry | true | undefined {
    const keyHeader = x.req.headers['x-gcs-idempotence-key'];
    if (keyHeader === undefined) return undefined;
    const key = Array.isArray(keyHeader) ? (keyHeader[0] ?? '') : keyHeader;
    if (key.length === 0 || key.length > 40 || !/^[\x20-\x7e]+$/.test(key)) {
      throw badRequest('X-GCS-Idempotence-Key must be 1-40 printable ASCII characters', 'X-GCS-Idempotence-Key');
    }
    const store = this.ctx.idempotence;
    const idemKey = `${merchantId}\n${key}`;
    const now = this.ctx.clock.now();
    const prev = store.get(idemKey, now);
    if (prev === undefined) return store.begin(idemKey, now);
    const tsHeader = { 'X-GCS-Idempotence-Request-Timestamp': String(prev.timestamp) };
    if (!prev.done) {
      const err = duplicateInProgress();
      sendAnswer(x.res, { status: 409, body: err.toBody() }, tsHeader);
    } else {
      if (x.log) x.log.replay = true;
      x.res.writeHead(prev.status, { ...prev.headers, ...tsHeader });
      x.res.end(prev.body);
    }
    return true;
  }

  /** Sends the answer and, for a keyed request, records it for replays. */
  private finish(res: ServerResponse, r: Answer, entry: IdempotenceEntry | undefined): void {
    const text = sendAnswer(res, r);
    if (entry) {
      const body = r.raw ? '' : text;
      this.ctx.idempotence.finish(entry, r.status, body, replayHeaders(r, text), this.ctx.clock.now());
    }
  }

  /** The parsed body: JSON operations check the content type and the schema; others keep it raw. */
  private body(op: OperationDef, raw: Buffer, contentType: string | undefined): unknown {
    if (op.requestContentType === 'application/json') {
      if (raw.length === 0) return {};
      if (contentType !== undefined && !JSON_CONTENT_TYPE.test(contentType)) throw unsupportedMediaType(contentType);
      const body = parseJson(raw);
      validateBody(op.requestBody as string, body);
      return body;
    }
    if (op.requestContentType === null && raw.length > 0 && contentType?.includes('json')) return parseJson(raw);
    return undefined;
  }
}
