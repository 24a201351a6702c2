/** One customer request as the pages see it, and what every page handler gets (the domain port, the tokens). */
import type { PagesPort } from './port.js';
import type { PageTokens } from './tokens.js';

export interface PagesEnv {
  readonly port: PagesPort;
  readonly tokens: PageTokens;
}

export interface PageRequest {
  readonly method: string;
  /** decoded path segments: `/hostedcheckout/abc/method/cards` -> ['hostedcheckout', 'abc', 'method', 'cards'] */
  readonly segments: readonly string[];
  /** the form of a POST (application/x-www-form-urlencoded) */
  readonly form: URLSearchParams;
  /** the base URL the customer reached the sandbox at (for links the domain builds) */
  readonly baseUrl: string;
  /** false when the browser says the POST comes from another site */
  readonly sameSite: boolean;
}

/** A POST carries an unused token of `scope` and does not come from another site. */
export function authentic(env: PagesEnv, req: PageRequest, scope: string): boolean {
  return req.sameSite && env.tokens.consume(scope, req.form.get('token'));
}
