/**
 * The pages' forms built from the catalogue's product fields (the same `PaymentProductField` data the
 * Client API serves): the field model, the card brands a form accepts, and the server-side validation with
 * messages a person understands. The browser script (card-script.ts) applies the same rules from the same
 * model as the customer types; the server checks again, so nothing invalid reaches the domain.
 */
import type { PaymentProductField } from '../../../sdk/src/models/index.js';
import { type Context, cardProductId, luhnValid, type ProductSpec, renderProduct } from '../catalogue/index.js';
import { validExpiry } from '../domain/dates.js';
import { type PageLocale, type Translate, translator } from './i18n.js';

export interface FormField {
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly luhn: boolean;
  readonly regex?: string;
  readonly expiry: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly placeholder?: string;
  /** the catalogue's display mask, e.g. `{{9999}} {{9999}} {{9999}} {{9999}} {{999}}` */
  readonly mask?: string;
  readonly hint?: string;
  readonly numeric: boolean;
}

/** The form model of catalogue fields (rendered for the page's locale), in display order. */
export function formFields(fields: readonly PaymentProductField[]): FormField[] {
  return [...fields]
    .sort((a, b) => (a.displayHints?.displayOrder ?? 0) - (b.displayHints?.displayOrder ?? 0))
    .map((f) => {
      const v = f.dataRestrictions?.validators ?? {};
      const hints = f.displayHints ?? {};
      const list = hints.formElement?.valueMapping;
      return {
        id: f.id ?? '',
        label: hints.label ?? f.id ?? '',
        required: f.dataRestrictions?.isRequired ?? false,
        ...(v.length?.minLength !== undefined ? { minLength: v.length.minLength } : {}),
        ...(v.length?.maxLength !== undefined ? { maxLength: v.length.maxLength } : {}),
        luhn: v.luhn !== undefined,
        ...(v.regularExpression?.regularExpression ? { regex: v.regularExpression.regularExpression } : {}),
        expiry: v.expirationDate !== undefined,
        ...(list
          ? { options: list.map((o) => ({ value: o.value ?? '', label: o.displayName ?? o.value ?? '' })) }
          : {}),
        ...(hints.placeholderLabel ? { placeholder: hints.placeholderLabel } : {}),
        ...(hints.mask ? { mask: hints.mask } : {}),
        ...(hints.tooltip?.label ? { hint: hints.tooltip.label } : {}),
        numeric: hints.preferredInputType === 'IntegerKeyboard',
      };
    });
}

/** A card brand the form accepts, with its own number pattern and CVV length (from its product fields). */
export interface CardBrand {
  readonly id: number;
  readonly name: string;
  readonly regex: string | undefined;
  /** the brand's own card number mask (American Express groups 4-6-5) */
  readonly mask: string | undefined;
  readonly cvv: number;
  readonly cvvRequired: boolean;
}

export function cardBrands(products: readonly ProductSpec[], ctx: Context): CardBrand[] {
  return products.map((spec) => {
    const fields = renderProduct(spec, ctx).fields ?? [];
    const number = fields.find((f) => f.id === 'cardNumber');
    const cvv = fields.find((f) => f.id === 'cvv');
    return {
      id: spec.id,
      name: spec.label,
      regex: number?.dataRestrictions?.validators?.regularExpression?.regularExpression,
      mask: number?.displayHints?.mask,
      cvv: cvv?.dataRestrictions?.validators?.length?.maxLength ?? 0,
      cvvRequired: cvv?.dataRestrictions?.isRequired ?? false,
    };
  });
}

/**
 * A value shown through the catalogue's mask ("{{9999}} {{9999}}", "{{99}}/{{99}}"): a 9 takes the next
 * character, literals only stand before a following one; what goes beyond the mask is kept. (The browser
 * script does the same while the customer types.)
 */
export function applyMask(mask: string | undefined, value: string): string {
  if (!mask) return value;
  let out = '';
  let pending = '';
  let i = 0;
  let m = 0;
  let inGroup = false;
  while (m < mask.length && i < value.length) {
    const two = mask.slice(m, m + 2);
    if (two === '{{' || two === '}}') {
      inGroup = two === '{{';
      m += 2;
      continue;
    }
    if (inGroup) {
      out += pending + value.charAt(i++);
      pending = '';
    } else {
      pending += mask.charAt(m);
    }
    m++;
  }
  return out + value.slice(i);
}

/** What the customer typed, as the platform wants it: digits only for numbers, MMYY for the expiry date. */
export function normalise(field: FormField, raw: string): string {
  const value = raw.trim();
  if (field.expiry) {
    const digits = value.replace(/\D/g, '');
    // "12/2030" -> "1230"
    return digits.length === 6 ? digits.slice(0, 2) + digits.slice(4) : digits;
  }
  if (field.numeric) return value.replace(/[\s-]/g, '');
  return value;
}

/** The field's name inside a sentence: lower-case first letter in English ("Enter the card number"). */
export function fieldName(label: string, locale: PageLocale): string {
  return locale === 'en_GB' && /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export interface Validation {
  /** field id -> message, in field order */
  readonly errors: ReadonlyMap<string, string>;
  /** normalised values (only meaningful when there are no errors) */
  readonly values: Readonly<Record<string, string>>;
  /** the recognised card brand, for card forms */
  readonly brand?: CardBrand;
}

/** Checks a submitted form against its fields (and, for cards, the accepted brands). */
export function validate(
  fields: readonly FormField[],
  submitted: URLSearchParams,
  brands: readonly CardBrand[] | undefined,
  now: Date,
  locale: PageLocale,
): Validation {
  const t = translator(locale);
  const errors = new Map<string, string>();
  const values: Record<string, string> = {};
  let brand: CardBrand | undefined;
  for (const f of fields) values[f.id] = normalise(f, submitted.get(f.id) ?? '');
  if (brands) {
    const pan = values['cardNumber'] ?? '';
    const id = /^\d{6,}$/.test(pan) ? cardProductId(pan) : undefined;
    brand = brands.find((b) => b.id === id);
  }
  for (const f of fields) {
    const value = values[f.id] ?? '';
    const name = fieldName(f.label, locale);
    const problem = (() => {
      if (f.id === 'cvv' && brand) {
        if (value === '') return brand.cvvRequired ? t('required', { field: name }) : undefined;
        return new RegExp(`^[0-9]{${brand.cvv}}$`).test(value) ? undefined : t('cvvLength', { digits: brand.cvv });
      }
      if (value === '') return f.required ? t('required', { field: name }) : undefined;
      if (f.id === 'cardNumber') return cardNumberProblem(f, value, brands, brand, t);
      if (f.expiry) {
        if (!/^(0[1-9]|1[0-2])[0-9]{2}$/.test(value)) return t('expiryFormat');
        // the same rule the payment itself is checked with (valid until the end of the expiry month)
        return validExpiry(value, now.getTime()) ? undefined : t('expired');
      }
      if (f.options && !f.options.some((o) => o.value === value)) return t('chooseOption', { field: name });
      if (f.minLength !== undefined && value.length < f.minLength) {
        return f.id === 'cvv' ? t('cvvLength', { digits: f.minLength }) : t('tooShortText', { field: name });
      }
      if (f.maxLength !== undefined && value.length > f.maxLength) {
        return f.id === 'cvv' ? t('cvvLength', { digits: f.maxLength }) : t('tooLongText', { field: name });
      }
      if (f.regex && !new RegExp(f.regex).test(value)) return t('invalid', { field: name });
      return undefined;
    })();
    if (problem !== undefined) errors.set(f.id, problem);
  }
  return { errors, values, ...(brand ? { brand } : {}) };
}

function cardNumberProblem(
  f: FormField,
  pan: string,
  brands: readonly CardBrand[] | undefined,
  brand: CardBrand | undefined,
  t: Translate,
): string | undefined {
  if (!/^\d+$/.test(pan)) return t('luhn');
  if (f.minLength !== undefined && pan.length < f.minLength) return t('tooShort');
  if (f.maxLength !== undefined && pan.length > f.maxLength) return t('tooLong');
  if (f.luhn && !luhnValid(pan)) return t('luhn');
  if (brands) {
    if (!brand) return t('notAccepted');
    if (brand.regex && !new RegExp(brand.regex).test(pan)) return t('wrongBrand', { brand: brand.name });
  }
  return undefined;
}
