import { defineConfig } from 'tsup';

// Dual ESM/CJS with types for both ('.d.ts' and '.d.cts'); entries match the package.json exports map.
export default defineConfig({
  entry: { index: 'src/index.ts', 'compat/index': 'src/compat/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
  external: ['undici'],
});
