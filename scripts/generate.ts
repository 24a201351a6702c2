/**
 * The generator: spec/connect-v1.yaml -> SDK model types, the operation table (SDK and sandbox), SDK resource
 * classes, the classic API's typed signatures, the sandbox's request validation schemas and Client API route table,
 * and docs/api.md.
 *
 *   npm run generate            write every generated file
 *   npm run generate -- --check exit 1 and name the files that are stale (CI)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitClientApiRoutes } from './lib/emit-client-api.js';
import { emitCompatTypes } from './lib/emit-compat-types.js';
import { emitApiDoc } from './lib/emit-docs.js';
import { emitModels } from './lib/emit-models.js';
import { emitOperations } from './lib/emit-operations.js';
import { emitResources } from './lib/emit-resources.js';
import { emitValidation } from './lib/emit-validation.js';
import { loadSpec } from './lib/spec.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = loadSpec(join(root, 'spec/connect-v1.yaml'));

/** Directories whose whole content is generated: files not produced any more are removed. */
const ownedDirs = ['packages/sdk/src/models', 'packages/sdk/src/generated', 'packages/sandbox/src/generated'];

const files = new Map<string, string>();
for (const [name, text] of Object.entries(emitModels(spec))) files.set(`packages/sdk/src/models/${name}`, text);
const operations = emitOperations(spec);
files.set('packages/sdk/src/generated/operations.ts', operations);
files.set('packages/sandbox/src/generated/operations.ts', operations);
files.set('packages/sdk/src/generated/resources.ts', emitResources(spec));
files.set('packages/sdk/src/generated/compat-types.ts', emitCompatTypes(spec));
files.set('packages/sandbox/src/generated/validation.ts', emitValidation(spec));
files.set('packages/sandbox/src/generated/client-api-routes.ts', emitClientApiRoutes(spec));
files.set('docs/api.md', emitApiDoc(spec));

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [rel, text] of files) {
  const abs = join(root, rel);
  let current: string | undefined;
  try {
    current = readFileSync(abs, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  stale.push(rel);
  if (!check) {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}
for (const dir of ownedDirs) {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    continue;
  }
  for (const e of entries) {
    const rel = `${dir}/${e}`;
    if (files.has(rel)) continue;
    stale.push(`${rel} (no longer generated)`);
    if (!check) rmSync(join(root, rel), { recursive: true });
  }
}

if (check) {
  if (stale.length) {
    console.error(`Generated files are stale; run \`npm run generate\`:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generated files are up to date (${files.size} files from ${relative(root, join(root, 'spec'))})`);
} else {
  console.log(
    `${files.size} generated files, ${stale.length} changed: ${spec.operations.length} operations, ${Object.keys(spec.schemas).length} schemas`,
  );
}
