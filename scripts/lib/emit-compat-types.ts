/**
 * Emits packages/sdk/src/generated/compat-types.ts: the typed signatures of the classic API
 * (`connect-server-sdk/compat`), one interface per classic group with, per operation, the callback form and the
 * promise form, typed with the same request and response types as the modern API. Types only: the runtime of the
 * classic API is untouched.
 */
import { GENERATED_HEADER } from './emit-models.js';
import { methodParams, responseType } from './emit-resources.js';
import type { Spec, SpecOperation } from './spec.js';

function bodyType(op: SpecOperation): string | null {
  if (!op.requestBody) return null;
  return op.requestContentType === 'multipart/form-data' ? 'CompatUploadFileBody' : op.requestBody;
}

function successType(op: SpecOperation): string {
  const r = responseType(op);
  if (r === 'BinaryResponse') return 'Readable';
  return r === 'void' ? 'null' : r;
}

function emitOperation(op: SpecOperation): string {
  const ids = methodParams(op)
    .filter((p) => p.name !== 'body' && p.name !== 'query')
    .map((p) => `${p.name}: ${p.type}`);
  const body = bodyType(op);
  const lead = ['merchantId: string', ...ids, ...(body ? [`body: ${body}`] : [])].join(', ');
  const ctx = op.queryParamsType ? `CompatPaymentContext<${op.queryParamsType}>` : 'CompatPaymentContext';
  const result = `${successType(op)}, ${op.errorBody}`;
  const doc = `  /** \`${op.method} ${op.path}\`: \`body\` is a ${successType(op) === 'null' ? 'null (no content)' : `\`${successType(op)}\``} when \`isSuccess\`, else a \`${op.errorBody}\`. Modern: \`${op.group}.${op.name}\`. */`;
  return [
    doc,
    `  ${op.legacyName}(${lead}, paymentContext: ${ctx} | null | undefined, cb: CompatCallback<${result}>): void;`,
    `  ${op.legacyName}(${lead}, cb: CompatCallback<${result}>): void;`,
    `  ${op.legacyName}(${lead}, paymentContext?: ${ctx} | null): Promise<CompatResponse<${result}>>;`,
  ].join('\n');
}

export function emitCompatTypes(spec: Spec): string {
  const groups = new Map<string, SpecOperation[]>();
  for (const op of spec.operations) {
    const list = groups.get(op.legacyGroup) ?? [];
    list.push(op);
    groups.set(op.legacyGroup, list);
  }
  const types = new Set<string>();
  for (const op of spec.operations) {
    const b = bodyType(op);
    if (b && b !== 'CompatUploadFileBody') types.add(b);
    const s = successType(op);
    if (s !== 'null' && s !== 'Readable') types.add(s);
    types.add(op.errorBody);
    if (op.queryParamsType) types.add(op.queryParamsType);
  }
  const interfaces = [...groups].map(
    ([g, ops]) =>
      `/** The classic \`${g}\` group. */\nexport interface Compat${g.charAt(0).toUpperCase()}${g.slice(1)}Group {\n${ops.map(emitOperation).join('\n')}\n}\n`,
  );
  return `${GENERATED_HEADER}import type { Readable } from 'node:stream';
import type { CompatCallback, CompatPaymentContext, CompatResponse, CompatUploadFileBody } from '../compat/types.js';
import type {
${[...types]
  .sort()
  .map((t) => `  ${t},`)
  .join('\n')}
} from '../models/index.js';

${interfaces.join('\n')}
/** Every classic group, by its 4.x name. */
export interface CompatTypedGroups {
${[...groups.keys()].map((g) => `  readonly ${g}: Compat${g.charAt(0).toUpperCase()}${g.slice(1)}Group;`).join('\n')}
}
`;
}
