/** The SDK version, sent in `X-GCS-ServerMetaInfo` (kept in step with package.json by a test). */
export const SDK_VERSION = '0.1.0';
