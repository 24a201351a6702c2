/** Every stored resource of one sandbox, by kind (the modules hold the rules; this holds the data). */
import { unknownPayment, unknownResource } from './errors.js';
import type {
  Capture,
  Dispute,
  HostedCheckout,
  HostedMandate,
  Mandate,
  Payment,
  Payout,
  Refund,
  Session,
  StoredFile,
  Token,
} from './model.js';
import { MerchantCollection } from './store.js';
import type { Lookup } from './views.js';

export class Stores implements Lookup {
  readonly payments = new MerchantCollection<Payment>(unknownPayment);
  readonly captures = new MerchantCollection<Capture>((id) => unknownResource('capture', id));
  readonly refunds = new MerchantCollection<Refund>((id) => unknownResource('refund', id));
  readonly payouts = new MerchantCollection<Payout>((id) => unknownResource('payout', id));
  readonly tokens = new MerchantCollection<Token>((id) => unknownResource('token', id));
  readonly mandates = new MerchantCollection<Mandate>((id) => unknownResource('mandate', id), true);
  readonly hostedCheckouts = new MerchantCollection<HostedCheckout>((id) => unknownResource('hosted checkout', id));
  readonly hostedMandates = new MerchantCollection<HostedMandate>((id) =>
    unknownResource('hosted mandate management', id),
  );
  readonly disputes = new MerchantCollection<Dispute>((id) => unknownResource('dispute', id));
  readonly files = new MerchantCollection<StoredFile>((id) => unknownResource('file', id));
  readonly sessions = new MerchantCollection<Session>((id) => unknownResource('session', id));

  capture(id: string): Capture | undefined {
    return this.captures.lookup(id);
  }

  refund(id: string): Refund | undefined {
    return this.refunds.lookup(id);
  }

  clear(): void {
    for (const c of [
      this.payments,
      this.captures,
      this.refunds,
      this.payouts,
      this.tokens,
      this.mandates,
      this.hostedCheckouts,
      this.hostedMandates,
      this.disputes,
      this.files,
      this.sessions,
    ] as MerchantCollection<{ id: string; merchantId: string }>[]) {
      c.clear();
    }
  }
}
