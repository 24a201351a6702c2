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
    // For bodies that are not valid JSON: a quoted rule name, ':', then a quoted string or a bare token.
    this.textPattern = new RegExp(
      `(["'])(${names})\\1(\\s*:\\s*)(?:"((?:[^"\\\\]|\\\\.)*)"|'((?:[^'\\\\]|\\\\.)*)'|([^\\s,{}\\[\\]"']+))`,
      'g',
    );
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

  /** Masked copy of a parsed JSON value (the input is not modified). */
  value(input: unknown): unknown {
    if (Array.isArray(input)) return input.map((v) => this.value(v));
    if (input === null || typeof input !== 'object') return input;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      const rule = this.bodyRules.get(k);
      if (rule && v !== null && typeof v !== 'object') {
        const s = String(v);
        out[k] = s === '' ? s : rule(s);
      } else {
        out[k] = this.value(v);
      }
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

  private maskText(body: string): string {
    return body.replace(
      this.textPattern,
      (_m, q: string, name: string, sep: string, dq?: string, sq?: string, bare?: string) => {
        const rule = this.bodyRules.get(name);
        const raw = dq ?? sq ?? bare ?? '';
        const masked = rule && raw !== '' ? rule(raw) : raw;
        if (dq !== undefined) return `${q}${name}${q}${sep}"${masked}"`;
        if (sq !== undefined) return `${q}${name}${q}${sep}'${masked}'`;
        return `${q}${name}${q}${sep}${masked}`;
      },
    );
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
