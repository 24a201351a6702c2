/**
 * Field definitions of the catalogue. A field is described once, with message keys instead of texts,
 * and rendered per request (locale, `hide=translations`).
 */
import type {
  PaymentProductField,
  PaymentProductFieldDisplayHints,
  PaymentProductFieldValidators,
  ValueMappingElement,
} from '../../../sdk/src/models/index.js';
import { type MessageKey, text } from './i18n.js';

const IMAGES = 'templates/master/global/css/img/ppimages';

export interface FieldSpec {
  readonly id: string;
  readonly type: 'numericstring' | 'expirydate' | 'string' | 'integer' | 'date' | 'boolean';
  readonly required: boolean;
  readonly validators: PaymentProductFieldValidators;
  readonly order: number;
  readonly label: MessageKey;
  /** Either a message key or a literal placeholder (masks such as `**** ****`). */
  readonly placeholder?: MessageKey;
  readonly mask?: string;
  readonly obfuscate?: boolean;
  readonly keyboard: 'IntegerKeyboard' | 'StringKeyboard' | 'EmailAddressKeyboard' | 'DateKeyboard';
  readonly list?: readonly ValueMappingElement[];
  readonly tooltip?: { readonly image: string; readonly label: MessageKey };
  readonly usedForLookup?: boolean;
}

/** Renders a field for a locale; `withTexts: false` implements `hide=translations`. */
export function renderField(f: FieldSpec, locale: string, withTexts: boolean): PaymentProductField {
  const hints: PaymentProductFieldDisplayHints = {
    alwaysShow: false,
    displayOrder: f.order,
    obfuscate: f.obfuscate ?? false,
    preferredInputType: f.keyboard,
    formElement: f.list ? { type: 'list', valueMapping: f.list.map((v) => ({ ...v })) } : { type: 'text' },
  };
  if (withTexts) {
    hints.label = text(f.label, locale);
    if (f.placeholder) hints.placeholderLabel = text(f.placeholder, locale);
  }
  if (f.mask) hints.mask = f.mask;
  if (f.tooltip) {
    hints.tooltip = { image: f.tooltip.image, ...(withTexts ? { label: text(f.tooltip.label, locale) } : {}) };
  }
  return {
    id: f.id,
    type: f.type,
    ...(f.usedForLookup ? { usedForLookup: true } : {}),
    dataRestrictions: { isRequired: f.required, validators: structuredClone(f.validators) },
    displayHints: hints,
  };
}

export interface CardShape {
  /** Anchored regular expression for the card number. */
  readonly pattern: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** Number of CVV digits; 0 = the product has no CVV field. */
  readonly cvv: 3 | 4 | 0;
  readonly cvvRequired?: boolean;
}

const MMYY = '(?:0[1-9]|1[0-2])[0-9]{2}';

/** cardNumber, expiryDate, cvv and cardholderName as a card product (or the cards group) asks for them. */
export function cardFields(shape: CardShape): FieldSpec[] {
  const fields: FieldSpec[] = [
    {
      id: 'cardNumber',
      type: 'numericstring',
      required: true,
      usedForLookup: true,
      validators: {
        length: { minLength: shape.minLength, maxLength: shape.maxLength },
        luhn: {},
        regularExpression: { regularExpression: shape.pattern },
      },
      order: 10,
      label: 'cardNumber',
      placeholder: 'cardNumberPlaceholder',
      mask: shape.maxLength === 15 ? '{{9999}} {{999999}} {{99999}}' : '{{9999}} {{9999}} {{9999}} {{9999}} {{999}}',
      keyboard: 'IntegerKeyboard',
    },
    {
      id: 'expiryDate',
      type: 'expirydate',
      required: true,
      validators: { expirationDate: {}, regularExpression: { regularExpression: MMYY } },
      order: 20,
      label: 'expiryDate',
      placeholder: 'expiryDatePlaceholder',
      mask: '{{99}}/{{99}}',
      keyboard: 'IntegerKeyboard',
    },
  ];
  if (shape.cvv) {
    const cvvRange = shape.cvv === 4 ? '{4}' : '{3}';
    fields.push({
      id: 'cvv',
      type: 'numericstring',
      required: shape.cvvRequired ?? true,
      validators: {
        length: { minLength: shape.cvv, maxLength: shape.cvv },
        regularExpression: { regularExpression: `^[0-9]${cvvRange}$` },
      },
      order: 30,
      label: 'cvv',
      mask: shape.cvv === 4 ? '{{9999}}' : '{{999}}',
      keyboard: 'IntegerKeyboard',
      tooltip: {
        image: `${IMAGES}/ppf_cvv_${shape.cvv === 4 ? 'amex_' : ''}v1.png`,
        label: shape.cvv === 4 ? 'cvvTooltipAmex' : 'cvvTooltip',
      },
    });
  }
  fields.push({
    id: 'cardholderName',
    type: 'string',
    required: true,
    validators: { length: { minLength: 2, maxLength: 51 } },
    order: 40,
    label: 'cardholderName',
    placeholder: 'cardholderNamePlaceholder',
    keyboard: 'StringKeyboard',
  });
  return fields;
}

/** A required text field with a length restriction; `extra.validators` come on top of the length. */
function textField(id: MessageKey, order: number, min: number, max: number, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    id,
    type: 'string',
    required: true,
    order,
    label: id,
    keyboard: 'StringKeyboard',
    ...extra,
    validators: { length: { minLength: min, maxLength: max }, ...extra.validators },
  };
}

/** iDEAL's bank choice: a list whose values are the issuers' BICs. */
export function issuerField(issuers: readonly { issuerId?: string; issuerName?: string }[]): FieldSpec {
  const values = issuers.map((i) => i.issuerId ?? '');
  return {
    id: 'issuerId',
    type: 'string',
    required: false,
    validators: { fixedList: { allowedValues: values } },
    order: 10,
    label: 'issuerId',
    keyboard: 'StringKeyboard',
    list: issuers.map((i) => ({
      value: i.issuerId ?? '',
      displayName: i.issuerName ?? '',
      displayElements: [{ id: 'displayName', type: 'STRING', value: i.issuerName ?? '' }],
    })),
  };
}

export const sepaFields: readonly FieldSpec[] = [
  textField('iban', 10, 15, 34, { validators: { iban: {} } }),
  textField('accountHolderName', 20, 1, 30),
];

/** Boleto Bancário: the CPF (11 digits, a person) or CNPJ (14 digits, a company) decides which names are needed. */
export const boletoFields: readonly FieldSpec[] = [
  textField('fiscalNumber', 10, 11, 14, {
    usedForLookup: true,
    type: 'numericstring',
    keyboard: 'IntegerKeyboard',
    validators: { regularExpression: { regularExpression: '^[0-9]{11}([0-9]{3})?$' } },
  }),
  textField('accountHolderName', 20, 1, 40, {
    required: false,
    validators: { boletoBancarioRequiredness: { fiscalNumberLength: 11 } },
  }),
];

/** AfterPay: the personal number (used for products.customerDetails), date of birth, email, terms. */
export const invoiceFields: readonly FieldSpec[] = [
  textField('personalNumber', 5, 1, 20, {
    id: 'fiscalNumber',
    usedForLookup: true,
    validators: { regularExpression: { regularExpression: '^[0-9A-Za-z]{1,20}$' } },
  }),
  textField('dateOfBirth', 10, 8, 8, {
    type: 'date',
    keyboard: 'DateKeyboard',
    mask: '{{9999}}{{99}}{{99}}',
    validators: {
      regularExpression: { regularExpression: '^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$' },
    },
  }),
  textField('emailAddress', 20, 5, 70, { keyboard: 'EmailAddressKeyboard', validators: { emailAddress: {} } }),
  { ...textField('termsAndConditions', 30, 0, 5), type: 'boolean', validators: { termsAndConditions: {} } },
];
