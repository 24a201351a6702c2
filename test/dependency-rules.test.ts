/**
 * `npm run lint:deps` must fail on a wrong-direction import and on a cycle: the real rules
 * (.dependency-cruiser.cjs) run on small fixture trees laid out like the repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');
let dir: string | undefined;

/** Writes `files` (path -> source) into a fresh tree and runs the rules on it. */
function cruise(files: Record<string, string>): { status: number | null; out: string } {
  dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(depcruise, ['packages', '--config', config, '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const S = 'packages/sandbox/src';

describe('dependency rules (npm run lint:deps)', () => {
  it('pass a tree that follows them', () => {
    const r = cruise({
      [`${S}/domain/errors.ts`]: 'export const e = 1;\n',
      [`${S}/pages/index.ts`]: "import { e } from '../domain/errors.js';\nexport const p = e;\n",
      [`${S}/admin/index.ts`]: "import { e } from '../domain/errors.js';\nexport const a = e;\n",
    });
    expect(r.out).not.toContain('error');
    expect(r.status).toBe(0);
  });

  it('fail on a surface importing another, the domain importing a surface, and a cycle', () => {
    const r = cruise({
      [`${S}/admin/index.ts`]: 'export const a = 1;\n',
      [`${S}/pages/index.ts`]: "import { a } from '../admin/index.js';\nexport const p = a;\n",
      [`${S}/server-api/handler.ts`]: 'export const h = 1;\n',
      [`${S}/domain/payments.ts`]: "import { h } from '../server-api/handler.js';\nexport const p = h;\n",
      'packages/sdk/src/core/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'packages/sdk/src/core/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/surfaces-are-independent: packages\/sandbox\/src\/pages\/index\.ts/);
    expect(r.out).toMatch(/domain-imports-nothing-above-it: packages\/sandbox\/src\/domain\/payments\.ts/);
    expect(r.out).toMatch(/no-cycles: packages\/sdk\/src\/core\/[ab]\.ts/);
  });
});
