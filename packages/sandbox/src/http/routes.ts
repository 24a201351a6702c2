/**
 * A small route table: `{ method, pattern, handler }` with `:name` segments, for surfaces whose
 * paths are not generated from the spec (admin, pages, dashboard).
 */

export interface Route<H> {
  readonly method: string;
  /** `/payments/:id/status`; `:name` matches one non-empty segment (percent-decoded) */
  readonly pattern: string;
  readonly handler: H;
}

export interface RouteHit<H> {
  readonly handler: H;
  readonly params: Readonly<Record<string, string>>;
}

interface Compiled<H> {
  readonly route: Route<H>;
  readonly segments: readonly string[];
}

export class RouteTable<H> {
  private readonly compiled: Compiled<H>[];

  constructor(readonly routes: readonly Route<H>[]) {
    this.compiled = routes.map((route) => ({ route, segments: split(route.pattern) }));
  }

  /** The route for `method` + `path` (relative to the mount), or undefined. */
  match(method: string, path: string): RouteHit<H> | undefined {
    const parts = split(path);
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const s = segments[i] as string;
        const p = parts[i] as string;
        if (s.startsWith(':')) {
          if (p === '') ok = false;
          else params[s.slice(1)] = safeDecode(p);
        } else if (s !== p) ok = false;
      }
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

/** `/a/b/` -> ['a', 'b']; `/` and '' -> []. */
function split(path: string): string[] {
  const parts = path.split('/').filter((p, i, all) => !(p === '' && (i === 0 || i === all.length - 1)));
  return parts;
}

export function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
