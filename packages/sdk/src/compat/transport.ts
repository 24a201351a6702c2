import type { OperationDef } from '../generated/operations.js';
import type { CompatInitContext } from './api.js';

/** One HTTP exchange as the classic API needs it: any status is a response; only transport failures reject. */
export interface CompatRawResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, null for an empty body, or a readable stream for binary responses (files.getFile). */
  body: unknown;
  idempotenceRequestTimestamp: number | string | undefined;
  file?: { contentType: string | undefined; contentLength: number | undefined; filename: string | undefined };
}

export interface CompatSendOptions {
  idempotenceKey?: string;
  /** Extra X-GCS-* headers from paymentContext.extraHeaders. */
  headers?: Record<string, string>;
}

export interface CompatTransport {
  send(
    op: OperationDef,
    pathValues: readonly string[],
    merchantId: string,
    query: object | undefined,
    body: unknown,
    options: CompatSendOptions,
  ): Promise<CompatRawResponse>;
  close(): Promise<void>;
}

export type CompatTransportFactory = (context: CompatInitContext) => CompatTransport;
