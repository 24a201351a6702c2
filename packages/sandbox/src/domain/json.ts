/** Reading untyped JSON request bodies without casts. */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `a.b.c` from an unknown JSON value. */
export function pick(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const k of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/**
 * Marks an object whose undefined-valued keys are meant to be absent. JSON.stringify drops them
 * anyway, so nothing is deleted here (deleting keys would push V8 objects into slow dictionary mode
 * on the hot path).
 */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return o;
}

/** Merges `patch` into `base` (objects recursively; anything else is replaced). */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}
