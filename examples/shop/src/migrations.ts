// The schema, as an append-only list of migrations (applied at start by db.ts). Never edit a released
// migration: add a new one.

export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE orders (
      id text PRIMARY KEY,
      customer_id text NOT NULL,
      checkout_token text UNIQUE,
      items jsonb NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      currency text NOT NULL,
      flow text NOT NULL CHECK (flow IN ('hosted', 'client', 'server')),
      status text NOT NULL DEFAULT 'NEW',
      status_rank integer NOT NULL DEFAULT 0,
      payment_id text,
      hosted_checkout_id text UNIQUE,
      return_mac text,
      amount_captured bigint NOT NULL DEFAULT 0,
      failure text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX orders_customer ON orders (customer_id, created_at DESC)',
    'CREATE INDEX orders_payment ON orders (payment_id)',
    `CREATE TABLE refunds (
      id text PRIMARY KEY,
      order_id text NOT NULL REFERENCES orders (id),
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL,
      status_rank integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    'CREATE INDEX refunds_order ON refunds (order_id)',
    `CREATE TABLE webhook_events (
      id text PRIMARY KEY,
      type text NOT NULL,
      order_id text,
      processed_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
];
