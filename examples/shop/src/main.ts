// `node dist/main.js`: the shop as its own process, configured by environment variables (see README).

import { startShop } from './app.js';
import { configFromEnv } from './config.js';

const config = configFromEnv();
const shop = await startShop(config);
console.log(
  `shop listening on ${shop.url} (database: ${shop.ctx.db.kind}, platform: ${config.connect.endpoint.origin})`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  shop.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
