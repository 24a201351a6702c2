import { describe, expectTypeOf, it } from 'vitest';
import type {
  APIResponse,
  BinaryResponse,
  Connect,
  CreatePaymentRequest,
  CreatePaymentResponse,
  PagedIterable,
  Payment,
  PaymentResponse,
} from '../src/index.js';

declare const connect: Connect;
const m = connect.merchant('1234');

describe('typed operations', () => {
  it('results are typed from the spec', () => {
    expectTypeOf(m.payments.create({ order: {} })).resolves.toEqualTypeOf<CreatePaymentResponse>();
    expectTypeOf(m.payments.get('p1')).resolves.toEqualTypeOf<PaymentResponse>();
    expectTypeOf(m.payments.create({ order: {} }).withResponse()).resolves.toEqualTypeOf<
      APIResponse<CreatePaymentResponse>
    >();
    expectTypeOf(m.payments.list()).toEqualTypeOf<PagedIterable<Payment>>();
    expectTypeOf(m.files.getFile('f')).resolves.toEqualTypeOf<BinaryResponse>();
    expectTypeOf(m.tokens.remove('t')).resolves.toBeVoid();
  });

  it('a misspelt or wrongly typed request field fails to compile', () => {
    const ok: CreatePaymentRequest = { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } };
    void ok;
    // @ts-expect-error misspelt field
    const misspelt: CreatePaymentRequest = { ordr: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } };
    // @ts-expect-error amount must be a number
    const wrongType: CreatePaymentRequest = { order: { amountOfMoney: { amount: '100', currencyCode: 'EUR' } } };
    void misspelt;
    void wrongType;
    // @ts-expect-error misspelt nested field in a call
    void m.payments.create({ order: { amountOfMoney: { amont: 100 } } });
    // @ts-expect-error unknown option
    void m.payments.get('p', undefined, { idempotencyKey: 'k' });
    // @ts-expect-error query parameter of the wrong type
    void m.payments.find({ limit: '10' });
  });
});
