// Ours, modern API: new Connect({...}).merchant(id).payments.create(body). Defaults everywhere
// (what a merchant gets out of the box); `logging: true` turns logging on with a logger that
// discards its output, obfuscation left at its default (on); `noRetry: true` sets maxRetries: 0.
// `sdkEntry` (a dist/index.js) loads another build of the SDK instead (--sdk-baseline).
import { pathToFileURL } from 'node:url';
import { fromDeclinedBody, fromSuccessBody } from '../lib/outcome.mjs';

export const label = 'ours (modern API)';

const discard = () => {};
export const discardingLogger = { trace: discard, debug: discard, info: discard, warn: discard, error: discard };

export async function create(o) {
  const sdk = await import(o.sdkEntry ? pathToFileURL(o.sdkEntry).href : 'connect-server-sdk');
  const connect = new sdk.Connect({
    host: o.host,
    scheme: 'http',
    port: o.port,
    apiKeyId: o.apiKeyId,
    secretApiKey: o.secretApiKey,
    integrator: o.integrator,
    ...(o.logging ? { enableLogging: true, logger: discardingLogger } : {}),
    ...(o.noRetry ? { maxRetries: 0 } : {}),
  });
  const payments = connect.merchant(o.merchantId).payments;
  const Declined = sdk.DeclinedPaymentError;
  return {
    async createPayment(body) {
      try {
        return fromSuccessBody(await payments.create(body));
      } catch (e) {
        if ((Declined && e instanceof Declined) || e?.name === 'DeclinedPaymentError') {
          return fromDeclinedBody({ paymentResult: e.paymentResult });
        }
        throw e;
      }
    },
    close: () => connect.close?.(),
  };
}
