/**
 * Chargeback and reversal scenarios (admin API, dashboard, `trigger`): what happens to a PAID payment
 * after the fact, each step a status change with its payment event, as on the platform.
 */
import { invalidStatus } from './errors.js';
import type { Payments } from './payments.js';

export class Chargebacks {
  constructor(private readonly payments: Payments) {}

  /**
   * The cardholder's bank disputes a PAID payment: PAID -> CHARGEBACK_NOTIFICATION (announced), then
   * -> CHARGEBACKED (funds taken back) unless `notificationOnly`; a payment already in
   * CHARGEBACK_NOTIFICATION goes on to CHARGEBACKED. Returns the payment's view.
   */
  chargeback(merchantId: string, id: string, notificationOnly = false): Record<string, unknown> {
    const p = this.payments.get(merchantId, id);
    if (p.status === 'PAID') {
      this.payments.setStatus(p, 'CHARGEBACK_NOTIFICATION');
      if (notificationOnly) return this.payments.view(p);
    } else if (p.status !== 'CHARGEBACK_NOTIFICATION') {
      throw invalidStatus('payment', p.id, p.status, 'charge back (needs a PAID payment)');
    }
    this.payments.setStatus(p, 'CHARGEBACKED');
    return this.payments.view(p);
  }

  /** The funds of a PAID payment are reversed (a bank transfer recalled, say): PAID -> REVERSED. */
  reverse(merchantId: string, id: string): Record<string, unknown> {
    const p = this.payments.get(merchantId, id);
    if (p.status !== 'PAID') throw invalidStatus('payment', p.id, p.status, 'reverse (needs a PAID payment)');
    this.payments.setStatus(p, 'REVERSED');
    return this.payments.view(p);
  }
}
