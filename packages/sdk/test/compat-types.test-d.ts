import { describe, expectTypeOf, it } from 'vitest';
import connectSdk, { type CompatResponse, payments, products } from '../src/compat/index.js';
import type {
  CreatePaymentResponse,
  ErrorResponse,
  PaymentErrorResponse,
  PaymentProducts,
  PaymentResponse,
} from '../src/index.js';

/** The classic API has the modern API's request and response types, in the callback and the promise form. */
const body = { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } };

describe('connect-server-sdk/compat types', () => {
  it('the callback form: the body is the result on success, the error body (with a decline) otherwise', () => {
    connectSdk.payments.create('1234', body, { idemPotence: { key: 'order-42' } }, (error, sdkResponse) => {
      expectTypeOf(error).toEqualTypeOf<Error | null>();
      if (sdkResponse?.isSuccess) expectTypeOf(sdkResponse.body.payment.id).toBeString();
      else if (sdkResponse) expectTypeOf(sdkResponse.body).toEqualTypeOf<PaymentErrorResponse>();
    });
    connectSdk.payments.get('1234', 'p1', (_error, sdkResponse) => {
      if (sdkResponse?.isSuccess) expectTypeOf(sdkResponse.body).toEqualTypeOf<PaymentResponse>();
    });
  });

  it('the promise form resolves the same typed response', async () => {
    const r = await payments.create('1234', body);
    expectTypeOf(r).toEqualTypeOf<CompatResponse<CreatePaymentResponse, PaymentErrorResponse>>();
    if (r.isSuccess) expectTypeOf(r.body).toEqualTypeOf<CreatePaymentResponse>();
    const found = await products.find('1234', { countryCode: 'NL', currencyCode: 'EUR' });
    if (found.isSuccess) expectTypeOf(found.body).toEqualTypeOf<PaymentProducts>();
    else expectTypeOf(found.body).toEqualTypeOf<ErrorResponse>();
  });

  it('wrong requests fail to compile', () => {
    // @ts-expect-error the order is required, as in the modern API
    void payments.create('1234', {});
    // @ts-expect-error a query parameter of the wrong type
    void products.find('1234', { countryCode: 1 });
    // @ts-expect-error the path id is missing
    void payments.get('1234');
  });
});
