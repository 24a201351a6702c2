import {
  ApiVersionMismatchError,
  SDK_API_VERSION,
  SignatureValidationError,
  WebhookBodySyntaxError,
} from './errors.js';
import type { TypedWebhooksEvent } from './events.js';
import type { SecretKeyStore } from './secret-key-store.js';
import {
  bodyBytes,
  computeWebhookSignatureAsync,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signatureEquals,
  singleHeader,
  type WebhookBody,
  type WebhookHeaders,
} from './signature.js';

export interface WebhooksHelperOptions {
  /** Where secret keys are found by key id: an {@link InMemorySecretKeyStore}, or your own. */
  secretKeyStore: SecretKeyStore;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Validates webhook deliveries (signature over the exact body bytes, in constant time)
 * and turns them into typed events.
 *
 * ```ts
 * const keys = new InMemorySecretKeyStore();
 * keys.storeSecretKey(keyId, secretKey);
 * const webhooks = new WebhooksHelper({ secretKeyStore: keys });
 * const event = await webhooks.unmarshal(rawBody, req.headers);
 * ```
 */
export class WebhooksHelper {
  readonly #store: SecretKeyStore;

  constructor(options: WebhooksHelperOptions) {
    const store = options?.secretKeyStore;
    if (store === null || typeof store !== 'object' || typeof store.getSecretKey !== 'function') {
      throw new TypeError('WebhooksHelper needs { secretKeyStore } with a getSecretKey(keyId) method');
    }
    this.#store = store;
  }

  /**
   * Checks `X-GCS-Signature` against the body, using the secret of `X-GCS-KeyId`.
   * Rejects with {@link SignatureValidationError} (or its subclass
   * {@link SecretKeyNotAvailableError}); resolves when the body is authentic.
   */
  async validate(body: WebhookBody, headers: WebhookHeaders): Promise<void> {
    const bytes = bodyBytes(body);
    const signature = singleHeader(headers, SIGNATURE_HEADER, true);
    const keyId = singleHeader(headers, KEY_ID_HEADER);
    const secretKey = await this.#store.getSecretKey(keyId);
    if (typeof secretKey !== 'string' || secretKey === '') {
      throw new TypeError(`the secret key store returned no usable secret key for key id '${keyId}'`);
    }
    const expected = await computeWebhookSignatureAsync(bytes, secretKey);
    if (!signatureEquals(signature, expected)) {
      throw new SignatureValidationError(
        `failed to validate signature: the '${SIGNATURE_HEADER}' header does not match the body signed with the secret key of key id ${keyId}`,
        { header: SIGNATURE_HEADER },
      );
    }
  }

  /**
   * Validates the delivery, then parses it: resolves the typed event; rejects with
   * {@link SignatureValidationError}, {@link SecretKeyNotAvailableError},
   * {@link WebhookBodySyntaxError} (signed, but not a JSON object) or
   * {@link ApiVersionMismatchError} (not a `v1` event).
   */
  async unmarshal(body: WebhookBody, headers: WebhookHeaders): Promise<TypedWebhooksEvent> {
    await this.validate(body, headers);
    return parseWebhooksEvent(body);
  }
}

/**
 * Parses a body that is already known to be authentic. Exported for callers that verified the
 * signature elsewhere; prefer {@link WebhooksHelper.unmarshal}.
 */
export function parseWebhooksEvent(body: WebhookBody): TypedWebhooksEvent {
  let text: string;
  try {
    text = utf8.decode(bodyBytes(body));
  } catch (cause) {
    throw new WebhookBodySyntaxError('the webhook body is not valid UTF-8 text', { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new WebhookBodySyntaxError(
      `the webhook body is not valid JSON (${text.length} characters received; the body is not shown)`,
      { cause },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WebhookBodySyntaxError(
      `the webhook body is JSON but not an object (got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed})`,
    );
  }
  const apiVersion = (parsed as { apiVersion?: unknown }).apiVersion;
  if (apiVersion !== SDK_API_VERSION) {
    throw new ApiVersionMismatchError(apiVersion === undefined ? undefined : String(apiVersion));
  }
  return parsed as TypedWebhooksEvent;
}
