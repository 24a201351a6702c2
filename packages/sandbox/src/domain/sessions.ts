/** Client sessions (sessions.create): what a browser uses to call the Client API for one merchant. */
import type { DomainCore } from './core.js';
import { invalidClientSession } from './errors.js';
import { digits, hex } from './ids.js';
import { isRecord } from './json.js';
import type { Session } from './model.js';
import type { Links } from './payments.js';
import type { Tokens } from './tokens.js';

export class Sessions {
  constructor(
    private readonly core: DomainCore,
    private readonly tokens: Tokens,
  ) {}

  create(merchantId: string, body: unknown): Session {
    const b = isRecord(body) ? body : {};
    const tokens = Array.isArray(b['tokens']) ? b['tokens'].filter((t): t is string => typeof t === 'string') : [];
    const now = this.core.now();
    const s: Session = {
      id: hex(16),
      merchantId,
      customerId: `${digits(merchantId, 4)}-${hex(16)}`,
      createdAt: now,
      expiresAt: now + this.core.options.sessionTtlMs,
      tokens,
      request: structuredClone(b),
    };
    this.core.stores.sessions.add(s);
    this.core.bus.emit(
      merchantId,
      'session.created',
      'session',
      { clientSessionId: s.id, customerId: s.customerId },
      false,
    );
    return s;
  }

  /** The sessions.create response body. */
  view(s: Session, links: Links): Record<string, unknown> {
    return {
      assetUrl: `${links.baseUrl}/client-assets/`,
      clientApiUrl: `${links.baseUrl}/client`,
      clientSessionId: s.id,
      customerId: s.customerId,
      invalidTokens: s.tokens.filter((t) => !this.tokens.owns(s.merchantId, t)),
      region: 'EU',
    };
  }

  /** The session with this id, whoever owns it (undefined when unknown; expired ones too). */
  lookup(id: string): Session | undefined {
    return this.core.stores.sessions.lookup(id);
  }

  /** A live session: 401 `9002`-style error when unknown or expired (what the Client API answers). */
  get(id: string): Session {
    const s = this.lookup(id);
    if (s === undefined || this.core.now() >= s.expiresAt) {
      throw invalidClientSession();
    }
    return s;
  }
}
