import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreatePaymentRequest,
  PaymentStatus,
  WebhooksEvent,
  WebhooksEventType,
} from '../packages/sdk/src/models/index.js';

describe('generated model types', () => {
  it('accepts a well-formed CreatePaymentRequest', () => {
    const ok: CreatePaymentRequest = {
      order: {
        amountOfMoney: { amount: 2980, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      cardPaymentMethodSpecificInput: {
        paymentProductId: 1,
        card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
      },
    };
    expectTypeOf(ok).toEqualTypeOf<CreatePaymentRequest>();
  });

  it('rejects a misspelt field', () => {
    const bad: CreatePaymentRequest = {
      // @ts-expect-error `ammountOfMoney` is not a field of Order
      order: { ammountOfMoney: { amount: 2980, currencyCode: 'EUR' } },
    };
    expectTypeOf(bad).not.toBeAny();
  });

  it('rejects a wrongly typed field', () => {
    const bad: CreatePaymentRequest = {
      // @ts-expect-error amounts are numbers in minor units, not strings
      order: { amountOfMoney: { amount: '29.80', currencyCode: 'EUR' } },
    };
    expectTypeOf(bad).not.toBeAny();
  });

  it('types statuses as open enums: known values autocomplete, other strings stay valid', () => {
    expectTypeOf<'PAID'>().toMatchTypeOf<PaymentStatus>();
    expectTypeOf<'SOME_FUTURE_STATUS'>().toMatchTypeOf<PaymentStatus>();
    expectTypeOf<WebhooksEvent['type']>().toEqualTypeOf<WebhooksEventType | undefined>();
  });
});
