/**
 * Encrypted customer input (the Client SDK flow): the sandbox's key pair, and turning an
 * `encryptedCustomerInput` into the request a merchant would have built on its server, after the
 * checks (decryption, session of this merchant and alive, nonce never used). Each accepted input
 * emits `encryptedinput.accepted` (no webhook; nothing of the customer's data in it).
 */
import type { DomainCore } from './core.js';
import {
  acceptCustomerInput,
  KeyRing,
  type PublicKeyResponse,
  paymentRequestFrom,
  refusingBadInput,
  tokenRequestFrom,
  UsedNonces,
} from './customer-input/index.js';
import type { Sessions } from './sessions.js';

type Json = Record<string, unknown>;

export class EncryptedInputs {
  /** one RSA-2048 key per sandbox, made on first use */
  readonly keys = new KeyRing();
  private readonly nonces = new UsedNonces();

  constructor(
    private readonly core: DomainCore,
    private readonly sessions: Sessions,
  ) {}

  /** What the Client API serves at crypto/publickey. */
  publicKey(): Promise<PublicKeyResponse> {
    return this.keys.publicKey();
  }

  /**
   * For payments.create and tokens.create: the body with its `encryptedCustomerInput` opened into the
   * equivalent server-built input (or a 400 saying why it was refused). Bodies without one come back unchanged.
   */
  async open(operation: 'payments.create' | 'tokens.create', merchantId: string, body: unknown): Promise<unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
    const b = body as Json;
    const jwe = b['encryptedCustomerInput'];
    if (typeof jwe !== 'string') return body;
    const { input, session } = await refusingBadInput(() =>
      acceptCustomerInput(jwe, {
        keys: this.keys,
        nonces: this.nonces,
        session: (id) => this.sessions.lookup(id),
        merchantId,
        now: this.core.now(),
      }),
    );
    const opened = operation === 'payments.create' ? paymentRequestFrom(b, input, session) : tokenRequestFrom(b, input);
    this.core.bus.emit(
      merchantId,
      'encryptedinput.accepted',
      'encryptedInput',
      { clientSessionId: session.id, paymentProductId: input.paymentProductId, operation },
      false,
    );
    return opened;
  }

  /** Forgets used nonces (the key stays: pages already loaded keep working). */
  clear(): void {
    this.nonces.clear();
  }
}
