/**
 * Obfuscation of logged headers and JSON bodies: the platform SDKs' default rules (listed in docs/logging.md) plus
 * custom rules. A rule maps a (non-empty) value to its masked form.
 */

/** Masks one value. Receives the value as a string (numbers and booleans are stringified first). */
export type ObfuscationRule = (value: string) => string;

/** Factories for the usual rules. */
export const obfuscate = {
  /** Every character becomes `*`. */
  all(): ObfuscationRule {
    return (v) => '*'.repeat(v.length);
  },
  /** Always exactly `n` stars, whatever the value's length. */
  withFixedLength(n: number): ObfuscationRule {
    const stars = '*'.repeat(n);
    return () => stars;
  },
  /** Keep the first `n` characters; values not longer than `n` are left as they are (platform rule). */
  allButFirst(n: number): ObfuscationRule {
    return (v) => (v.length <= n ? v : v.slice(0, n) + '*'.repeat(v.length - n));
  },
  /** Keep the last `n` characters; values not longer than `n` are left as they are (platform rule). */
  allButLast(n: number): ObfuscationRule {
    return (v) => (v.length <= n ? v : '*'.repeat(v.length - n) + v.slice(v.length - n));
  },
} as const;

/** Bodies are masked to this depth; deeper values are replaced by TOO_DEEP (the platform's bodies are far shallower). */
const MAX_DEPTH = 100;
const TOO_DEEP = '[nested too deep to show]';

/** Default body property rules (names match exactly, at any depth). */
export function defaultBodyRules(): Record<string, ObfuscationRule> {
  const fixed8 = obfuscate.withFixedLength(8);
  return {
    cardNumber: obfuscate.allButLast(4),
    expiryDate: obfuscate.allButLast(2),
    cvv: obfuscate.all(),
    iban: obfuscate.allButLast(4),
    accountNumber: obfuscate.allButLast(4),
    reformattedAccountNumber: obfuscate.allButLast(4),
    bin: obfuscate.allButFirst(6),
    value: obfuscate.all(),
    keyId: fixed8,
    secretKey: fixed8,
    publicKey: fixed8,
    userAuthenticationToken: fixed8,
    encryptedPayload: fixed8,
    decryptedPayload: fixed8,
    encryptedCustomerInput: fixed8,
  };
}

/** Default header rules (names match case-insensitively; keys here are lower-case). */
export function defaultHeaderRules(): Record<string, ObfuscationRule> {
  const fixed8 = obfuscate.withFixedLength(8);
  return {
    authorization: fixed8,
    'www-authenticate': fixed8,
    'proxy-authenticate': fixed8,
    'proxy-authorization': fixed8,
    'x-gcs-authentication-token': fixed8,
    'x-gcs-callerpassword': fixed8,
  };
}

/**
 * Applies body and header rules. Custom rules (one map, as in the platform's Node SDK) override or extend the
 * defaults: a name is used as a body property name (case-sensitive) and as a header name (case-insensitive).
 */
export class Obfuscator {
  private readonly bodyRules: Map<string, ObfuscationRule>;
  private readonly headerRules: Map<string, ObfuscationRule>;
  private readonly textPattern: RegExp;
  private readonly elementPattern: RegExp;
  private readonly assignmentPattern: RegExp;

  constructor(custom?: Readonly<Record<string, ObfuscationRule>>) {
    this.bodyRules = new Map(Object.entries(defaultBodyRules()));
    this.headerRules = new Map(Object.entries(defaultHeaderRules()));
    if (custom) {
      for (const [name, rule] of Object.entries(custom)) {
        this.bodyRules.set(name, rule);
        this.headerRules.set(name.toLowerCase(), rule);
      }
    }
    const names = [...this.bodyRules.keys()].map(escapeRegExp).join('|');
    // For bodies that are not valid JSON: a quoted rule name, ':', then a quoted string or a bare token. The quotes
    // may be backslash-escaped (JSON kept as a string inside JSON or text: a server echoing the request), so a
    // quote is any run of backslashes and a quote character, and the value ends at the same run.
    this.textPattern = new RegExp(
      `(\\\\*["'])(${names})\\1(\\s*:\\s*)(?:(\\\\*["'])(.*?)\\4|([^\\s,{}\\[\\]"'\\\\]+))`,
      'g',
    );
    // XML/HTML: <cardNumber>...</cardNumber>, with an optional namespace prefix and attributes
    this.elementPattern = new RegExp(`(<(?:[\\w.-]+:)?(${names})(?:\\s[^>]*)?>)([^<]*)(</(?:[\\w.-]+:)?\\2\\s*>)`, 'g');
    // forms and attributes: cardNumber=..., cvv="..."
    this.assignmentPattern = new RegExp(`(?<![\\w-])(${names})(\\s*=\\s*)(?:"([^"]*)"|'([^']*)'|([^&\\s"'<>]+))`, 'g');
  }

  /** The masked value of one header (unchanged when no rule applies). */
  header(name: string, value: string): string {
    const rule = this.headerRules.get(name.toLowerCase());
    return rule && value !== '' ? rule(value) : value;
  }

  /** Masked copy of a header record. */
  headers(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = typeof raw === 'string' ? raw : raw.join(', ');
      out[name] = this.header(name, value);
    }
    return out;
  }

  /**
   * Masked copy of a parsed JSON value (the input is not modified). Under a property with a rule, every value
   * is masked with that rule, however deep (`cardNumber: ['4111...']`, `cardNumber: { number: ... }`); anywhere
   * else a string is searched for card numbers, and for `"name": value` pairs when it looks like a body itself.
   */
  value(input: unknown, inherited?: ObfuscationRule, depth = 0): unknown {
    // a hostile body nested 100,000 deep would overflow the stack: what lies past this depth is not shown at all
    if (depth > MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(input)) return input.map((v) => this.value(v, inherited, depth + 1));
    if (input === null || input === undefined) return input;
    if (typeof input !== 'object') {
      if (inherited) {
        const s = String(input);
        return s === '' ? s : inherited(s);
      }
      // a string may itself hold a body (a server echoing the request as text or as JSON in a string)
      if (typeof input !== 'string') return input;
      return /["'=<]/.test(input) ? this.maskText(input) : maskCardNumbers(input);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      out[k] = this.value(v, this.bodyRules.get(k) ?? inherited, depth + 1);
    }
    return out;
  }

  /**
   * Masks a body given as text. JSON is parsed, masked and re-serialized compactly (one log line); anything else
   * is masked with a pattern over `"name": value` pairs so a broken JSON body still never leaks a card number.
   */
  text(body: string): string {
    if (body === '') return body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return this.maskText(body);
    }
    return JSON.stringify(this.value(parsed));
  }

  /**
   * Masks a body kept for a person to read (`err.responseBody`): as `text()`, but a body with nothing to mask is
   * returned exactly as received (its formatting intact).
   */
  body(body: string): string {
    if (body === '') return body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return this.maskText(body);
    }
    const masked = JSON.stringify(this.value(parsed));
    // (a body cut off at MAX_DEPTH is shown masked: serializing all of it again could overflow the stack)
    if (masked.includes(TOO_DEEP)) return masked;
    return masked === JSON.stringify(parsed) ? body : masked;
  }

  /** A body that is not JSON (broken JSON, HTML, XML, a form): masked by name where it can, card numbers always. */
  private maskText(body: string): string {
    const byName = (name: string, raw: string): string => {
      const rule = this.bodyRules.get(name);
      return rule && raw !== '' ? rule(raw) : raw;
    };
    const masked = body
      .replace(
        this.textPattern,
        (_m, q: string, name: string, sep: string, vq?: string, quoted?: string, bare?: string) => {
          if (vq !== undefined) return `${q}${name}${q}${sep}${vq}${byName(name, quoted ?? '')}${vq}`;
          return `${q}${name}${q}${sep}${byName(name, bare ?? '')}`;
        },
      )
      .replace(
        this.elementPattern,
        (_m, open: string, name: string, content: string, close: string) => `${open}${byName(name, content)}${close}`,
      )
      .replace(this.assignmentPattern, (_m, name: string, sep: string, dq?: string, sq?: string, bare?: string) => {
        if (dq !== undefined) return `${name}${sep}"${byName(name, dq)}"`;
        if (sq !== undefined) return `${name}${sep}'${byName(name, sq)}'`;
        return `${name}${sep}${byName(name, bare ?? '')}`;
      });
    return maskCardNumbers(masked);
  }
}

/**
 * A card number anywhere in a text: 13 to 19 digits (spaces or dashes between them allowed) that start like a
 * card (3-6, or the 2221-2720 Mastercard range) and pass the Luhn check. All but the last 4 digits masked.
 */
const CARD_LIKE = /(?<![\d.-])[2-6](?:[ -]?\d){12,18}(?![\d.-])/g;

export function maskCardNumbers(text: string): string {
  if (text.length < 13) return text;
  return text.replace(CARD_LIKE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 13 || !startsLikeCard(digits) || !luhn(digits)) return m;
    let keep = 4;
    let out = '';
    for (let i = m.length - 1; i >= 0; i--) {
      const c = m[i]!;
      if (c >= '0' && c <= '9') {
        out = (keep > 0 ? c : '*') + out;
        keep--;
      } else {
        out = c + out;
      }
    }
    return out;
  });
}

function startsLikeCard(digits: string): boolean {
  const first = digits[0]!;
  if (first !== '2') return true;
  const four = Number(digits.slice(0, 4));
  return four >= 2221 && four <= 2720;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
