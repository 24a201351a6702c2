/**
 * Accepting an encrypted customer input on the Server API: decrypt it, then check that the client
 * session inside belongs to the calling merchant and is still alive, and that its nonce was never
 * used before (each encrypted blob pays once).
 */
import { type CustomerInput, CustomerInputError, decryptCustomerInput } from './decrypt.js';
import type { KeyRing } from './keys.js';

/** What the check needs to know about a client session (from sessions.create). */
export interface ClientSessionRecord {
  readonly id: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly expiresAt: number;
  /** token ids the merchant passed to sessions.create; the Client API numbers them 1, 2, ... as accounts on file */
  readonly tokens: readonly string[];
}

/** Nonces of accepted inputs, remembered as long as their session could still be used. */
export class UsedNonces {
  private readonly seen = new Map<string, number>();

  /** Records `nonce` until `until`; false when it was already recorded. */
  claim(nonce: string, until: number, now: number): boolean {
    const prev = this.seen.get(nonce);
    if (prev !== undefined && prev > now) return false;
    this.seen.set(nonce, until);
    if (this.seen.size > 100_000) this.sweep(now);
    return true;
  }

  sweep(now: number): void {
    for (const [n, until] of this.seen) if (until <= now) this.seen.delete(n);
  }

  clear(): void {
    this.seen.clear();
  }
}

export interface AcceptContext {
  readonly keys: KeyRing;
  readonly nonces: UsedNonces;
  readonly session: (clientSessionId: string) => ClientSessionRecord | undefined;
  readonly merchantId: string;
  readonly now: number;
}

export interface AcceptedInput {
  readonly input: CustomerInput;
  readonly session: ClientSessionRecord;
}

/** Decrypts and checks an encrypted customer input, or throws `CustomerInputError` saying which check failed. */
export async function acceptCustomerInput(jwe: string, ctx: AcceptContext): Promise<AcceptedInput> {
  const input = await decryptCustomerInput(jwe, ctx.keys);
  const session = ctx.session(input.clientSessionId);
  if (session === undefined) {
    throw new CustomerInputError(
      'unknown-session',
      'encryptedCustomerInput names a client session this sandbox does not know',
    );
  }
  if (session.merchantId !== ctx.merchantId) {
    throw new CustomerInputError(
      'foreign-session',
      'encryptedCustomerInput was made in a client session of another merchant',
    );
  }
  if (session.expiresAt <= ctx.now) {
    throw new CustomerInputError(
      'expired-session',
      `encryptedCustomerInput was made in a client session that expired at ${new Date(session.expiresAt).toISOString()}: create a new session`,
    );
  }
  if (!ctx.nonces.claim(`${session.id}\n${input.nonce}`, session.expiresAt, ctx.now)) {
    throw new CustomerInputError(
      'replayed',
      'encryptedCustomerInput was already used: the browser must encrypt again for every payment',
    );
  }
  return { input, session };
}
