/**
 * The pages' one escaping helper and the rule for where a customer may be sent: every merchant- or
 * customer-supplied string goes through `esc` before it reaches HTML, and only http(s) return URLs are followed.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and (double- or single-quoted) attribute values. */
export function esc(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The URL a customer may be redirected to or offered as a link: absolute http or https only, so that a
 * `javascript:`, `data:` or custom-scheme `returnUrl` can never run in (or leave from) the sandbox's pages.
 * Returns the normalised href (non-ASCII percent-encoded, safe in a `Location` header) or undefined.
 */
export function followableUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href;
}
