/**
 * Encrypted customer input (the Client SDK flow): the sandbox's key pair, JWE decryption, the session
 * and replay checks, and the rewrite into a server-built request. Shared by the Client API (which serves
 * the public key) and the Server API (which decrypts); neither imports the other.
 */
import { encryptedInputRefused, type SandboxError } from '../errors.js';
import { CustomerInputError, type CustomerInputProblem } from './decrypt.js';

export { acceptCustomerInput, type ClientSessionRecord, UsedNonces } from './accept.js';
export { type CustomerInput, CustomerInputError, type CustomerInputProblem, decryptCustomerInput } from './decrypt.js';
export {
  type ClientSessionDetails,
  type CustomerInputToEncrypt,
  clientApiBase,
  customerInputJson,
  type EncryptOptions,
  encryptCustomerInput,
  fetchPublicKey,
} from './encrypt.js';
export { KeyRing, type PublicKeyResponse } from './keys.js';
export { paymentRequestFrom, tokenOfAccountOnFile, tokenRequestFrom } from './to-request.js';

const REASONS: Readonly<Record<CustomerInputProblem, string>> = {
  malformed: 'MALFORMED',
  unsupported: 'UNSUPPORTED_ALGORITHM',
  'unknown-key': 'UNKNOWN_KEY',
  tampered: 'TAMPERED',
  'invalid-payload': 'INVALID_PAYLOAD',
  'unknown-session': 'UNKNOWN_SESSION',
  'expired-session': 'SESSION_EXPIRED',
  'foreign-session': 'FOREIGN_SESSION',
  replayed: 'REPLAYED',
};

/** The platform-shaped 400 for a refused encrypted customer input (its message says which check failed). */
export function customerInputRefused(e: CustomerInputError): SandboxError {
  return encryptedInputRefused(REASONS[e.problem], e.message);
}

/** Runs `f`, turning a CustomerInputError into its 400 (anything else passes through). */
export async function refusingBadInput<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof CustomerInputError ? customerInputRefused(e) : e;
  }
}
