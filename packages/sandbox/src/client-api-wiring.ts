/**
 * Connects the Client API surface and the encrypted-customer-input checks to today's single server
 * (until the sandbox is split into surfaces over one domain, where this becomes the surface's mount).
 */
import type { ClientApiDeps } from './client-api/index.js';
import type { Clock } from './clock.js';
import {
  acceptCustomerInput,
  type KeyRing,
  paymentRequestFrom,
  refusingBadInput,
  tokenRequestFrom,
  type UsedNonces,
} from './customer-input/index.js';
import type { Platform } from './state/platform.js';

interface Parts {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly encryptionKey: KeyRing;
  readonly nonces: UsedNonces;
}

export function clientApiDeps(s: Parts): ClientApiDeps {
  return {
    now: () => s.clock.now(),
    session: (id) => s.platform.sessions.get(id),
    token: (id) => s.platform.tokens.get(id),
    payment: (id) => s.platform.payments.get(id),
    publicKey: () => s.encryptionKey.publicKey(),
  };
}

/**
 * For payments.create and tokens.create with an `encryptedCustomerInput`: the equivalent server-built
 * body (or a 400 saying why the input was refused). Other calls and bodies are returned unchanged.
 */
export async function openEncryptedInput(s: Parts, opId: string, merchantId: string, body: unknown): Promise<unknown> {
  if (opId !== 'payments.create' && opId !== 'tokens.create') return body;
  if (typeof body !== 'object' || body === null) return body;
  const b = body as Record<string, unknown>;
  const jwe = b['encryptedCustomerInput'];
  if (typeof jwe !== 'string') return body;
  const { input, session } = await refusingBadInput(() =>
    acceptCustomerInput(jwe, {
      keys: s.encryptionKey,
      nonces: s.nonces,
      session: (id) => s.platform.sessions.get(id),
      merchantId,
      now: s.clock.now(),
    }),
  );
  return opId === 'payments.create' ? paymentRequestFrom(b, input, session) : tokenRequestFrom(b, input);
}
