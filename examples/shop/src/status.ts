// The order's state machine. An order's status is the status of its payment on the platform (plus two of the
// shop's own: NEW before any payment, CHECKOUT_CANCELLED when the customer left the hosted checkout).
// Statuses reach the shop in any order: the redirect return, the order page's poll, webhooks (retried,
// duplicated, delivered to another process). Each status has a rank along the payment's life; the database
// accepts a status only when its rank is higher than the stored one (one UPDATE ... WHERE status_rank < $rank),
// so a late "payment.pending_approval" can never undo "payment.captured", and two processes cannot race
// an order backwards. Equal ranks keep the first (REJECTED and CANCELLED are both final).

const PAYMENT_RANK: Readonly<Record<string, number>> = {
  NEW: 0,
  CREATED: 10,
  REDIRECTED: 20,
  PENDING_PAYMENT: 30,
  PENDING_FRAUD_APPROVAL: 40,
  PENDING_COMPLETION: 40,
  AUTHORIZATION_REQUESTED: 45,
  ACCOUNT_VERIFIED: 50,
  PENDING_APPROVAL: 50,
  PENDING_CAPTURE: 55,
  CAPTURE_REQUESTED: 60,
  CAPTURED: 70,
  PAID: 80,
  CHARGEBACK_NOTIFICATION: 85,
  REFUNDED: 90,
  CHARGEBACKED: 95,
  REVERSED: 95,
  // final failures outrank everything a failed payment can have shown before
  REJECTED: 100,
  REJECTED_CAPTURE: 100,
  CANCELLED: 100,
  CHECKOUT_CANCELLED: 100,
};

/** Rank of a payment (or order) status; unknown statuses (the platform adds some) rank just above CREATED. */
export function statusRank(status: string): number {
  return PAYMENT_RANK[status] ?? 11;
}

export const REFUND_RANK: Readonly<Record<string, number>> = {
  CREATED: 10,
  PENDING_APPROVAL: 20,
  REFUND_REQUESTED: 30,
  CAPTURED: 40,
  REFUNDED: 50,
  REJECTED: 100,
  REJECTED_CAPTURE: 100,
  CANCELLED: 100,
};

export function refundRank(status: string): number {
  return REFUND_RANK[status] ?? 11;
}

/** Refunds that give (or will give) money back; cancelled and rejected ones do not count. */
export function refundCounts(status: string): boolean {
  return status !== 'CANCELLED' && status !== 'REJECTED' && status !== 'REJECTED_CAPTURE';
}

/** What the customer reads for each status. */
export function describeStatus(status: string): { label: string; tone: 'ok' | 'wait' | 'bad' } {
  switch (status) {
    case 'NEW':
      return { label: 'Waiting for payment', tone: 'wait' };
    case 'CREATED':
    case 'REDIRECTED':
    case 'PENDING_PAYMENT':
    case 'AUTHORIZATION_REQUESTED':
      return { label: 'Payment in progress', tone: 'wait' };
    case 'PENDING_FRAUD_APPROVAL':
    case 'PENDING_COMPLETION':
      return { label: 'Payment being checked', tone: 'wait' };
    case 'PENDING_APPROVAL':
    case 'PENDING_CAPTURE':
    case 'ACCOUNT_VERIFIED':
      return { label: 'Payment authorised', tone: 'ok' };
    case 'CAPTURE_REQUESTED':
    case 'CAPTURED':
      return { label: 'Payment captured', tone: 'ok' };
    case 'PAID':
      return { label: 'Paid', tone: 'ok' };
    case 'REFUNDED':
      return { label: 'Refunded', tone: 'ok' };
    case 'CHARGEBACK_NOTIFICATION':
    case 'CHARGEBACKED':
    case 'REVERSED':
      return { label: 'Payment reversed', tone: 'bad' };
    case 'REJECTED':
    case 'REJECTED_CAPTURE':
      return { label: 'Payment declined', tone: 'bad' };
    case 'CANCELLED':
      return { label: 'Payment cancelled', tone: 'bad' };
    case 'CHECKOUT_CANCELLED':
      return { label: 'Checkout cancelled', tone: 'bad' };
    default:
      return { label: `Payment status ${status}`, tone: 'wait' };
  }
}

/** Statuses after which nothing changes without the merchant acting (no need to poll the platform). */
export function isSettledForCustomer(status: string): boolean {
  return statusRank(status) >= statusRank('PENDING_APPROVAL') || status === 'NEW';
}
