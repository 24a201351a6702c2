// Every setting of the shop, read once from the environment (or given by a test), with the defaults that
// match a local connect-sandbox. Credentials for the real platform come only from the environment.

export interface ShopConfig {
  /** port to listen on; 0 = any free port */
  port: number;
  host: string;
  /** the URL customers reach the shop at (return URLs are built from it); default http://<host>:<port> */
  publicUrl: string | undefined;
  /** name of this shop process in logs and in the webhook_events table (several can share one database) */
  instance: string;
  connect: {
    /** http://127.0.0.1:4010 for the sandbox, https://<preprod host> for the platform */
    endpoint: URL;
    apiKeyId: string;
    secretApiKey: string;
    merchantId: string;
    integrator: string;
    /** what hostedCheckoutUrl() puts before partialRedirectUrl: 'http://' for the sandbox, 'payment' (subdomain) live */
    checkoutBase: string;
    /** SDK retries of calls that are safe to repeat (default 2) */
    maxRetries: number;
  };
  webhooks: { keyId: string; secret: string };
  /** postgres://... : a shared PostgreSQL; unset = embedded PGlite */
  databaseUrl: string | undefined;
  /** PGlite data directory; unset = in memory (orders are gone when the shop stops) */
  pgliteDir: string | undefined;
  /** how card payments are authorised: capture later from the back office, or 'SALE' */
  authorizationMode: 'FINAL_AUTHORIZATION' | 'PRE_AUTHORIZATION' | 'SALE';
  countryCode: string;
  currency: string;
  locale: string;
}

/** Defaults of a local `connect-sandbox` (its documented default credentials). */
export const SANDBOX_DEFAULTS = {
  endpoint: 'http://127.0.0.1:4010',
  apiKeyId: 'sandbox-api-key-id',
  secretApiKey: 'sandbox-secret-api-key',
  merchantId: '1234',
  webhookKeyId: 'shop-webhook-key',
  webhookSecret: 'shop-webhook-secret-for-local-use-only',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function intFrom(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

export function configFromEnv(env: Env = process.env): ShopConfig {
  const endpointText = env['CONNECT_API_ENDPOINT'] || SANDBOX_DEFAULTS.endpoint;
  let endpoint: URL;
  try {
    endpoint = new URL(endpointText);
  } catch {
    throw new Error(
      `CONNECT_API_ENDPOINT must be a URL such as http://127.0.0.1:4010, got ${JSON.stringify(endpointText)}`,
    );
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new Error('CONNECT_API_ENDPOINT must start with http:// or https://');
  }
  const mode = env['SHOP_AUTHORIZATION_MODE'] || 'FINAL_AUTHORIZATION';
  if (mode !== 'FINAL_AUTHORIZATION' && mode !== 'PRE_AUTHORIZATION' && mode !== 'SALE') {
    throw new Error('SHOP_AUTHORIZATION_MODE must be FINAL_AUTHORIZATION, PRE_AUTHORIZATION or SALE');
  }
  return {
    port: intFrom(env, 'SHOP_PORT', 3000),
    host: env['SHOP_HOST'] || '127.0.0.1',
    publicUrl: env['SHOP_PUBLIC_URL'] || undefined,
    instance: env['SHOP_INSTANCE'] || `shop-${process.pid}`,
    connect: {
      endpoint,
      apiKeyId: env['CONNECT_API_KEY_ID'] || SANDBOX_DEFAULTS.apiKeyId,
      secretApiKey: env['CONNECT_SECRET_API_KEY'] || SANDBOX_DEFAULTS.secretApiKey,
      merchantId: env['CONNECT_MERCHANT_ID'] || SANDBOX_DEFAULTS.merchantId,
      integrator: env['CONNECT_INTEGRATOR'] || 'Connect example shop',
      checkoutBase: env['CONNECT_CHECKOUT_BASE'] || (endpoint.protocol === 'http:' ? 'http://' : 'payment'),
      maxRetries: intFrom(env, 'CONNECT_MAX_RETRIES', 2),
    },
    webhooks: {
      keyId: env['CONNECT_WEBHOOK_KEY_ID'] || SANDBOX_DEFAULTS.webhookKeyId,
      secret: env['CONNECT_WEBHOOK_SECRET'] || SANDBOX_DEFAULTS.webhookSecret,
    },
    databaseUrl: env['DATABASE_URL'] || undefined,
    pgliteDir: env['SHOP_PGLITE_DIR'] || undefined,
    authorizationMode: mode,
    countryCode: env['SHOP_COUNTRY'] || 'NL',
    currency: env['SHOP_CURRENCY'] || 'EUR',
    locale: env['SHOP_LOCALE'] || 'en_GB',
  };
}
