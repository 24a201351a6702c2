/**
 * The CLI's only way to a running sandbox: its admin API over HTTP (JSON in, JSON out). The CLI never
 * imports the server's code for listen, trigger, events and payments: what works here works against
 * a sandbox in another process, container or machine.
 */
import { CliError, EXIT } from './output.js';

export const DEFAULT_SANDBOX_URL = process.env['CONNECT_SANDBOX_URL'] ?? 'http://127.0.0.1:4010';

export class AdminClient {
  readonly base: string;

  constructor(sandboxUrl: string) {
    let u: URL;
    try {
      u = new URL(sandboxUrl);
    } catch {
      throw new CliError(`--sandbox must be a URL such as http://127.0.0.1:4010, got "${sandboxUrl}"`, EXIT.usage);
    }
    this.base = u.origin;
  }

  /** Calls `/_sandbox/<path>`; answers the parsed JSON; throws a CliError naming the problem. */
  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/_sandbox/${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      throw new CliError(
        `cannot reach the sandbox at ${this.base} (${why}); start one with \`connect-sandbox start\` or pass --sandbox URL`,
      );
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new CliError(
        `${this.base} answered ${res.status} with something that is not JSON: is it a connect-sandbox?`,
      );
    }
    if (!res.ok) {
      const first = (parsed as { errors?: { message?: string }[] } | undefined)?.errors?.[0]?.message;
      throw new CliError(
        `the sandbox refused ${method} /_sandbox/${path}: ${first ?? `HTTP ${res.status}`}`,
        res.status === 400 ? EXIT.usage : EXIT.failed,
      );
    }
    return parsed as T;
  }
}
