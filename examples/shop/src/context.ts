// What every part of the shop gets: settings, the SDK scoped to the merchant, the orders, a logger.
import type { Connect, MerchantClient } from 'connect-server-sdk';
import type { ShopConfig } from './config.js';
import type { Db } from './db.js';
import type { Orders } from './orders.js';

export interface ShopContext {
  config: ShopConfig;
  connect: Connect;
  merchant: MerchantClient;
  db: Db;
  orders: Orders;
  /** base URL customers reach the shop at, without trailing slash (known once listening) */
  publicUrl(): string;
  log(message: string): void;
}
