/**
 * Encrypted customer input (the Client SDK flow): the sandbox's key pair, JWE decryption, the session
 * and replay checks, and the rewrite into a server-built request. Shared by the Client API (which serves
 * the public key) and the Server API (which decrypts); neither imports the other.
 */
import { SandboxError } from '../errors.js';
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

const IDS: Readonly<Record<CustomerInputProblem, string>> = {
  malformed: 'ENCRYPTED_CUSTOMER_INPUT_MALFORMED',
  unsupported: 'ENCRYPTED_CUSTOMER_INPUT_UNSUPPORTED_ALGORITHM',
  'unknown-key': 'ENCRYPTED_CUSTOMER_INPUT_UNKNOWN_KEY',
  tampered: 'ENCRYPTED_CUSTOMER_INPUT_TAMPERED',
  'invalid-payload': 'ENCRYPTED_CUSTOMER_INPUT_INVALID_PAYLOAD',
  'unknown-session': 'ENCRYPTED_CUSTOMER_INPUT_UNKNOWN_SESSION',
  'expired-session': 'ENCRYPTED_CUSTOMER_INPUT_SESSION_EXPIRED',
  'foreign-session': 'ENCRYPTED_CUSTOMER_INPUT_FOREIGN_SESSION',
  replayed: 'ENCRYPTED_CUSTOMER_INPUT_REPLAYED',
};

/** The platform-shaped 400 for a refused encrypted customer input (its message says which check failed). */
export function customerInputRefused(e: CustomerInputError): SandboxError {
  return new SandboxError(400, [
    {
      code: '21000020',
      id: IDS[e.problem],
      category: 'CONNECT_PLATFORM_ERROR',
      message: e.message,
      propertyName: 'encryptedCustomerInput',
    },
  ]);
}

/** Runs `f`, turning a CustomerInputError into its 400 (anything else passes through). */
export async function refusingBadInput<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof CustomerInputError ? customerInputRefused(e) : e;
  }
}
