/**
 * The contract between the generated resource classes (src/generated/resources.ts) and the core.
 * Generated methods are one line each: `return this._call(op, pathValues, query, body, options)`.
 */
import type { OperationDef } from '../generated/operations.js';
import { APIPromise } from './api-promise.js';
import { OffsetPager, type PagedIterable } from './pagination.js';
import { ClientCore, type RequestOptions } from './request.js';
import { encodeMerchantId } from './url.js';

export type { APIResponse } from './api-promise.js';
export type { UploadFileInput } from './multipart.js';
export type { Page, PagedIterable } from './pagination.js';
export type { RequestOptions } from './request.js';
export type { BinaryResponse, RawResponse } from './response.js';
export { APIPromise, ClientCore };

/** Base class of every generated resource: holds the core and the merchant id. */
export abstract class ResourceBase {
  readonly #core: ClientCore;
  readonly #merchantId: string;
  readonly #encodedMerchantId: string;

  constructor(core: ClientCore, merchantId: string) {
    this.#core = core;
    this.#merchantId = merchantId;
    this.#encodedMerchantId = encodeMerchantId(merchantId);
  }

  /** One call of `op`. `pathValues` are the path values AFTER merchantId, in path order. */
  protected _call<T>(
    op: OperationDef,
    pathValues: readonly (string | number)[],
    query: object | undefined,
    body: unknown,
    options: RequestOptions | undefined,
  ): APIPromise<T> {
    const core = this.#core;
    const values = [this.#merchantId, ...pathValues];
    const encoded = this.#encodedMerchantId;
    return new APIPromise<T>(() => core.callOperation<T>(op, values, query, body, options, encoded));
  }

  /** Every item of every page of a find operation with offset/limit (`op.pageItems` names the array). */
  protected _list<T>(
    op: OperationDef,
    pathValues: readonly (string | number)[],
    query: object | undefined,
    options: RequestOptions | undefined,
  ): PagedIterable<T> {
    if (op.pageItems === null) throw new TypeError(`${op.id} is not a paged operation`);
    const core = this.#core;
    const values = [this.#merchantId, ...pathValues];
    const encoded = this.#encodedMerchantId;
    const base = (query ?? {}) as Record<string, unknown>;
    const start = typeof base['offset'] === 'number' ? base['offset'] : 0;
    return new OffsetPager<T>(
      async (offset) =>
        (await core.callOperation<unknown>(op, values, { ...base, offset }, undefined, options, encoded)).data,
      op.pageItems,
      start,
    );
  }
}
