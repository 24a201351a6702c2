import { SecretKeyNotAvailableError } from './errors.js';

/**
 * Where the webhooks helper finds the secret key for a key id (`X-GCS-KeyId`).
 *
 * Implement it over your own database or vault: resolve the secret, or throw
 * {@link SecretKeyNotAvailableError} when the key id is unknown. Any other error you throw
 * (a database outage, say) reaches the caller of `unmarshal` unchanged, so that you can
 * answer 5xx and let the platform redeliver.
 */
export interface SecretKeyStore {
  getSecretKey(keyId: string): Promise<string> | string;
}

function requireNonBlank(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${name} is required (a non-empty string)`);
  }
  return value;
}

/**
 * A secret key store in memory. Every instance has its own keys: two helpers built on two
 * stores never see each other's keys.
 */
export class InMemorySecretKeyStore implements SecretKeyStore {
  readonly #keys = new Map<string, string>();

  constructor(initial?: Iterable<readonly [string, string]> | Readonly<Record<string, string>>) {
    if (initial !== undefined) {
      const entries = Symbol.iterator in initial ? initial : Object.entries(initial);
      for (const [keyId, secretKey] of entries as Iterable<readonly [string, string]>) {
        this.storeSecretKey(keyId, secretKey);
      }
    }
  }

  /** Resolves the secret key, or rejects with {@link SecretKeyNotAvailableError}. */
  getSecretKey(keyId: string): Promise<string> {
    const secretKey = this.#keys.get(keyId);
    return secretKey === undefined ? Promise.reject(new SecretKeyNotAvailableError(keyId)) : Promise.resolve(secretKey);
  }

  /** Stores (or replaces) the secret key for a key id. Both must be non-blank strings. */
  storeSecretKey(keyId: string, secretKey: string): void {
    requireNonBlank(keyId, 'keyId');
    requireNonBlank(secretKey, 'secretKey');
    this.#keys.set(keyId, secretKey);
  }

  /** Removes the secret key for a key id; unknown key ids are ignored. */
  removeSecretKey(keyId: string): void {
    this.#keys.delete(keyId);
  }

  /** Removes every stored secret key. */
  clear(): void {
    this.#keys.clear();
  }

  /** The number of stored keys. */
  get size(): number {
    return this.#keys.size;
  }

  /** Never shows the secrets (for `console.log`, `util.inspect`, `JSON.stringify`). */
  toJSON(): { keyIds: string[] } {
    return { keyIds: [...this.#keys.keys()] };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `InMemorySecretKeyStore { keyIds: ${JSON.stringify([...this.#keys.keys()])} }`;
  }
}

/** A lookup function for {@link secretKeyStoreFromFunction}: a nullish result means "unknown key id". */
export type SecretKeyLookup = (keyId: string) => Promise<string | null | undefined> | string | null | undefined;

/**
 * Builds a {@link SecretKeyStore} from an (async) function, e.g. a database query.
 * A `null`, `undefined` or empty result becomes {@link SecretKeyNotAvailableError};
 * errors the function throws are passed on unchanged.
 */
export function secretKeyStoreFromFunction(lookup: SecretKeyLookup): SecretKeyStore {
  if (typeof lookup !== 'function') {
    throw new TypeError('secretKeyStoreFromFunction needs a function (keyId) => secret key');
  }
  return {
    async getSecretKey(keyId: string): Promise<string> {
      const secretKey = await lookup(keyId);
      if (secretKey === null || secretKey === undefined || secretKey === '') {
        throw new SecretKeyNotAvailableError(keyId);
      }
      if (typeof secretKey !== 'string') {
        throw new TypeError(`the secret key lookup for key id '${keyId}' did not return a string`);
      }
      return secretKey;
    },
  };
}
