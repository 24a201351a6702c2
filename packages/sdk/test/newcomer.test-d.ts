import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiError,
  type ApiErrorItem,
  type AuthorizationMode,
  type Connect,
  Connect as ConnectClass,
  type ConnectConfig,
  type CreateHostedCheckoutResponse,
  isWebhooksEventOf,
  type MerchantActionType,
  type MerchantActionTypeValues,
  type PaymentResponse,
  type PaymentStatus,
  type TypedWebhooksEvent,
  type UnknownWebhooksEvent,
} from '../src/index.js';

/** What a newcomer writes in the first hour: no `!`, no casts, no `as const`. */
declare const connect: Connect;
const m = connect.merchant('1234');

describe('request types: required as the API reference marks them', () => {
  it('a create payment without order fails to compile', () => {
    // @ts-expect-error order is required
    void m.payments.create({});
    // @ts-expect-error order is required, whatever else is given
    void m.payments.create({ cardPaymentMethodSpecificInput: { paymentProductId: 1 } });
    // @ts-expect-error a hosted checkout needs the order too
    void m.hostedCheckouts.create({ hostedCheckoutSpecificInput: { locale: 'en_GB' } });
    void m.payments.create({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } });
  });

  it('an amount needs both its amount and its currency; a card needs its number and expiry date', () => {
    // @ts-expect-error currencyCode is required
    void m.payments.create({ order: { amountOfMoney: { amount: 100 } } });
    void m.payments.create({
      order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
      // @ts-expect-error expiryDate is required
      cardPaymentMethodSpecificInput: { card: { cardNumber: '4567350000427977' } },
    });
  });

  it('a request body kept in a variable (no annotation, no as const) compiles, enum-valued strings included', () => {
    const body = {
      order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } },
      cardPaymentMethodSpecificInput: { authorizationMode: 'SALE', transactionChannel: 'ECOMMERCE' },
    };
    void m.payments.create(body);
  });
});

describe('response types: present where the platform always returns them', () => {
  it('res.payment.id needs no `!`', async () => {
    const res = await m.payments.create({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } });
    expectTypeOf(res.payment.id).toEqualTypeOf<string>();
    expectTypeOf(res.payment.status).toEqualTypeOf<PaymentStatus>();
    if (res.merchantAction) expectTypeOf(res.merchantAction.actionType).toEqualTypeOf<MerchantActionType>();
    if (res.merchantAction?.redirectData) expectTypeOf(res.merchantAction.redirectData.redirectURL).toBeString();
  });

  it('a hosted checkout gives its id, RETURNMAC and partial redirect URL', async () => {
    const hc = await m.hostedCheckouts.create({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } });
    expectTypeOf(hc).toEqualTypeOf<CreateHostedCheckoutResponse>();
    expectTypeOf(hc.hostedCheckoutId).toBeString();
    expectTypeOf(hc.RETURNMAC).toBeString();
    expectTypeOf(hc.partialRedirectUrl).toBeString();
    const status = (await m.hostedCheckouts.get(hc.hostedCheckoutId)).status;
    expectTypeOf(status).not.toBeUndefined();
  });

  it('fetched and listed objects have their id and status', async () => {
    const p = await m.payments.get('p1');
    expectTypeOf(p).toEqualTypeOf<PaymentResponse>();
    expectTypeOf(p.id).toBeString();
    const refund = await m.payments.refund(p.id, { amountOfMoney: { amount: 100, currencyCode: 'EUR' } });
    expectTypeOf(refund.id).toBeString();
    const found = await m.payments.find({ merchantReference: 'order-42' });
    expectTypeOf(found.payments[0]?.id).toEqualTypeOf<string | undefined>();
  });
});

describe('open enums: completion lists the known values; other strings stay valid', () => {
  it('the known values are in the type, so editors complete them; a misspelling is not among them', () => {
    type KnownActionType = (typeof MerchantActionTypeValues)[number];
    expectTypeOf<'REDIRECT'>().toExtend<KnownActionType>();
    expectTypeOf<'REDIRCT'>().not.toExtend<KnownActionType>();
    // @ts-expect-error a misspelt action type is flagged against the known values
    const misspelt: KnownActionType = 'REDIRCT';
    void misspelt;
    expectTypeOf<'PRE_AUTHORIZATION'>().toExtend<AuthorizationMode>();
    // the platform may add values: any string is still accepted and returned
    expectTypeOf<string>().toExtend<MerchantActionType>();
  });
});

describe('webhook events', () => {
  it('narrow by the object prefix with isWebhooksEventOf, and by exact type with ===', () => {
    const event = {} as TypedWebhooksEvent;
    if (isWebhooksEventOf(event, 'payment')) {
      expectTypeOf(event.payment).toEqualTypeOf<PaymentResponse>();
      expectTypeOf(event.payment.id).toBeString();
      // @ts-expect-error a payment event has no refund payload
      void event.refund.id;
    }
    if (event.type.startsWith('refund.') && isWebhooksEventOf(event, 'refund')) {
      expectTypeOf(event.refund.id).toBeString();
    }
    if (event.type === 'payment.paid') expectTypeOf(event.payment.status).toEqualTypeOf<PaymentStatus>();
    expectTypeOf<UnknownWebhooksEvent & { payment: PaymentResponse }>().toExtend<TypedWebhooksEvent>();
  });
});

describe('configuration', () => {
  it('a config object kept in a variable compiles without as const, env values without `!`', () => {
    const config = {
      host: '127.0.0.1',
      scheme: 'http',
      port: 4010,
      apiKeyId: process.env['CONNECT_API_KEY_ID'],
      secretApiKey: process.env['CONNECT_SECRET_API_KEY'],
      integrator: 'My Shop',
    };
    expectTypeOf(config).toExtend<ConnectConfig>();
    void new ConnectClass(config);
  });
});

describe('errors', () => {
  it('the error class and the error body entry have distinct names', () => {
    expectTypeOf<ApiError['errors'][number]>().toEqualTypeOf<ApiErrorItem>();
    expectTypeOf<ApiErrorItem['code']>().toEqualTypeOf<string | undefined>();
  });
});

describe('per-call options', () => {
  it('need no placeholder query', () => {
    expectTypeOf(m.payments.get('p1', { timeoutMs: 5_000 })).resolves.toEqualTypeOf<PaymentResponse>();
    expectTypeOf(
      m.payments.get('p1', { returnOperations: true }, { timeoutMs: 5_000 }),
    ).resolves.toEqualTypeOf<PaymentResponse>();
    // @ts-expect-error a misspelt option is neither a query parameter nor an option
    void m.payments.get('p1', { timeoutMillis: 5_000 });
  });
});
