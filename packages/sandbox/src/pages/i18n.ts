/**
 * The pages' own texts in en_GB, nl_NL, de_DE and fr_FR (product and field labels come from the catalogue),
 * the locale choice (exact, then same language, then en_GB) and amounts formatted per locale and currency.
 * Every locale must define every key: the type checker refuses a missing translation.
 */
import { currencies } from '../catalogue/index.js';
import { de_DE } from './locales/de_DE.js';
import { en_GB, type PageText, type Texts } from './locales/en_GB.js';
import { fr_FR } from './locales/fr_FR.js';
import { nl_NL } from './locales/nl_NL.js';

export type { PageText };

const TEXTS = { en_GB, nl_NL, de_DE, fr_FR } as const satisfies Readonly<Record<string, Texts>>;
export type PageLocale = keyof typeof TEXTS;
export const PAGE_LOCALES = Object.keys(TEXTS) as PageLocale[];

/** The pages' locale for a checkout's `locale` (exact, then same language: `nl_BE` -> nl_NL, then en_GB). */
export function pageLocale(locale: string | undefined): PageLocale {
  if (locale === undefined) return 'en_GB';
  const normal = locale.replace('-', '_');
  if (Object.hasOwn(TEXTS, normal)) return normal as PageLocale;
  const language = normal.slice(0, 2).toLowerCase();
  return PAGE_LOCALES.find((l) => l.startsWith(`${language}_`)) ?? 'en_GB';
}

/** The BCP 47 tag of a page locale (`nl_NL` -> `nl-NL`) for `<html lang>` and Intl. */
export function languageTag(locale: PageLocale): string {
  return locale.replace('_', '-');
}

/** A translator bound to a locale: `t('pay', { amount })`. Values are plain text (escape when rendering). */
export type Translate = (key: PageText, vars?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: PageLocale): Translate {
  const texts: Texts = TEXTS[locale];
  return (key, vars) => {
    const template = texts[key];
    return vars ? template.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : template;
  };
}

/**
 * An amount in minor units (as on the wire) formatted for people: 4599 EUR -> "€45.99" (en_GB), "€ 45,99"
 * (nl_NL), "45,99 €" (de_DE, fr_FR); zero-decimal currencies (JPY) are not divided.
 */
export function formatAmount(minor: number, currency: string, locale: PageLocale): string {
  const decimals = currencies[currency]?.decimals ?? 2;
  const major = minor / 10 ** decimals;
  try {
    return new Intl.NumberFormat(languageTag(locale), {
      style: 'currency',
      currency,
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(major);
  } catch {
    // not a currency Intl knows: show the code after the number
    return `${major.toFixed(decimals)} ${currency}`;
  }
}
