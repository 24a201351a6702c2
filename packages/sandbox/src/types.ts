/** What a handler gets for one Server API call. */
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
export interface OpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** a binary body instead of JSON */
  raw?: { data: Buffer; contentType: string; filename?: string };
}
