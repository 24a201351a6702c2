/** Hosted mandate management: the customer signs (or cancels) a mandate on the sandbox's page. */
import type { DomainCore, Lifecycle } from './core.js';
import { invalidStatus, unknownResource } from './errors.js';
import { digits, hex, uuid } from './ids.js';
import { compact, isRecord, pick, str } from './json.js';
import type { Mandates } from './mandates.js';
import type { HostedMandate } from './model.js';
import type { Links } from './payments.js';
import { appendQuery, checkOptionalReturnUrl } from './urls.js';

export type HostedMandateOutcome = 'success' | 'cancel' | 'failure';

export class HostedMandates {
  readonly lifecycle: Lifecycle<HostedMandate>;

  constructor(
    private readonly core: DomainCore,
    private readonly mandates: Mandates,
  ) {
    this.lifecycle = {
      resourceKey: 'hostedMandateManagement',
      label: 'hosted mandate management',
      webhook: false,
      view: (h) => this.view(h),
    };
  }

  /** The merchant's session; 404 when unknown or expired unfinished. */
  get(merchantId: string, id: string | undefined): HostedMandate {
    const h = this.core.stores.hostedMandates.get(merchantId, id);
    if (h.status === 'IN_PROGRESS' && this.core.now() >= h.expiresAt) {
      throw unknownResource('hosted mandate management', h.id);
    }
    return h;
  }

  /** The session with this id, whoever owns it. */
  lookup(id: string): HostedMandate | undefined {
    return this.core.stores.hostedMandates.lookup(id);
  }

  /** hostedMandateManagements.get */
  view(h: HostedMandate): Record<string, unknown> {
    const mandate =
      h.mandateReference === undefined ? undefined : this.mandates.lookup(h.merchantId, h.mandateReference);
    return compact({ status: h.status, mandate: mandate ? this.mandates.view(mandate) : undefined });
  }

  create(
    merchantId: string,
    body: unknown,
    links: Links,
  ): { session: HostedMandate; response: Record<string, unknown> } {
    const b = isRecord(body) ? body : {};
    checkOptionalReturnUrl(
      pick(b, 'hostedMandateManagementSpecificInput', 'returnUrl'),
      'hostedMandateManagementSpecificInput.returnUrl',
    );
    const now = this.core.now();
    const id = `${digits(merchantId, 4)}-${hex(16)}`;
    const h: HostedMandate = {
      id,
      merchantId,
      returnmac: uuid(),
      createdAt: now,
      expiresAt: now + this.core.options.hostedCheckoutTtlMs,
      status: 'IN_PROGRESS',
      request: structuredClone(b),
      mandateReference: undefined,
    };
    this.core.stores.hostedMandates.add(h);
    this.core.transition(this.lifecycle, h, 'IN_PROGRESS');
    const host = links.baseUrl.replace(/^https?:\/\//, '');
    return {
      session: h,
      response: {
        RETURNMAC: h.returnmac,
        hostedMandateManagementId: id,
        partialRedirectUrl: `${host}/hostedmandatemanagement/${id}`,
      },
    };
  }

  /** The customer signed (success), cancelled or failed; returns the merchant's return URL. */
  finish(h: HostedMandate, outcome: HostedMandateOutcome, links: Links): string | undefined {
    if (h.status !== 'IN_PROGRESS') throw invalidStatus('hosted mandate management', h.id, h.status, 'finish');
    if (outcome === 'success') {
      const info = isRecord(h.request['createMandateInfo']) ? h.request['createMandateInfo'] : {};
      const made = this.mandates.create(h.merchantId, { ...info, signatureType: 'UNSIGNED' }, undefined, links);
      h.mandateReference = made.mandate.reference;
      this.core.transition(this.lifecycle, h, 'MANDATE_CREATED');
    } else {
      this.core.transition(this.lifecycle, h, outcome === 'cancel' ? 'CANCELLED_BY_CONSUMER' : 'FAILED');
    }
    const url = str(pick(h.request, 'hostedMandateManagementSpecificInput', 'returnUrl'));
    return url === undefined
      ? undefined
      : appendQuery(url, { RETURNMAC: h.returnmac, hostedMandateManagementId: h.id });
  }
}
