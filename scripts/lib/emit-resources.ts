/**
 * Emits packages/sdk/src/generated/resources.ts: one class per resource group with one short method per
 * operation, and MerchantClient, which holds one instance of each.
 */
import { GENERATED_HEADER, tsType } from './emit-models.js';
import { flattenProperties, type Spec, type SpecOperation } from './spec.js';

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const declinedError: Record<string, string> = {
  payment: 'DeclinedPaymentError',
  payout: 'DeclinedPayoutError',
  refund: 'DeclinedRefundError',
};

export function pageItemType(spec: Spec, op: SpecOperation): string | null {
  if (!op.pageItems || !op.responseBody) return null;
  const prop = flattenProperties(spec.schemas, op.responseBody)[op.pageItems];
  return prop?.items ? tsType(prop.items) : null;
}

/** The resource method's parameter list, as shown in docs and emitted in code. */
export function methodParams(op: SpecOperation): { name: string; type: string; optional: boolean }[] {
  const params: { name: string; type: string; optional: boolean }[] = [];
  for (const p of op.pathParams) {
    if (p.name === 'merchantId') continue;
    params.push({ name: p.name, type: p.type === 'integer' ? 'number' : 'string', optional: false });
  }
  if (op.requestBody) {
    params.push({
      name: 'body',
      type: op.requestContentType === 'multipart/form-data' ? 'UploadFileInput' : op.requestBody,
      optional: false,
    });
  }
  if (op.queryParamsType) params.push({ name: 'query', type: op.queryParamsType, optional: true });
  return params;
}

export function responseType(op: SpecOperation): string {
  if (op.responseBody === 'binary') return 'BinaryResponse';
  return op.responseBody ?? 'void';
}

/** The keys of RequestOptions: a query type must not use them, so that `get(id, { timeoutMs })` is unambiguous. */
export const REQUEST_OPTION_KEYS = ['idempotenceKey', 'signal', 'timeoutMs', 'maxRetries', 'headers'];

function emitMethod(spec: Spec, op: SpecOperation): string {
  const params = methodParams(op);
  const sig = [...params.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`), 'options?: RequestOptions'].join(
    ', ',
  );
  for (const q of op.queryParams) {
    if (REQUEST_OPTION_KEYS.includes(q.name)) {
      throw new Error(`${op.id}: query parameter ${q.name} has the name of a per-call option`);
    }
  }
  const pathValues = `[${params
    .filter((p) => p.name !== 'body' && p.name !== 'query')
    .map((p) => p.name)
    .join(', ')}]`;
  const query = op.queryParamsType ? 'query' : 'undefined';
  const body = op.requestBody ? 'body' : 'undefined';
  const status = op.successStatus ? ` (${op.successStatus})` : '';
  const doc = [
    `${op.summary}.`,
    '',
    `\`${op.method} ${op.path}\` → ${op.responseBody === 'binary' ? 'a file stream' : (op.responseBody ?? 'no body')}${status}.`,
    ...(op.declined ? [`A declined ${op.declined} is thrown as {@link ${declinedError[op.declined]}}.`] : []),
    ...(op.docsUrl ? [`@see ${op.docsUrl}`] : []),
  ];
  const lines = [`  /**`, ...doc.map((l) => (l ? `   * ${l}` : '   *')), '   */'];
  if (op.queryParamsType && !op.requestBody) {
    // options without a placeholder query: `get(id, { timeoutMs })` as well as `get(id, query, options)`
    const ids = params.filter((p) => p.name !== 'query').map((p) => `${p.name}: ${p.type}`);
    const result = `APIPromise<${responseType(op)}>`;
    lines.push(`  ${op.name}(${[...ids, 'options?: RequestOptions'].join(', ')}): ${result};`);
    lines.push(`  ${op.name}(${sig}): ${result};`);
    lines.push(
      `  ${op.name}(${[...ids, `query?: ${op.queryParamsType} | RequestOptions`, 'options?: RequestOptions'].join(', ')}): ${result} {`,
    );
    lines.push('    const [q, o] = queryAndOptions(query, options);');
    lines.push(`    return this._call(ops['${op.id}'], ${pathValues}, q, ${body}, o);`);
    lines.push('  }');
  } else {
    lines.push(`  ${op.name}(${sig}): APIPromise<${responseType(op)}> {`);
    lines.push(`    return this._call(ops['${op.id}'], ${pathValues}, ${query}, ${body}, options);`);
    lines.push('  }');
  }
  const item = pageItemType(spec, op);
  if (item && op.queryParamsType) {
    lines.push('');
    lines.push('  /**');
    lines.push(`   * Every ${item} that \`${op.name}\` finds, across all pages (offset/limit), as an async iterator.`);
    lines.push('   */');
    const ids = params.filter((p) => p.name !== 'query');
    const listSig = [
      ...ids.map((p) => `${p.name}: ${p.type}`),
      `query?: Omit<${op.queryParamsType}, 'offset'>`,
      'options?: RequestOptions',
    ].join(', ');
    lines.push(`  list(${listSig}): PagedIterable<${item}> {`);
    lines.push(`    return this._list(ops['${op.id}'], [${ids.map((p) => p.name).join(', ')}], query, options);`);
    lines.push('  }');
  }
  return lines.join('\n');
}

export function emitResources(spec: Spec): string {
  const groups = new Map<string, SpecOperation[]>();
  for (const op of spec.operations) {
    const list = groups.get(op.group) ?? [];
    list.push(op);
    groups.set(op.group, list);
  }
  const modelTypes = new Set<string>();
  for (const op of spec.operations) {
    for (const p of methodParams(op)) if (/^[A-Z]/.test(p.type) && p.type !== 'UploadFileInput') modelTypes.add(p.type);
    const r = responseType(op);
    if (r !== 'void' && r !== 'BinaryResponse') modelTypes.add(r);
    const item = pageItemType(spec, op);
    if (item) modelTypes.add(item);
  }
  const classes = [...groups].map(([group, ops]) => {
    const methods = ops.map((op) => emitMethod(spec, op)).join('\n\n');
    return `/** The \`${group}\` operations of one merchant. */\nexport class ${pascal(group)}Resource extends ResourceBase {\n${methods}\n}\n`;
  });
  const groupNames = [...groups.keys()];
  const merchant = `/** All operations of one merchant: \`connect.merchant(merchantId).<group>.<operation>(...)\`. */
export class MerchantClient {
  readonly merchantId: string;
${groupNames.map((g) => `  readonly ${g}: ${pascal(g)}Resource;`).join('\n')}

  constructor(core: ClientCore, merchantId: string) {
    this.merchantId = merchantId;
${groupNames.map((g) => `    this.${g} = new ${pascal(g)}Resource(core, merchantId);`).join('\n')}
  }
}
`;
  return `${GENERATED_HEADER}import type {
${[...modelTypes]
  .sort()
  .map((t) => `  ${t},`)
  .join('\n')}
} from '../models/index.js';
import {
  type APIPromise,
  type BinaryResponse,
  type ClientCore,
  type PagedIterable,
  type RequestOptions,
  ResourceBase,
  type UploadFileInput,
} from '../core/resource.js';
import { operationsById as ops } from './operations.js';

/** The keys of RequestOptions. No query type uses these names (the generator checks), so the split is unambiguous. */
const REQUEST_OPTION_KEYS = ${JSON.stringify(REQUEST_OPTION_KEYS).replaceAll('"', "'").replaceAll(',', ', ')} as const;
// a RequestOptions key missing from the list above fails to compile here
const everyOptionKeyListed: [Exclude<keyof RequestOptions, (typeof REQUEST_OPTION_KEYS)[number]>] extends [never] ? true : false = true;
void everyOptionKeyListed;

/** \`get(id, options)\` and \`get(id, query, options)\`: a second argument with a per-call option's key is the options. */
function queryAndOptions<Q extends object>(
  query: Q | RequestOptions | undefined,
  options: RequestOptions | undefined,
): [Q | undefined, RequestOptions | undefined] {
  if (options === undefined && query !== undefined && query !== null && REQUEST_OPTION_KEYS.some((k) => k in query)) {
    return [undefined, query as RequestOptions];
  }
  return [query as Q | undefined, options];
}

${classes.join('\n')}
${merchant}`;
}
