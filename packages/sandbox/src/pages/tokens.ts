/**
 * Per-page tokens against cross-site request forgery: every page with a form gets a fresh random token bound
 * to what the form may change (`scope`, e.g. `hc:<checkoutId>`); a POST must bring back an unused token of
 * the same scope, which it uses up. So no state changes without the page having been shown, a form cannot be
 * submitted twice, and another site cannot post to the pages (the browser's `Sec-Fetch-Site` is checked too).
 */
import { randomBytes } from 'node:crypto';

const TTL_MS = 2 * 3600_000;
const MAX_TOKENS = 20_000;

export class PageTokens {
  private readonly tokens = new Map<string, { scope: string; expires: number }>();

  issue(scope: string): string {
    const token = randomBytes(18).toString('base64url');
    if (this.tokens.size >= MAX_TOKENS) {
      // the oldest token goes first (Map keeps insertion order)
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.set(token, { scope, expires: Date.now() + TTL_MS });
    return token;
  }

  /** True (and the token is used up) when `token` was issued for `scope` and has not expired or been used. */
  consume(scope: string, token: string | null): boolean {
    if (token === null) return false;
    const entry = this.tokens.get(token);
    if (!entry || entry.scope !== scope) return false;
    this.tokens.delete(token);
    return entry.expires > Date.now();
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** False for a POST a browser marks as coming from another site (older browsers send no header: allowed). */
export function sameSite(secFetchSite: string | string[] | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none';
}
