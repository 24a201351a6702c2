/**
 * Renders a payment method's form (card form, iDEAL bank choice) from the catalogue's fields: labels,
 * placeholders, hints and input modes as the catalogue gives them, the errors of a failed submission next to
 * their fields and in a summary, and the JSON the browser script (card-script.ts) validates with. Without
 * JavaScript the form still works: the server validates and answers with the same messages.
 */
import { cardProductId, iinRanges } from '../catalogue/index.js';
import { esc } from './escape.js';
import { applyMask, type CardBrand, type FormField, fieldName } from './form-fields.js';
import { type PageLocale, translator } from './i18n.js';

const AUTOCOMPLETE: Readonly<Record<string, string>> = {
  cardNumber: 'cc-number',
  expiryDate: 'cc-exp',
  cvv: 'cc-csc',
  cardholderName: 'cc-name',
};

export interface FormOptions {
  readonly locale: PageLocale;
  readonly action: string;
  readonly token: string;
  readonly fields: readonly FormField[];
  /** accepted card brands (card forms only) */
  readonly brands?: readonly CardBrand[] | undefined;
  /** submitted values to show again (never the CVV) */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: ReadonlyMap<string, string>;
  readonly submitLabel: string;
  readonly hidden?: Readonly<Record<string, string>>;
  /** the sandbox clock, for the script's "expired" check */
  readonly now: Date;
}

function displayValue(f: FormField, value: string, brands: readonly CardBrand[] | undefined): string {
  if (f.id === 'cvv') return '';
  if (f.id === 'cardNumber') {
    const brand = brands?.find((b) => b.id === cardProductId(value));
    return applyMask(brand?.mask ?? f.mask, value);
  }
  return f.numeric && /^\d+$/.test(value) ? applyMask(f.mask, value) : value;
}

function control(f: FormField, o: FormOptions): string {
  const error = o.errors?.get(f.id);
  const describedBy = [f.hint ? `h-${f.id}` : '', `e-${f.id}`, f.id === 'cardNumber' ? 'brand' : '']
    .filter(Boolean)
    .join(' ');
  const common =
    `id="f-${esc(f.id)}" name="${esc(f.id)}" aria-describedby="${esc(describedBy)}"` +
    (f.required ? ' aria-required="true"' : '') +
    (error ? ' aria-invalid="true"' : '');
  const value = o.values?.[f.id] ?? '';
  let input: string;
  if (f.options) {
    const t = translator(o.locale);
    input =
      `<select ${common}><option value="">${esc(t('chooseOption', { field: fieldName(f.label, o.locale) }))}</option>` +
      f.options
        .map(
          (opt) =>
            `<option value="${esc(opt.value)}"${opt.value === value ? ' selected' : ''}>${esc(opt.label)}</option>`,
        )
        .join('') +
      '</select>';
  } else {
    const ac = AUTOCOMPLETE[f.id];
    input =
      `<input type="text" ${common}` +
      (f.numeric || f.expiry ? ' inputmode="numeric"' : '') +
      (ac ? ` autocomplete="${ac}"` : '') +
      (f.placeholder ? ` placeholder="${esc(f.placeholder)}"` : '') +
      (f.id === 'cardNumber' ? ' maxlength="23"' : f.expiry ? ' maxlength="7"' : '') +
      ` value="${esc(displayValue(f, value, o.brands))}" spellcheck="false">`;
  }
  return (
    `<div class="field" data-field="${esc(f.id)}"><label for="f-${esc(f.id)}">${esc(f.label)}</label>` +
    input +
    (f.hint ? `<p class="hint" id="h-${esc(f.id)}">${esc(f.hint)}</p>` : '') +
    (f.id === 'cardNumber' ? '<p class="brand" id="brand" aria-live="polite"></p>' : '') +
    `<p class="error" id="e-${esc(f.id)}">${esc(error ?? '')}</p></div>`
  );
}

/** The messages the script needs, already in the page's language (per field where they name it). */
function scriptConfig(o: FormOptions): unknown {
  const t = translator(o.locale);
  const brandIds = new Set((o.brands ?? []).map((b) => b.id));
  return {
    now: { year: o.now.getUTCFullYear(), month: o.now.getUTCMonth() + 1 },
    fields: o.fields.map((f) => {
      const name = fieldName(f.label, o.locale);
      return {
        ...f,
        text: {
          required: t('required', { field: name }),
          tooShort: t('tooShortText', { field: name }),
          tooLong: t('tooLongText', { field: name }),
          invalid: t('invalid', { field: name }),
          choose: t('chooseOption', { field: name }),
        },
      };
    }),
    brands: o.brands ?? null,
    // the catalogue's IIN table, only the ranges of accepted brands plus the rest as "not accepted" (-1)
    iin: o.brands ? iinRanges.map((r) => [r.lo, r.hi, brandIds.has(r.product) ? r.product : -1]) : null,
    text: {
      luhn: t('luhn'),
      tooShort: t('tooShort'),
      tooLong: t('tooLong'),
      notAccepted: t('notAccepted'),
      wrongBrand: t('wrongBrand'),
      expiryFormat: t('expiryFormat'),
      expired: t('expired'),
      cvvLength: t('cvvLength'),
      detectedBrand: t('detectedBrand'),
      brandUnknown: t('brandUnknown'),
      errorSummary: t('errorSummary'),
    },
  };
}

/** JSON inside <script type="application/json">: `<` escaped so no `</script>` can end the block. */
export function jsonScript(id: string, value: unknown): string {
  return `<script type="application/json" id="${esc(id)}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

export function errorSummary(locale: PageLocale, errors: ReadonlyMap<string, string> | undefined): string {
  const t = translator(locale);
  const items = [...(errors ?? new Map<string, string>()).entries()]
    .map(([id, msg]) => `<li><a href="#f-${esc(id)}">${esc(msg)}</a></li>`)
    .join('');
  return (
    `<div class="notice bad" id="error-summary" role="alert"${items ? '' : ' hidden'}>` +
    `<p>${esc(t('errorSummary'))}</p><ul>${items}</ul></div>`
  );
}

export function renderForm(o: FormOptions): string {
  const rows: string[] = [];
  const fields = [...o.fields];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FormField;
    const next = fields[i + 1];
    // expiry date and CVV side by side, as on a card
    if (f.expiry && next?.id === 'cvv') {
      rows.push(`<div class="row">${control(f, o)}${control(next, o)}</div>`);
      i++;
    } else {
      rows.push(control(f, o));
    }
  }
  const hidden = Object.entries({ token: o.token, ...o.hidden })
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return (
    errorSummary(o.locale, o.errors) +
    `<form method="post" action="${esc(o.action)}" novalidate data-checked-form>` +
    hidden +
    rows.join('') +
    `<button type="submit" class="wide">${esc(o.submitLabel)}</button></form>` +
    jsonScript('form-config', scriptConfig(o))
  );
}
