/** The one place that decides what of a card number or IBAN may be shown: the last four characters. */

/** `************7977`: only the last four characters survive. */
export function maskTail(value: string): string {
  return value.length <= 4 ? value : '*'.repeat(value.length - 4) + value.slice(-4);
}

/** A card number as responses show it. */
export const maskPan = maskTail;

/** An IBAN as responses show it. */
export const maskIban = maskTail;
