/** What the server tells request listeners about each answered request (the terminal log of `start`). */
export interface RequestRecord {
  /** when the request arrived (epoch ms, real time) */
  at: number;
  method: string;
  /** the path without the query string */
  path: string;
  /** `payments.create`; `admin` for /_sandbox; `page` for customer pages */
  operation: string | undefined;
  merchantId: string | undefined;
  /** the HTTP status answered; 0 when the connection was dropped (a `reset` fault) */
  status: number;
  durationMs: number;
  /** answered from the idempotence store (X-GCS-Idempotence-Key seen before) */
  replay: boolean;
  /** an injected fault applied to this request (its id), if any */
  fault: string | undefined;
}
