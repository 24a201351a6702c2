// Shared request/response/event fixtures for the benchmarks. Every client sends the same bodies and
// the stand-in server answers every client with the same bytes, so the only variable is the client.

/** Credentials of the stand-in server (not secrets: a local benchmark). */
export const API_KEY_ID = 'bench-key-id';
export const SECRET_API_KEY = 'bench-secret-api-key-0123456789abcdef';
export const MERCHANT_ID = '1234';
export const INTEGRATOR = 'connect-toolkit-bench';

/** A create-payment call with this amount (in cents) is declined with HTTP 402 + paymentResult. */
export const DECLINE_AMOUNT = 402;
/** One call in DECLINE_EVERY uses the decline amount (exercises every client's error path). */
export const DECLINE_EVERY = 100;

export function isDeclineCall(i) {
  return i % DECLINE_EVERY === DECLINE_EVERY - 1;
}

/** A realistic card CreatePaymentRequest (~1 KB of JSON), unique merchantReference per call. */
export function createPaymentBody(i) {
  return {
    order: {
      amountOfMoney: { currencyCode: 'EUR', amount: isDeclineCall(i) ? DECLINE_AMOUNT : 2980 },
      customer: {
        merchantCustomerId: '1234',
        personalInformation: {
          name: { title: 'Mr.', firstName: 'Wile', surnamePrefix: 'E.', surname: 'Coyote' },
          gender: 'male',
          dateOfBirth: '19490917',
        },
        companyInformation: { name: 'Acme Labs' },
        locale: 'en_US',
        billingAddress: {
          street: 'Desertroad',
          houseNumber: '13',
          additionalInfo: 'b',
          zip: '84536',
          city: 'Monument Valley',
          state: 'Utah',
          countryCode: 'US',
        },
        contactDetails: {
          emailAddress: 'wile.e.coyote@acmelabs.com',
          phoneNumber: '+1234567890',
          faxNumber: '+1234567891',
          emailMessageType: 'html',
        },
        vatNumber: '1234AB5678CD',
      },
      references: {
        merchantReference: `bench-order-${process.pid}-${i}`,
        descriptor: 'Fast and Furry-ous',
      },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      skipAuthentication: false,
      card: {
        cvv: '123',
        cardNumber: '4567350000427977',
        expiryDate: '1230',
        cardholderName: 'Wile E. Coyote',
      },
    },
  };
}

function paymentId(n) {
  return '000000' + MERCHANT_ID + String(n).padStart(10, '0') + '0000100001';
}

function payment(n, amount, status, merchantReference) {
  const rejected = status === 'REJECTED';
  return {
    id: paymentId(n),
    paymentOutput: {
      amountOfMoney: { amount, currencyCode: 'EUR' },
      references: { merchantReference, paymentReference: '0', merchantOrderId: 123456 },
      amountPaid: 0,
      amountCaptured: 0,
      amountCaptureRequested: 0,
      amountRefunded: 0,
      amountRefundRequested: 0,
      amountReversed: 0,
      paymentMethod: 'card',
      cardPaymentMethodSpecificOutput: {
        paymentProductId: 1,
        authorisationCode: rejected ? undefined : 'OK1131',
        fraudResults: {
          fraudServiceResult: 'no-advice',
          avsResult: '0',
          cvvResult: 'M',
        },
        card: { cardNumber: '************7977', expiryDate: '1230', cardholderName: 'Wile E. Coyote' },
        threeDSecureResults: {
          eci: '05',
          threeDSecureVersion: '2.2.0',
          directoryServerTransactionId: 'f25084f0-5b16-4c0a-ae5d-b24808a95e4b',
          acsTransactionId: '13c701a3-5a88-4c45-89e9-ef65e50a8bf9',
          threeDServerTransactionId: 'd34de0e5-4c36-4df6-9a40-09d1b7a8b6e2',
          cavv: 'AAABBEg0VhI0VniQEjRWAAAAAAA=',
          authenticationAmount: { amount, currencyCode: 'EUR' },
        },
        schemeTransactionId: '112233445566778',
        paymentAccountReference: 'V0010013819308286421123456789',
      },
    },
    status,
    statusOutput: rejected
      ? {
          isCancellable: false,
          statusCategory: 'UNSUCCESSFUL',
          statusCode: 100,
          statusCodeChangeDateTime: '20261128120000',
          isAuthorized: false,
          isRefundable: false,
          errors: [
            {
              code: '430330',
              requestId: '2001798',
              message: 'Not authorised',
              httpStatusCode: 402,
              category: 'IO_ERROR',
              id: 'ACQUIRER_NOT_AUTHORISED',
            },
          ],
        }
      : {
          isCancellable: true,
          statusCategory: 'PENDING_MERCHANT',
          statusCode: 600,
          statusCodeChangeDateTime: '20261128120000',
          isAuthorized: true,
          isRefundable: false,
          threeDSecureStatus: 'AUTHENTICATED',
        },
  };
}

/** The JSON text of a realistic CreatePaymentResponse (about 1.5 KB). */
export function createPaymentResponse(n, amount, merchantReference) {
  return JSON.stringify({
    creationOutput: {
      additionalReference: '00000012341000059598',
      externalReference: '000000123410000595980000100001',
      isNewToken: false,
      token: 'bfa8a7e4-4530-455a-858d-204ba2afb77e',
      tokenizationSucceeded: false,
    },
    payment: payment(n, amount, 'PENDING_APPROVAL', merchantReference),
  });
}

/** The JSON text of a PaymentErrorResponse for a declined create (HTTP 402). */
export function declinedPaymentResponse(n, amount, merchantReference) {
  return JSON.stringify({
    errorId: '657b10da-d2f9-4088-a948-bf190ef516b4',
    errors: [
      {
        code: '430330',
        requestId: '2001798',
        message: 'Not authorised',
        httpStatusCode: 402,
        category: 'IO_ERROR',
        id: 'ACQUIRER_NOT_AUTHORISED',
      },
    ],
    paymentResult: {
      creationOutput: { additionalReference: '00000012341000059598', externalReference: paymentId(n) },
      payment: payment(n, amount, 'REJECTED', merchantReference),
    },
  });
}

export function paymentLocation(n) {
  return `https://api.preprod.connect.worldline-solutions.com/v1/${MERCHANT_ID}/payments/${paymentId(n)}`;
}

/** Webhook signing key (keyId + secret) used by the webhook scenario. */
export const WEBHOOK_KEY_ID = 'bench-webhook-key';
export const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** A realistic `payment.paid` WebhooksEvent of about 2 KB (JSON text). */
export function webhookEventJson() {
  const p = payment(7, 2980, 'PAID', 'bench-order-webhook');
  p.statusOutput = {
    isCancellable: false,
    statusCategory: 'COMPLETED',
    statusCode: 1000,
    statusCodeChangeDateTime: '20261128120500',
    isAuthorized: true,
    isRefundable: true,
  };
  p.paymentOutput.amountPaid = 2980;
  p.paymentOutput.amountCaptured = 2980;
  p.paymentOutput.operations = [
    {
      id: '000000123410000595980000100001',
      type: 'AUTHORIZATION',
      status: 'PENDING_CAPTURE',
      amountOfMoney: { amount: 2980, currencyCode: 'EUR' },
      timestamp: '2026-11-28T12:00:00.000+0100',
    },
    {
      id: '000000123410000595980000100002',
      type: 'CAPTURE',
      status: 'CAPTURED',
      amountOfMoney: { amount: 2980, currencyCode: 'EUR' },
      timestamp: '2026-11-28T12:05:00.000+0100',
    },
  ];
  p.hostedCheckoutSpecificOutput = { hostedCheckoutId: '8c4d4b3e-1a4c-4f3b-9a2f-3d4b5c6d7e8f', variant: '100' };
  return JSON.stringify({
    apiVersion: 'v1',
    created: '2026-11-28T12:05:00.000+0100',
    id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
    merchantId: MERCHANT_ID,
    type: 'payment.paid',
    payment: p,
  });
}

/**
 * The same response texts, built by filling a template made once instead of serialising an object
 * per request, so that the stand-in server spends as little CPU per call as possible (it must never
 * be what limits the fastest client). `fast(n, amount, ref) === slow(n, amount, ref)`.
 */
function templated(slow) {
  const ID = 'ID_9f3c1b';
  const REF = 'REF_7d2e4a';
  const AMOUNT = 987654321;
  const text = slow(0, AMOUNT, REF).replaceAll(paymentId(0), ID);
  const parts = text.split(new RegExp(`(${ID}|"${REF}"|${AMOUNT})`));
  return (n, amount, ref) => {
    const id = paymentId(n);
    const quotedRef = JSON.stringify(ref);
    const amountText = String(amount);
    let out = '';
    for (const p of parts) out += p === ID ? id : p === `"${REF}"` ? quotedRef : p === String(AMOUNT) ? amountText : p;
    return out;
  };
}

export const createPaymentResponseFast = templated(createPaymentResponse);
export const declinedPaymentResponseFast = templated(declinedPaymentResponse);
