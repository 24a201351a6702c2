/**
 * Import rules, checked by `npm run lint:deps` (dependency-cruiser) in CI:
 * no cycles anywhere; the sandbox's surfaces never import each other; its domain imports nothing
 * above it; its command line reaches a sandbox over HTTP only (it may start one through app.ts).
 * Type-only imports count: a cycle through types is still a cycle for a reader.
 */
const SRC = '^packages/sandbox/src/';
const SURFACES = '(server-api|admin|pages|client-api|dashboard)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import each other in a circle: split the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'surfaces-are-independent',
      severity: 'error',
      comment:
        'A sandbox surface (server-api, admin, pages, client-api, dashboard) imports another one: share through domain/, events/ or http/ instead.',
      from: { path: `${SRC}${SURFACES}/` },
      to: { path: `${SRC}${SURFACES}/`, pathNot: `${SRC}$1/` },
    },
    {
      name: 'domain-imports-nothing-above-it',
      severity: 'error',
      comment: 'The domain imports only the domain, the catalogue, generated code and the event bus.',
      from: { path: `${SRC}domain/` },
      to: { path: SRC, pathNot: `${SRC}(domain|catalogue|generated)/|${SRC}events/bus\\.ts$` },
    },
    {
      name: 'events-import-only-events',
      severity: 'error',
      comment: 'The bus, the log and webhook delivery know nothing of the domain or the surfaces.',
      from: { path: `${SRC}events/` },
      to: { path: SRC, pathNot: `${SRC}events/` },
    },
    {
      name: 'http-is-a-library',
      severity: 'error',
      comment:
        'http/ (server, bodies, responders, routing) serves the surfaces; it imports only itself and domain/errors.',
      from: { path: `${SRC}http/` },
      to: { path: SRC, pathNot: `${SRC}http/|${SRC}domain/errors\\.ts$` },
    },
    {
      name: 'catalogue-stands-alone',
      severity: 'error',
      comment: 'The catalogue imports only itself, domain/errors and generated code.',
      from: { path: `${SRC}catalogue/` },
      to: { path: SRC, pathNot: `${SRC}(catalogue|generated)/|${SRC}domain/errors\\.ts$` },
    },
    {
      name: 'surfaces-do-not-import-the-root',
      severity: 'error',
      comment: 'Surfaces get the context handed in; they never import the composition root or the public index.',
      from: { path: `${SRC}(${SURFACES.slice(1, -1)}|domain|events|http|catalogue)/` },
      to: { path: `${SRC}(app|index|state|options)\\.ts$|${SRC}cli/` },
    },
    {
      name: 'context-imports-no-surface',
      severity: 'error',
      comment: 'context.ts holds the per-instance state; surfaces depend on it, not the other way round.',
      from: { path: `${SRC}context\\.ts$` },
      to: { path: `${SRC}${SURFACES}/|${SRC}cli/` },
    },
    {
      name: 'cli-talks-http',
      severity: 'error',
      comment: 'The command line reaches a running sandbox over HTTP; it may only start one through app.ts/options.ts.',
      from: { path: `${SRC}cli/` },
      to: { path: SRC, pathNot: `${SRC}cli/|${SRC}(app|options|index)\\.ts$` },
    },
    {
      name: 'sdk-does-not-import-the-sandbox',
      severity: 'error',
      comment: 'connect-server-sdk ships alone: nothing of the sandbox in it.',
      from: { path: '^packages/sdk/src/' },
      to: { path: '^packages/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|artifacts|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
};
