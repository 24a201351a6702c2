/**
 * Errors raised while validating and parsing webhook deliveries.
 *
 * None of these messages ever contain a secret key or the received body; a received
 * signature value is never echoed either (it is derived from the secret).
 */

/** The API version this SDK understands; every event must carry it as `apiVersion`. */
export const SDK_API_VERSION = 'v1';

/**
 * The delivery cannot be trusted: a signature header is missing or repeated, or the
 * signature does not match the body. Answer the delivery with a 4xx and do not process it.
 */
export class SignatureValidationError extends Error {
  /** The header that was missing, repeated or did not match, when one is to blame. */
  readonly header: string | undefined;

  constructor(message: string, options?: { header?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SignatureValidationError';
    this.header = options?.header;
  }
}

/** No secret key is known for the key id the delivery names in `X-GCS-KeyId`. */
export class SecretKeyNotAvailableError extends SignatureValidationError {
  /** The key id that has no secret key (key ids are not secret). */
  readonly keyId: string;

  constructor(keyId: string, message?: string, options?: { cause?: unknown }) {
    super(message ?? `could not find secret key for key id ${keyId}`, {
      header: 'X-GCS-KeyId',
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'SecretKeyNotAvailableError';
    this.keyId = keyId;
  }
}

/** The event was signed correctly but was produced for another API version than `v1`. */
export class ApiVersionMismatchError extends Error {
  /** The `apiVersion` of the event (undefined when the event has none). */
  readonly eventApiVersion: string | undefined;
  /** The API version of this SDK: `v1`. */
  readonly sdkApiVersion: string;

  constructor(eventApiVersion: string | undefined, sdkApiVersion: string = SDK_API_VERSION) {
    super(
      `event API version ${eventApiVersion === undefined ? '(missing)' : eventApiVersion} is not compatible with SDK API version ${sdkApiVersion}`,
    );
    this.name = 'ApiVersionMismatchError';
    this.eventApiVersion = eventApiVersion;
    this.sdkApiVersion = sdkApiVersion;
  }
}

/**
 * The body was signed correctly but is not a JSON object (not JSON, not UTF-8, or JSON
 * that is not an object). Extends the native `SyntaxError`, as `JSON.parse` failures do.
 */
export class WebhookBodySyntaxError extends SyntaxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WebhookBodySyntaxError';
  }
}
