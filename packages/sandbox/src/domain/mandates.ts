/** SEPA mandates: create (signed by SMS -> CREATED until signed), sign, block, unblock, revoke. */

import type { DomainCore, Lifecycle } from './core.js';
import { badRequest, mandateExists } from './errors.js';
import { hex, uuid } from './ids.js';
import { compact, isRecord, pick, str } from './json.js';
import { maskIban } from './masking.js';
import type { Mandate } from './model.js';
import type { Links } from './payments.js';
import { checkOptionalReturnUrl } from './urls.js';
import { mandateView } from './views.js';

/** The mandates.create response, and the mandate it made. */
export interface MandateCreation {
  readonly mandate: Mandate;
  readonly response: Record<string, unknown>;
}

export class Mandates {
  readonly lifecycle: Lifecycle<Mandate> = {
    resourceKey: 'mandate',
    label: 'mandate',
    webhook: false,
    view: mandateView,
  };

  constructor(private readonly core: DomainCore) {}

  get(merchantId: string, reference: string | undefined): Mandate {
    return this.core.stores.mandates.get(merchantId, reference);
  }

  lookup(merchantId: string, reference: string): Mandate | undefined {
    return this.core.stores.mandates.lookup(reference, merchantId);
  }

  view(m: Mandate): Record<string, unknown> {
    return mandateView(m);
  }

  create(merchantId: string, body: unknown, reference: string | undefined, links: Links): MandateCreation {
    const b = isRecord(body) ? body : {};
    const ref = reference ?? str(b['uniqueMandateReference']) ?? `SBX${hex(10).toUpperCase()}`;
    if (!/^[A-Za-z0-9+?/\-:().,' ]{1,35}$/.test(ref)) {
      throw badRequest('uniqueMandateReference must be 1-35 SEPA characters', 'uniqueMandateReference');
    }
    if (this.core.stores.mandates.has(merchantId, ref)) throw mandateExists(ref);
    const iban = str(pick(b, 'customer', 'bankAccountIban', 'iban'));
    if (iban !== undefined && !/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban.replace(/\s+/g, ''))) {
      throw badRequest('customer.bankAccountIban.iban is not a valid IBAN', 'customer.bankAccountIban.iban');
    }
    checkOptionalReturnUrl(b['returnUrl'], 'returnUrl');
    const signed = b['signatureType'] === 'SMS';
    const m: Mandate = {
      id: ref,
      merchantId,
      reference: ref,
      status: 'CREATED',
      alias: str(b['alias']),
      customer: isRecord(b['customer']) ? maskCustomer(b['customer']) : undefined,
      customerReference: str(b['customerReference']),
      recurrenceType: str(b['recurrenceType']),
    };
    this.core.stores.mandates.add(m);
    this.core.transition(this.lifecycle, m, signed ? 'CREATED' : 'ACTIVE');
    return {
      mandate: m,
      response: compact({
        mandate: mandateView(m),
        merchantAction: signed
          ? {
              actionType: 'REDIRECT',
              redirectData: {
                RETURNMAC: uuid(),
                redirectURL: `${links.baseUrl}/mandate/${encodeURIComponent(merchantId)}/${encodeURIComponent(ref)}/sign`,
              },
            }
          : undefined,
      }),
    };
  }

  /** The customer signed (the signing page): CREATED -> ACTIVE; signing an active mandate changes nothing. */
  sign(merchantId: string, reference: string): Mandate {
    const m = this.get(merchantId, reference);
    if (m.status === 'CREATED') this.core.transition(this.lifecycle, m, 'ACTIVE');
    return m;
  }

  block(merchantId: string, reference: string | undefined): Mandate {
    return this.moveTo(merchantId, reference, ['ACTIVE'], 'BLOCKED', 'block');
  }

  unblock(merchantId: string, reference: string | undefined): Mandate {
    return this.moveTo(merchantId, reference, ['BLOCKED'], 'ACTIVE', 'unblock');
  }

  revoke(merchantId: string, reference: string | undefined): Mandate {
    return this.moveTo(merchantId, reference, ['ACTIVE', 'BLOCKED', 'CREATED'], 'REVOKED', 'revoke');
  }

  private moveTo(merchantId: string, ref: string | undefined, from: string[], to: string, action: string): Mandate {
    const m = this.get(merchantId, ref);
    this.core.move(this.lifecycle, m, from, to, action);
    return m;
  }
}

/** The customer as stored: the IBAN masked (responses never repeat it). */
function maskCustomer(c: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(c);
  const acc = copy['bankAccountIban'];
  if (isRecord(acc) && typeof acc['iban'] === 'string') acc['iban'] = maskIban(acc['iban']);
  return copy;
}
