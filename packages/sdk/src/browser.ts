/**
 * What a browser bundle gets (the `browser` condition of package.json): a clear refusal. The SDK signs requests
 * with the merchant's secret API key, which must never ship to a browser; browsers talk to the platform through
 * the Client API with a client session created on your server (connect.merchant(id).sessions.create()).
 */
throw new Error(
  'connect-server-sdk is a server SDK: it signs requests with your secret API key, which must never be shipped to a browser. ' +
    'Call it from your server (Node, Bun, Deno, Cloudflare Workers) and give the browser a client session (sessions.create) for the Client API.',
);

export {};
