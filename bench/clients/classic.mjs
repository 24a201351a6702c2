// The classic callback API (connectSdk.init + payments.create(merchantId, body, context, cb)), shared
// by connect-sdk-nodejs 4.18.0 and by our 'connect-server-sdk/compat'.
import { createRequire } from 'node:module';
import { fromStatusAndBody } from '../lib/outcome.mjs';

const require = createRequire(import.meta.url);

export function classicClient(moduleName) {
  return async function create(o) {
    const mod = require(moduleName);
    const connectSdk = mod.init ? mod : mod.default;
    connectSdk.init({
      host: o.host,
      scheme: 'http',
      port: o.port,
      enableLogging: false,
      apiKeyId: o.apiKeyId,
      secretApiKey: o.secretApiKey,
      integrator: o.integrator,
    });
    return {
      createPayment(body) {
        return new Promise((resolve, reject) => {
          connectSdk.payments.create(o.merchantId, body, null, (error, response) => {
            if (error) reject(error);
            else {
              try {
                resolve(fromStatusAndBody(response.status, response.body));
              } catch (e) {
                reject(e);
              }
            }
          });
        });
      },
      close() {},
    };
  };
}
