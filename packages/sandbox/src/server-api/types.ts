/** What a Server API handler gets and answers. */
import type { Answer } from '../http/respond.js';

/** One Server API call, after routing, authentication and validation. */
export interface OpRequest {
  readonly opId: string;
  readonly merchantId: string;
  readonly pathParams: Record<string, string>;
  readonly query: URLSearchParams;
  /** parsed JSON body (undefined when none) */
  readonly body: unknown;
  readonly rawBody: Buffer;
  readonly contentType: string | undefined;
  /** `http://127.0.0.1:4010`: where the sandbox is reachable (redirect URLs point here) */
  readonly baseUrl: string;
}

/** What a handler answers. */
export type OpResult = Answer;
