/**
 * The handler types: one handler per generated operation id. `HandlerMap` has a key for every
 * `OperationId`, so an operation the spec gains without a handler is a `tsc` error, not a test failure.
 */
import type { SandboxContext } from '../context.js';
import type { OperationId } from '../generated/operations.js';
import type { OpRequest, OpResult } from './types.js';

export type Handler = (ctx: SandboxContext, req: OpRequest) => OpResult;

/** The resource groups of the Server API (`payments`, `hostedCheckouts`, ...). */
export type Group = OperationId extends `${infer G}.${string}` ? G : never;

/** Exactly the handlers of the operations of `G` (a missing or misspelt one does not compile). */
export type GroupHandlers<G extends Group> = { readonly [K in Extract<OperationId, `${G}.${string}`>]: Handler };

export type HandlerMap = { readonly [K in OperationId]: Handler };

export function ok(body: unknown): OpResult {
  return { status: 200, body };
}

export const NO_CONTENT: OpResult = Object.freeze({ status: 204 });

/**
 * 201 with the Location of the new resource: `<base>/v1/<merchantId>/<collection>/<id>` — the
 * one place Location headers are built.
 */
export function created(req: OpRequest, collection: string, id: string, body: unknown): OpResult {
  return {
    status: 201,
    headers: {
      Location: `${req.baseUrl}/v1/${encodeURIComponent(req.merchantId)}/${collection}/${encodeURIComponent(id)}`,
    },
    body,
  };
}
