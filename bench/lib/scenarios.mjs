// What is measured: the clients of the create-payment scenarios, the webhook implementations, the
// servers of the sandbox scenario, and the four scenarios with their sizes; plus the selection made
// by --only / --clients / --targets / --sandbox-baseline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, SANDBOX_DIST } from './paths.mjs';
import { probeModule, probeOurs, probeOursClassic, probePrism, probeSandbox } from './probes.mjs';

/** Client definitions: adapter file in bench/clients, extra options, availability probe. */
export const CLIENTS = {
  limit: { adapter: 'limit', label: 'limit (raw undici)', probe: () => null },
  ours: { adapter: 'ours', label: 'ours, modern API', probe: () => probeOurs('Connect') },
  'ours-logging': {
    adapter: 'ours',
    label: 'ours, logging on',
    logging: true,
    probe: () => probeOurs('Connect'),
  },
  'ours-classic': { adapter: 'ours-classic', label: 'ours, classic API', probe: () => probeOursClassic() },
  // Diagnostic, only with --clients: the modern API with retries off (no generated idempotence key).
  'ours-noretry': {
    adapter: 'ours',
    label: 'ours, modern, maxRetries 0',
    noRetry: true,
    probe: () => probeOurs('Connect'),
  },
  // Only with --sdk-baseline: another build of our SDK, modern API, for before/after comparisons.
  'ours-baseline': {
    adapter: 'ours',
    label: 'ours, modern API, baseline build',
    baseline: true,
    probe: (args) => probeOurs('Connect', args.sdkBaseline),
  },
  official5: {
    adapter: 'official5',
    label: 'connect-sdk-nodejs 5.2.0',
    probe: () => probeModule('connect-sdk-nodejs-5'),
  },
  official4: {
    adapter: 'official4',
    label: 'connect-sdk-nodejs 4.18.0',
    probe: () => probeModule('connect-sdk-nodejs-4'),
  },
};

export const WEBHOOK_CLIENTS = {
  limit: { label: 'limit (createHmac+JSON.parse)', probe: () => null },
  ours: {
    label: 'ours, WebhooksHelper',
    probe: () => probeOurs('WebhooksHelper', undefined, 'InMemorySecretKeyStore'),
  },
  official5: { label: 'connect-sdk-nodejs 5.2.0 helper', probe: () => probeModule('connect-sdk-nodejs-5') },
};

/**
 * Servers of the sandbox scenario, all driven by the limit client (raw undici, 64 in flight):
 * the sandbox under test, its LIMIT (bare node:http answering the bytes the sandbox answers), its
 * PEER (Prism, the stateless mock of the same OpenAPI file), and optionally a baseline build.
 */
export const SANDBOX_TARGETS = {
  'http-limit': { label: 'limit (bare node:http, same bytes)', probe: () => null },
  sandbox: { label: 'connect-sandbox, this build', probe: () => probeSandbox(SANDBOX_DIST) },
  'sandbox-baseline': {
    label: 'connect-sandbox, baseline build',
    probe: (args) => probeSandbox(args.sandboxBaseline, `build it: npm ci && npm run build -w connect-sandbox`),
  },
  prism: { label: `Prism ${prismVersion()} mock (stateless)`, probe: () => probePrism() },
};

/** Targets the user may leave out with --targets; the other two always run. */
export const OPTIONAL_TARGETS = ['prism', 'sandbox-baseline'];

function prismVersion() {
  try {
    const pkg = JSON.parse(readFileSync(join(BENCH_DIR, 'peers/package.json'), 'utf8'));
    return pkg.dependencies['@stoplight/prism-cli'];
  } catch {
    return '';
  }
}

/** Label of client `c` in scenario `s`. */
export function labelOf(s, c) {
  const defs = s.kind === 'webhooks' ? WEBHOOK_CLIENTS : s.kind === 'sandbox' ? SANDBOX_TARGETS : CLIENTS;
  return defs[c]?.label ?? c;
}

/** Key of client `c` of scenario `s` in the run's `unavailable` record. */
export function availabilityKey(s, c) {
  return s.kind === 'webhooks' ? `wh:${c}` : s.kind === 'sandbox' ? `sandbox:${c}` : c;
}

export async function probe(s, c, args) {
  const defs = s.kind === 'webhooks' ? WEBHOOK_CLIENTS : s.kind === 'sandbox' ? SANDBOX_TARGETS : CLIENTS;
  return defs[c].probe(args);
}

/** The four scenarios at the given sizes. `reference` is the row every ratio is taken against. */
export function scenarios(sizes) {
  return [
    {
      id: 'create-seq',
      title: 'create payment, sequential',
      kind: 'api',
      concurrency: 1,
      calls: sizes.seq[0],
      warmup: sizes.seq[1],
      reference: 'limit',
      clients: ['limit', 'ours', 'ours-logging', 'ours-classic', 'official5', 'official4'],
    },
    {
      id: 'create-c64',
      title: 'create payment, 64 in flight',
      kind: 'api',
      concurrency: 64,
      calls: sizes.c64[0],
      warmup: sizes.c64[1],
      reference: 'limit',
      clients: ['limit', 'ours', 'ours-logging', 'ours-classic', 'official5', 'official4'],
    },
    {
      id: 'webhooks',
      title: 'webhook unmarshal (verify + parse a ~2 KB event)',
      kind: 'webhooks',
      calls: sizes.webhooks[0],
      warmup: sizes.webhooks[1],
      reference: 'limit',
      clients: ['limit', 'ours', 'official5'],
    },
    {
      id: 'sandbox',
      title: 'servers answering signed create-payment calls (limit client, 64 in flight)',
      kind: 'sandbox',
      concurrency: 64,
      calls: sizes.sandbox[0],
      warmup: sizes.sandbox[1],
      reference: 'http-limit',
      clients: ['http-limit', 'sandbox', 'sandbox-baseline', 'prism'],
    },
  ];
}

/** The scenarios and clients this run measures, or throws on an unknown name. */
export function select(all, args) {
  if (args.only) {
    const unknown = args.only.filter((id) => !all.some((s) => s.id === id));
    if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
  }
  if (args.clients) {
    const unknown = args.clients.filter((c) => !CLIENTS[c] && c !== 'limit');
    if (unknown.length) throw new Error(`unknown client(s): ${unknown.join(', ')}`);
  }
  if (args.targets) {
    const unknown = args.targets.filter((t) => !SANDBOX_TARGETS[t]);
    if (unknown.length) throw new Error(`unknown target(s): ${unknown.join(', ')}`);
  }
  const selected = all.filter((s) => !args.only || args.only.includes(s.id));
  for (const s of selected) {
    if (s.kind === 'sandbox') {
      s.clients = s.clients.filter((t) => {
        if (t === 'sandbox-baseline' && !args.sandboxBaseline) return false;
        return !OPTIONAL_TARGETS.includes(t) || !args.targets || args.targets.includes(t);
      });
    } else if (args.clients) {
      s.clients = s.clients.filter((c) => c === 'limit' || args.clients.includes(c));
      // Diagnostic clients run only when asked for, in the create-payment scenarios.
      if (s.kind === 'api') for (const c of args.clients) if (!s.clients.includes(c) && CLIENTS[c]) s.clients.push(c);
    }
    if (s.kind === 'api') {
      s.clients = s.clients.filter((c) => c !== 'ours-baseline');
      // Right after 'ours', so that the two builds sit side by side in the table.
      if (args.sdkBaseline) s.clients.splice(s.clients.indexOf('ours') + 1 || s.clients.length, 0, 'ours-baseline');
    }
  }
  return selected;
}
