/**
 * Compiles every ```ts code block of every README and doc with `tsc --strict` (the repository's own compiler
 * options), so that a snippet that no longer matches the API fails CI.
 *
 *   npm run check:snippets             compile, print each error at its markdown line, exit 1 on errors
 *   npm run check:snippets -- --count  also count the non-null assertions (`x!`), casts (`as T`) and optional
 *                                      chains (`a?.b`) per file: what a reader has to write to get past the types
 *
 * Each block is its own module (top-level await allowed). Package names resolve to the workspace sources, so no
 * build is needed. Blocks are usually fragments: names they use without declaring (`m`, `webhooks`, `req`, ...) are
 * declared once in PRELUDE below; a block that declares such a name itself shadows the prelude's.
 * A block marked ```ts no-check is skipped (none is, today).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The markdown files whose snippets are compiled: READMEs and docs, never dependencies or build output. */
function markdownFiles(): string[] {
  const out: string[] = [];
  const skip = new Set(['node_modules', 'dist', '.git', 'artifacts', 'coverage']);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      if (skip.has(e) || e.startsWith('.')) continue;
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.md')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

interface Snippet {
  /** Markdown file, relative to the repository root. */
  source: string;
  /** 1-based line of the block's first code line in the markdown file. */
  line: number;
  code: string;
  /** Virtual .ts file name the block is compiled as. */
  file: string;
}

function extract(mdPath: string): Snippet[] {
  const lines = readFileSync(mdPath, 'utf8').split('\n');
  const source = relative(root, mdPath);
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)(\s+no-check)?\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const indent = open[1] ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] as string)) end++;
    if (!open[3]) {
      const code = lines
        .slice(start, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      const file = join(root, '.snippets', `${source.replace(/[^\w]+/g, '_')}_L${start + 1}.ts`);
      out.push({ source, line: start + 1, code: `${code}\nexport {};\n`, file });
    }
    i = end;
  }
  return out;
}

/** Names the docs use without declaring them: declared once here, typed as a reader would have them. */
const PRELUDE = `
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Connect,
  CreateHostedCheckoutRequest,
  CreatePaymentRequest,
  MerchantClient,
  TypedWebhooksEvent,
  WebhooksHelper,
} from 'connect-server-sdk';
declare global {
  const connect: Connect;
  const m: MerchantClient;
  const merchant: MerchantClient;
  const merchantId: string;
  const id: string;
  const paymentId: string;
  const disputeId: string;
  const fileId: string;
  const host: string;
  const apiKeyId: string;
  const secretApiKey: string;
  const integrator: string;
  const body: CreatePaymentRequest & CreateHostedCheckoutRequest;
  const buffer: Buffer;
  const webhooks: WebhooksHelper;
  const event: TypedWebhooksEvent;
  const rawBody: Buffer;
  const req: IncomingMessage;
  const res: ServerResponse & { redirect(url: string): void };
  const url: URL;
  const keyId: string;
  const secret: string;
  const storedReturnMac: string;
  function handle(event: TypedWebhooksEvent): Promise<void>;
  function markPaid(paymentId: string): Promise<void>;
  function readRawBody(req: IncomingMessage): Promise<Buffer>;
  function forbidden(): never;
}
export {};
`;

function compile(snippets: Snippet[]): ts.Diagnostic[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    // snippets show one thing each: an import or a variable they do not use is not an error
    noUnusedLocals: false,
    noUnusedParameters: false,
    baseUrl: root,
    paths: {
      'connect-server-sdk': ['packages/sdk/src/index.ts'],
      'connect-server-sdk/compat': ['packages/sdk/src/compat/index.ts'],
      'connect-sandbox': ['packages/sandbox/src/index.ts'],
    },
  };
  const virtual = new Map<string, string>(snippets.map((s) => [s.file, s.code]));
  const prelude = join(root, '.snippets', 'prelude.d.ts');
  virtual.set(prelude, PRELUDE);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const text = virtual.get(resolve(name));
    return text !== undefined
      ? ts.createSourceFile(name, text, lang, true)
      : getSourceFile(name, lang, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(resolve(name)) ?? readFile(name);
  const program = ts.createProgram([prelude, ...virtual.keys()], options, host);
  return [...ts.getPreEmitDiagnostics(program)];
}

/** Non-null assertions, casts (not `as const`) and optional chains in one snippet. */
function countWorkarounds(code: string): { nonNull: number; casts: number; optionalChains: number } {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
  let nonNull = 0;
  let casts = 0;
  let optionalChains = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isNonNullExpression(n)) nonNull++;
    if ((ts.isAsExpression(n) || ts.isTypeAssertionExpression(n)) && n.type.getText(sf) !== 'const') casts++;
    if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && n.questionDotToken) optionalChains++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { nonNull, casts, optionalChains };
}

const snippets = markdownFiles().flatMap(extract);
const diagnostics = compile(snippets);
const byFile = new Map(snippets.map((s) => [s.file, s]));
let errors = 0;
for (const d of diagnostics) {
  if (d.category !== ts.DiagnosticCategory.Error) continue;
  errors++;
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  const snippet = d.file ? byFile.get(resolve(d.file.fileName)) : undefined;
  if (d.file && snippet && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    console.error(`${snippet.source}:${snippet.line + line}:${character + 1}: TS${d.code}: ${message}`);
  } else {
    console.error(`${d.file ? relative(root, d.file.fileName) : '(options)'}: TS${d.code}: ${message}`);
  }
}

if (process.argv.includes('--count')) {
  const totals = new Map<string, { nonNull: number; casts: number; optionalChains: number }>();
  for (const s of snippets) {
    const c = countWorkarounds(s.code);
    const t = totals.get(s.source) ?? { nonNull: 0, casts: 0, optionalChains: 0 };
    totals.set(s.source, {
      nonNull: t.nonNull + c.nonNull,
      casts: t.casts + c.casts,
      optionalChains: t.optionalChains + c.optionalChains,
    });
  }
  for (const [source, t] of totals) {
    console.log(`${source}: ${t.nonNull} non-null assertions, ${t.casts} casts, ${t.optionalChains} optional chains`);
  }
}

const files = new Set(snippets.map((s) => s.source)).size;
if (errors > 0) {
  console.error(
    `\n${errors} type errors in the code snippets of the docs (${snippets.length} snippets, ${files} files)`,
  );
  process.exit(1);
}
console.log(`${snippets.length} code snippets in ${files} markdown files compile with tsc --strict`);
