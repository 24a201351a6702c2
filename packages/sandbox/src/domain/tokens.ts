/** Tokens: stored card / account data a merchant pays with again. One token per card and product. */

import { checkCardNumber, checkExpiry } from './cards.js';
import type { DomainCore } from './core.js';
import { invalidProperty } from './errors.js';
import { uuid } from './ids.js';
import { compact, deepMerge, int, isRecord, pick, str } from './json.js';
import type { Payment, Token } from './model.js';
import { tokenView } from './views.js';

const TOKEN_DATA_KEYS = ['card', 'eWallet', 'nonSepaDirectDebit', 'sepaDirectDebit'] as const;
const CARD_NUMBER = 'card.data.cardWithoutCvv.cardNumber';
const EXPIRY = 'card.data.cardWithoutCvv.expiryDate';

export interface TokenResult {
  token: string;
  isNewToken: boolean;
}

export class Tokens {
  /** `${merchantId}\n${pan}\n${productId}` -> token id */
  private readonly byCard = new Map<string, string>();

  constructor(private readonly core: DomainCore) {}

  get(merchantId: string, id: string | undefined): Token {
    return this.core.stores.tokens.get(merchantId, id);
  }

  /** The token with this id, whoever owns it. */
  lookup(id: string): Token | undefined {
    return this.core.stores.tokens.lookup(id);
  }

  /** Whether `id` is a token of `merchantId`. */
  owns(merchantId: string, id: string): boolean {
    return this.lookup(id)?.merchantId === merchantId;
  }

  listForMerchant(merchantId: string): readonly Token[] {
    return this.core.stores.tokens.list(merchantId);
  }

  view(t: Token): Record<string, unknown> {
    return tokenView(t);
  }

  private emit(t: Token, type: 'created' | 'updated'): void {
    this.core.bus.emit(t.merchantId, `token.${type}`, 'token', tokenView(t));
  }

  private existing(merchantId: string, pan: string, productId: number): string | undefined {
    const id = this.byCard.get(`${merchantId}\n${pan}\n${productId}`);
    return id !== undefined && this.core.stores.tokens.has(merchantId, id) ? id : undefined;
  }

  /** tokens.create: a new token, or the existing one for the same card and product. */
  create(merchantId: string, body: unknown): TokenResult {
    const b = isRecord(body) ? body : {};
    const productId = int(b['paymentProductId']);
    if (productId === undefined) throw invalidProperty('paymentProductId', 'paymentProductId is required');
    const data: Record<string, unknown> = {};
    for (const k of TOKEN_DATA_KEYS) if (b[k] !== undefined) data[k] = structuredClone(b[k]);
    if (Object.keys(data).length === 0) {
      throw invalidProperty('card', 'one of card, sepaDirectDebit, nonSepaDirectDebit or eWallet is required');
    }
    let pan = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'cardNumber'));
    const expiry = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'expiryDate'));
    if (expiry !== undefined) checkExpiry(expiry, this.core.now(), EXPIRY);
    if (pan !== undefined) {
      pan = pan.replace(/\s+/g, '');
      checkCardNumber(pan, CARD_NUMBER);
      const existing = this.existing(merchantId, pan, productId);
      if (existing !== undefined) return { token: existing, isNewToken: false };
    }
    const t: Token = {
      id: uuid(),
      merchantId,
      productId,
      data,
      pan,
      originalPaymentId: undefined,
      sepaApproved: false,
    };
    this.core.stores.tokens.add(t);
    if (pan !== undefined) this.byCard.set(`${merchantId}\n${pan}\n${productId}`, t.id);
    this.emit(t, 'created');
    return { token: t.id, isNewToken: true };
  }

  /** The token for the card of payment `p` (payments with `tokenize`, payments.tokenize). */
  forCard(p: Payment, pan: string, alias?: string): TokenResult {
    const existing = this.existing(p.merchantId, pan, p.productId);
    if (existing !== undefined) return { token: existing, isNewToken: false };
    const t: Token = {
      id: uuid(),
      merchantId: p.merchantId,
      productId: p.productId,
      pan,
      originalPaymentId: p.id,
      sepaApproved: false,
      data: {
        card: compact({
          alias: alias ?? `************${pan.slice(-4)}`,
          data: {
            cardWithoutCvv: compact({ cardNumber: pan, expiryDate: p.expiryDate, cardholderName: p.cardholderName }),
          },
        }),
      },
    };
    this.core.stores.tokens.add(t);
    this.byCard.set(`${p.merchantId}\n${pan}\n${p.productId}`, t.id);
    this.emit(t, 'created');
    return { token: t.id, isNewToken: true };
  }

  /** tokens.update: merges the given data into the token. */
  update(merchantId: string, id: string | undefined, body: unknown): void {
    const t = this.get(merchantId, id);
    const b = isRecord(body) ? body : {};
    const pan = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'cardNumber'));
    const expiry = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'expiryDate'));
    // check before changing anything: a refused update leaves the token as it was
    if (pan !== undefined) checkCardNumber(pan, CARD_NUMBER);
    if (expiry !== undefined) checkExpiry(expiry, this.core.now(), EXPIRY);
    const pid = int(b['paymentProductId']);
    if (pid !== undefined) t.productId = pid;
    for (const k of TOKEN_DATA_KEYS) if (b[k] !== undefined) t.data[k] = deepMerge(t.data[k], structuredClone(b[k]));
    if (pan !== undefined) t.pan = pan;
    this.emit(t, 'updated');
  }

  /** tokens.approvesepadirectdebit */
  approveSepaDirectDebit(merchantId: string, id: string | undefined): void {
    const t = this.get(merchantId, id);
    t.sepaApproved = true;
    this.emit(t, 'updated');
  }

  /** tokens.delete */
  remove(merchantId: string, id: string | undefined): void {
    const t = this.get(merchantId, id);
    this.core.stores.tokens.delete(t);
    if (t.pan !== undefined) this.byCard.delete(`${merchantId}\n${t.pan}\n${t.productId}`);
    this.core.bus.emit(merchantId, 'token.deleted', 'token', { id: t.id });
  }

  clear(): void {
    this.byCard.clear();
  }
}
