/**
 * `connect-sandbox trigger <event-type>`: asks a running sandbox to produce that event the way it
 * happens (creating and moving real payments, refunds, payouts, tokens, disputes) and prints what it
 * created; `trigger --list` prints every event type with how it is produced.
 */
import { AdminClient } from './admin-client.js';
import { CliError, colourFor, EXIT, painter, withSpinner } from './output.js';

export interface TriggerOptions {
  list?: boolean;
  merchant?: string;
  sandbox: string;
  json?: boolean;
}

interface TriggerResult {
  type: string;
  merchantId: string;
  resources: { kind: string; id: string; status: string }[];
}

export async function trigger(types: string[], o: TriggerOptions): Promise<void> {
  const client = new AdminClient(o.sandbox);
  const out = (s: string) => process.stdout.write(s);
  const paint = painter(!o.json && colourFor(process.stdout));
  if (o.list) {
    const { types: all } = await client.call<{ types: { type: string; how: string }[] }>('GET', 'trigger');
    if (o.json) out(`${JSON.stringify(all)}\n`);
    else for (const t of all) out(`${paint('bold', t.type.padEnd(34))}${t.how}\n`);
    return;
  }
  if (types.length === 0)
    throw new CliError('name an event type (connect-sandbox trigger --list shows them)', EXIT.usage);
  const results: TriggerResult[] = [];
  for (const type of types) {
    const body: Record<string, string> = { type };
    if (o.merchant !== undefined) body['merchantId'] = o.merchant;
    const r = await withSpinner(`triggering ${type}`, () => client.call<TriggerResult>('POST', 'trigger', body));
    results.push(r);
    if (o.json) continue;
    out(`Triggered ${paint('bold', r.type)} for merchant ${r.merchantId}:\n`);
    for (const x of r.resources) out(`  ${x.kind.padEnd(8)} ${x.id}  ${paint('cyan', x.status)}\n`);
  }
  if (o.json) out(`${JSON.stringify(results.length === 1 ? results[0] : results)}\n`);
}
