// connect-sdk-nodejs 5.2.0: init(config).v1.payments.create(merchantId, body) resolving to
// {status, body, isSuccess}.
import { createRequire } from 'node:module';
import { fromStatusAndBody } from '../lib/outcome.mjs';

const require = createRequire(import.meta.url);

export const label = 'connect-sdk-nodejs 5.2.0';

export async function create(o) {
  const sdk = require('connect-sdk-nodejs-5');
  const client = sdk.init({
    host: o.host,
    scheme: 'http',
    port: o.port,
    enableLogging: false,
    apiKeyId: o.apiKeyId,
    secretApiKey: o.secretApiKey,
    integrator: o.integrator,
  });
  const payments = client.v1.payments;
  return {
    async createPayment(body) {
      const res = await payments.create(o.merchantId, body);
      return fromStatusAndBody(res.status, res.body);
    },
    close() {},
  };
}
