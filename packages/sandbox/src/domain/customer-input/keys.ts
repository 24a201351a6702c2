/**
 * The sandbox's encryption key pair for the Client API: one RSA-2048 key per sandbox, made on first
 * use (key generation takes a noticeable fraction of a second, and most sandboxes never need one).
 * Browsers get the public half from `GET /client/v1/{customerId}/crypto/publickey`; the Server API
 * decrypts `encryptedCustomerInput` with the private half, found by the JWE header's `kid`.
 */
import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { importPKCS8 } from 'jose';

const generate = promisify(generateKeyPair);

/** What `crypto/publickey` answers: base64 (with padding) of the DER SubjectPublicKeyInfo, and its id. */
export interface PublicKeyResponse {
  readonly keyId: string;
  readonly publicKey: string;
}

/** The private key as WebCrypto holds it: imported once, since jose would convert a KeyObject on every call. */
export type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

interface KeyPair {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKey: PrivateKey;
}

export class KeyRing {
  private pair: Promise<KeyPair> | undefined;

  private current(): Promise<KeyPair> {
    this.pair ??= generate('rsa', { modulusLength: 2048 }).then(async ({ publicKey, privateKey }) => ({
      keyId: randomUUID(),
      // the Client SDK's ASN.1 reader wants bare DER in base64; a PEM string is rejected
      publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      privateKey: await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RSA-OAEP'),
    }));
    return this.pair;
  }

  /** The public key as the Client API serves it. */
  async publicKey(): Promise<PublicKeyResponse> {
    const { keyId, publicKey } = await this.current();
    return { keyId, publicKey };
  }

  /** The private key for a JWE `kid`, or undefined when this sandbox never issued that key id. */
  async privateKey(kid: string): Promise<PrivateKey | undefined> {
    if (this.pair === undefined) return undefined;
    const pair = await this.pair;
    return pair.keyId === kid ? pair.privateKey : undefined;
  }

  /** Makes the key now, so that the first browser does not wait for it (optional). */
  async warmUp(): Promise<void> {
    await this.current();
  }

  /** Keeps private material out of logs and util.inspect output. */
  toJSON(): Record<string, never> {
    return {};
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'KeyRing { [private key hidden] }';
  }
}
