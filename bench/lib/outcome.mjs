// Turns a create-payment result into 'ok' | 'declined', or throws: every client must actually read
// the response (a payment id) for its call to count.

export class UnexpectedResult extends Error {}

export function fromSuccessBody(body) {
  if (typeof body?.payment?.id !== 'string') throw new UnexpectedResult('success without payment.id');
  return 'ok';
}

export function fromDeclinedBody(body) {
  if (typeof body?.paymentResult?.payment?.id !== 'string') {
    throw new UnexpectedResult('decline without paymentResult.payment.id');
  }
  return 'declined';
}

/** For clients that resolve errors as values: {status, body}. */
export function fromStatusAndBody(status, body) {
  if (status === 201 || status === 200) return fromSuccessBody(body);
  if (status === 402 || (status === 400 && body?.paymentResult)) return fromDeclinedBody(body);
  const firstError = body?.errors?.[0];
  throw new UnexpectedResult(
    `HTTP ${status}` + (firstError ? ` ${firstError.id ?? ''} ${firstError.message ?? ''}`.trimEnd() : ''),
  );
}
