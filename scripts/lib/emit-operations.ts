/**
 * Emits the operation table shared by the SDK (resource methods) and the sandbox (router, validation).
 */
import { GENERATED_HEADER } from './emit-models.js';
import type { Spec } from './spec.js';

export function emitOperations(spec: Spec): string {
  const ids = spec.operations.map((o) => o.id);
  const rows = spec.operations.map((o) => {
    const def = {
      id: o.id,
      group: o.group,
      name: o.name,
      legacyGroup: o.legacyGroup,
      legacyName: o.legacyName,
      method: o.method,
      path: o.path,
      pathParams: o.pathParams,
      queryParams: o.queryParams.map((q) => ({ name: q.name, type: q.type, repeated: q.repeated })),
      requestBody: o.requestBody,
      requestContentType: o.requestContentType,
      responseBody: o.responseBody,
      successStatus: o.successStatus,
      errorBody: o.errorBody,
      declined: o.declined,
      pageItems: o.pageItems,
    };
    return `  ${JSON.stringify(def)},`;
  });
  const legacy = new Map<string, string[]>();
  for (const o of spec.operations) legacy.set(o.legacyGroup, [...(legacy.get(o.legacyGroup) ?? []), o.legacyName]);
  const legacyRows = [...legacy]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([g, names]) => `  ${g}: [${names.map((n) => `'${n}'`).join(', ')}],`);
  return `${GENERATED_HEADER}
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Every operation of the Server API v1, by its operationId (\`<group>.<operation>\`). */
export type OperationId =
${ids.map((id) => `  | '${id}'`).join('\n')};

export interface OperationDef {
  /** The spec's operationId, e.g. \`payments.create\`. */
  readonly id: OperationId;
  /** Resource group, e.g. \`hostedCheckouts\`. */
  readonly group: string;
  /** Method name in the group, e.g. \`processChallenged\`. */
  readonly name: string;
  /** Group name in connect-sdk-nodejs 4.x, e.g. \`hostedcheckouts\`. */
  readonly legacyGroup: string;
  /** Operation name in connect-sdk-nodejs 4.x, e.g. \`processchallenged\`. */
  readonly legacyName: string;
  readonly method: HttpMethod;
  /** Path template, e.g. \`/v1/{merchantId}/payments/{paymentId}\`. */
  readonly path: string;
  /** Path parameters in path order, \`merchantId\` included. */
  readonly pathParams: readonly { readonly name: string; readonly type: 'string' | 'integer' }[];
  readonly queryParams: readonly {
    readonly name: string;
    readonly type: 'string' | 'integer' | 'boolean';
    /** Sent once per value (\`hide=a&hide=b\`). */
    readonly repeated: boolean;
  }[];
  /** Request body schema name, or null. */
  readonly requestBody: string | null;
  readonly requestContentType: 'application/json' | 'multipart/form-data' | null;
  /** Success body schema name, \`'binary'\` for a file download, or null for no body. */
  readonly responseBody: string | null;
  /** The exact success status when the spec states one, null when only "2XX" is known. */
  readonly successStatus: number | null;
  /** Body type of error responses. */
  readonly errorBody: 'ErrorResponse' | 'PaymentErrorResponse' | 'PayoutErrorResponse' | 'RefundErrorResponse';
  /** Which result a declined error body carries (\`paymentResult\`, \`payoutResult\`, \`refundResult\`). */
  readonly declined: 'payment' | 'payout' | 'refund' | null;
  /** For find operations with offset/limit: the array field of the response that holds the items. */
  readonly pageItems: string | null;
}

export const operations: readonly OperationDef[] = [
${rows.join('\n')}
];

/** Group and operation names of connect-sdk-nodejs 4.x (the classic API), by group. */
export const legacyOperationNames = {
${legacyRows.join('\n')}
} as const;

export const operationsById = Object.freeze(
  Object.fromEntries(operations.map((o) => [o.id, o])),
) as Readonly<Record<OperationId, OperationDef>>;
`;
}
