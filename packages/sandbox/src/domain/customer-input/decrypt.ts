/**
 * Decrypts `encryptedCustomerInput`: the compact JWE (RSA-OAEP + A256CBC-HS512) that the platform's
 * browser Client SDK makes from what the customer typed. jose does the cryptography; this module
 * decides what each failure means, decodes the plaintext the way the Client SDK encodes it, and checks
 * the payload's shape. No message ever repeats the plaintext.
 */
import { compactDecrypt, errors } from 'jose';
import type { KeyRing } from './keys.js';

/** The decrypted payload, as the Client SDK 6.x builds it (keys in this order). */
export interface CustomerInput {
  readonly clientSessionId: string;
  /** 32 lowercase hex characters, new for every encryption */
  readonly nonce: string;
  readonly tokenize: boolean;
  readonly collectedDeviceInformation?: DeviceInformation;
  readonly paymentProductId: number;
  /** unmasked field values, in the order the page set them */
  readonly paymentValues: readonly { readonly key: string; readonly value: string }[];
  readonly accountOnFileId?: number;
}

export interface DeviceInformation {
  readonly timezoneOffsetUtcMinutes?: number;
  readonly locale?: string;
  readonly browserData?: Readonly<Record<string, unknown>>;
}

/** Why an encrypted customer input was refused; each maps to its own error id. */
export type CustomerInputProblem =
  | 'malformed'
  | 'unsupported'
  | 'unknown-key'
  | 'tampered'
  | 'invalid-payload'
  | 'unknown-session'
  | 'expired-session'
  | 'foreign-session'
  | 'replayed';

export class CustomerInputError extends Error {
  constructor(
    readonly problem: CustomerInputProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CustomerInputError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;
const ALG = 'RSA-OAEP';
const ENC = 'A256CBC-HS512';

function header(jwe: string): { alg?: unknown; enc?: unknown; kid?: unknown } {
  const parts = jwe.split('.');
  if (parts.length !== 5 || !parts.every((p) => SEGMENT.test(p)) || parts.some((p, i) => p === '' && i !== 1)) {
    throw new CustomerInputError(
      'malformed',
      'encryptedCustomerInput is not a compact JWE (five base64url parts separated by dots)',
    );
  }
  try {
    const h: unknown = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8'));
    if (typeof h === 'object' && h !== null && !Array.isArray(h)) return h;
  } catch {
    // reported below
  }
  throw new CustomerInputError('malformed', 'encryptedCustomerInput has a JWE header that is not a JSON object');
}

/**
 * Decrypts and parses an encrypted customer input, or throws `CustomerInputError` saying what is
 * wrong with it (malformed, unsupported algorithm, unknown key, tampered, invalid payload).
 */
export async function decryptCustomerInput(jwe: string, keys: KeyRing): Promise<CustomerInput> {
  const h = header(jwe);
  if (h.alg !== ALG || h.enc !== ENC) {
    throw new CustomerInputError(
      'unsupported',
      `encryptedCustomerInput must use alg ${ALG} and enc ${ENC} (got ${String(h.alg).slice(0, 20)} / ${String(h.enc).slice(0, 20)})`,
    );
  }
  if (typeof h.kid !== 'string') {
    throw new CustomerInputError('malformed', 'encryptedCustomerInput has no kid (key id) in its JWE header');
  }
  const key = await keys.privateKey(h.kid);
  if (key === undefined) {
    throw new CustomerInputError(
      'unknown-key',
      "encryptedCustomerInput was encrypted with a key this sandbox did not issue (another sandbox or platform?): get the public key from this sandbox's crypto/publickey",
    );
  }
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC],
    }));
  } catch (e) {
    if (e instanceof errors.JWEDecryptionFailed) {
      throw new CustomerInputError(
        'tampered',
        'encryptedCustomerInput failed its integrity check: it was changed after encryption',
      );
    }
    throw new CustomerInputError('malformed', 'encryptedCustomerInput is not a valid JWE');
  }
  return parsePayload(plaintext);
}

/**
 * The Client SDK hands its JSON string to node-forge as a "binary" string, so every UTF-16 code unit
 * becomes one byte: é and ü arrive as Latin-1 bytes, not UTF-8. Decoding as latin1 restores them.
 */
function parsePayload(plaintext: Uint8Array): CustomerInput {
  const bad = (what: string) => new CustomerInputError('invalid-payload', `encryptedCustomerInput ${what}`);
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(plaintext).toString('latin1'));
  } catch {
    throw bad('decrypts to something that is not JSON');
  }
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad('decrypts to something that is not an object');
  const o = p as Record<string, unknown>;
  if (typeof o['clientSessionId'] !== 'string' || o['clientSessionId'] === '') throw bad('has no clientSessionId');
  if (typeof o['nonce'] !== 'string' || o['nonce'] === '') throw bad('has no nonce');
  if (!Number.isInteger(o['paymentProductId'])) throw bad('has no paymentProductId');
  const values = o['paymentValues'] ?? [];
  if (
    !Array.isArray(values) ||
    !values.every(
      (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as { key?: unknown }).key === 'string' &&
        typeof (v as { value?: unknown }).value === 'string',
    )
  ) {
    throw bad('has paymentValues that are not a list of {key, value} strings');
  }
  if (o['tokenize'] !== undefined && typeof o['tokenize'] !== 'boolean') throw bad('has a tokenize that is no boolean');
  if (o['accountOnFileId'] !== undefined && !Number.isInteger(o['accountOnFileId'])) {
    throw bad('has an accountOnFileId that is no integer');
  }
  const device = o['collectedDeviceInformation'];
  return {
    clientSessionId: o['clientSessionId'],
    nonce: o['nonce'],
    tokenize: o['tokenize'] === true,
    ...(typeof device === 'object' && device !== null
      ? { collectedDeviceInformation: device as DeviceInformation }
      : {}),
    paymentProductId: o['paymentProductId'] as number,
    paymentValues: (values as { key: string; value: string }[]).map(({ key, value }) => ({ key, value })),
    ...(o['accountOnFileId'] !== undefined ? { accountOnFileId: o['accountOnFileId'] as number } : {}),
  };
}
