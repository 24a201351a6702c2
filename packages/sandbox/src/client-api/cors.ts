/**
 * CORS for the Client API. The Client SDK runs on the merchant's page, usually another origin than the
 * platform, and every call it makes is non-simple (Authorization, X-GCS-ClientMetaInfo and a JSON
 * Content-Type, even on GET), so the browser preflights each one. It sends no cookies, so `*` is enough.
 */

/** Headers on every Client API answer, errors included (a blocked error reads as "Failed to fetch"). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Type',
};

/**
 * The preflight answer. `Authorization` is listed by name: the Fetch standard does not let the `*`
 * wildcard cover it, even where Chromium is lenient.
 */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, X-GCS-ClientMetaInfo, Content-Type, Accept',
  'Access-Control-Max-Age': '600',
};
