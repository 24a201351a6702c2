#!/usr/bin/env node
/**
 * After tsup: dist/edge.d.ts (the workerd/deno/bun types) must not need @types/node. The one Node type the
 * shared sources name is `Readable` (the file stream of a download); in the edge build that object is the small
 * stand-in of src/core/web/stream.ts, so its declaration replaces the node:stream import. Checked by
 * test/runtimes/fixtures/workers-types (a Workers-like tsconfig without node types; scripts/runtime-smoke.mjs).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../dist/edge.d.ts', import.meta.url);
const text = readFileSync(file, 'utf8');
const nodeImport = "import { Readable } from 'node:stream';\n";
if (!text.includes(nodeImport) && !text.includes('interface Readable')) {
  throw new Error('dist/edge.d.ts: expected the node:stream import to replace');
}
const declaration = `/** A downloaded file's bytes (async-iterable); \`destroy()\` ends it early and releases the connection. */
interface Readable extends AsyncIterable<Uint8Array> {
    destroy(error?: unknown): this;
    on(event: 'close' | 'error', listener: (error?: unknown) => void): this;
    once(event: 'close' | 'error', listener: (error?: unknown) => void): this;
}
`;
const out = text.replace(nodeImport, declaration);
if (/from 'node:|from "node:|NodeJS\.|\bBuffer\b/.test(out.replace(/\/\*[\s\S]*?\*\//g, ''))) {
  throw new Error('dist/edge.d.ts still names a Node type');
}
writeFileSync(file, out);
