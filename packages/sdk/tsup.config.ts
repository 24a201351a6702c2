import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The workerd/deno/bun build: core/platform.ts (node:crypto, undici) is swapped for core/platform.web.ts
 * (WebCrypto, fetch) and node:stream for a small stand-in; any other node: module or undici reaching this build
 * fails it, so the build itself proves that Cloudflare Workers needs no compatibility flag.
 */
const webPlatform: Plugin = {
  name: 'connect-web-platform',
  setup(build) {
    build.onResolve({ filter: /(^|\/)(platform|default-transport)\.js$/ }, (args) => ({
      path: resolve(`src/core/${args.path.replace(/^.*\//, '').replace(/\.js$/, '')}.web.ts`),
    }));
    build.onResolve({ filter: /^(node:)?stream$/ }, () => ({ path: resolve('src/core/web/stream.ts') }));
    build.onResolve({ filter: /^(node:.*|undici(\/.*)?)$/ }, forbidden);
    build.onResolve({ filter: new RegExp(`^(${builtinModules.join('|').replace(/[/.]/g, '\\$&')})$`) }, forbidden);
  },
};

function forbidden(args: { path: string; importer: string }) {
  return {
    errors: [{ text: `${args.path} must not reach the workerd/deno/bun build (imported by ${args.importer})` }],
  };
}

export default defineConfig([
  // Node: dual ESM/CJS with types for both ('.d.ts' and '.d.cts'); entries match the package.json exports map.
  {
    entry: { index: 'src/index.ts', 'compat/index': 'src/compat/index.ts', opentelemetry: 'src/opentelemetry.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    external: ['undici', '@opentelemetry/api'],
  },
  // workerd, deno, bun (package.json exports conditions): ESM, one file, no Node built-in.
  {
    entry: { edge: 'src/edge.ts', browser: 'src/browser.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    splitting: false,
    treeshake: true,
    removeNodeProtocol: false,
    esbuildPlugins: [webPlatform],
  },
]);
