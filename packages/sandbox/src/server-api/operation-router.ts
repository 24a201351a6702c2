/** Matches Server API request paths against the generated operation table (route stage). */
import { methodNotAllowed, unknownRoute } from '../domain/errors.js';
import { type OperationDef, operations } from '../generated/operations.js';
import { safeDecode } from '../http/routes.js';

interface Route {
  readonly op: OperationDef;
  /** literal segment, or null for a `{param}` segment */
  readonly segments: readonly (string | null)[];
  readonly paramNames: readonly string[];
}

export interface RouteMatch {
  readonly op: OperationDef;
  readonly pathParams: Record<string, string>;
}

/** Matches request paths against the generated operation table (built once). */
export class OperationRouter {
  private readonly bySegmentCount = new Map<number, Route[]>();

  constructor(ops: readonly OperationDef[] = operations) {
    for (const op of ops) {
      const parts = op.path.split('/').slice(1);
      const segments = parts.map((p) => (p.startsWith('{') ? null : p));
      const paramNames = parts.filter((p) => p.startsWith('{')).map((p) => p.slice(1, -1));
      const list = this.bySegmentCount.get(parts.length) ?? [];
      list.push({ op, segments, paramNames });
      this.bySegmentCount.set(parts.length, list);
    }
    // literal-heavy routes first, so `/payments/{id}` never shadows a more specific literal route
    for (const list of this.bySegmentCount.values()) {
      list.sort((a, b) => literalCount(b) - literalCount(a));
    }
  }

  /** Finds the operation for `method` + raw `path`; throws a platform-shaped 404 or 405. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    parts.shift();
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    const candidates = this.bySegmentCount.get(parts.length);
    const allowed: string[] = [];
    if (candidates) {
      for (const route of candidates) {
        if (!segmentsMatch(route, parts)) continue;
        if (route.op.method !== method) {
          allowed.push(route.op.method);
          continue;
        }
        const pathParams: Record<string, string> = {};
        let n = 0;
        for (let i = 0; i < route.segments.length; i++) {
          if (route.segments[i] === null) {
            const raw = parts[i] as string;
            pathParams[route.paramNames[n++] as string] = safeDecode(raw);
          }
        }
        return { op: route.op, pathParams };
      }
    }
    if (allowed.length > 0) throw methodNotAllowed(method, path, [...new Set(allowed)]);
    throw unknownRoute(method, path);
  }
}

function literalCount(r: Route): number {
  return r.segments.filter((s) => s !== null).length;
}

function segmentsMatch(route: Route, parts: readonly string[]): boolean {
  for (let i = 0; i < route.segments.length; i++) {
    const s = route.segments[i];
    const p = parts[i];
    if (s === null) {
      if (p === undefined || p === '') return false;
    } else if (s !== p) return false;
  }
  return true;
}
