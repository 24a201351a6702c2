// The database behind the orders: one SQL dialect (PostgreSQL), two ways to reach it.
// - PGlite (embedded Postgres compiled to WebAssembly): no server to install, the default.
// - A real PostgreSQL (`pg` pool) when DATABASE_URL is set, so several shop processes share the orders.
// The rest of the shop sees only `Db`: query, a transaction, close.
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';
import { MIGRATIONS } from './migrations.js';

export interface Queryable {
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** runs fn in one transaction: committed when it resolves, rolled back when it throws */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  pgliteDir?: string | undefined;
}): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.pgliteDir);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  if (dataDir !== undefined) return wrapPglite(await PGliteClass.create(dataDir));
  // In memory: start from a snapshot of an empty, migrated database (made on the first start, kept in the OS
  // temp folder) instead of running initdb inside WebAssembly every time; that is several times faster, which
  // tests and `npm start` notice. Any problem with the snapshot falls back to a fresh database.
  const snapshot = join(
    tmpdir(),
    `connect-shop-pglite-${createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12)}.tar`,
  );
  try {
    const pg = await PGliteClass.create({ loadDataDir: new Blob([await readFile(snapshot)]) });
    return wrapPglite(pg);
  } catch {
    // no snapshot yet (or one from another PGlite version): make one below
  }
  const pg = await PGliteClass.create('memory://');
  const db = wrapPglite(pg);
  await migrate(db);
  try {
    const dump = await pg.dumpDataDir('none');
    const partial = `${snapshot}.${process.pid}.tmp`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, snapshot); // atomic: a parallel start reads a whole snapshot or none
  } catch {
    // a read-only temp folder only costs speed
  }
  return db;
}

function wrapPglite(pg: PGlite): Db {
  const run = async <T extends object>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await q.query<T>(sql, params ? [...params] : undefined)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(pg, sql, params),
    transaction: (fn) => pg.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    close: () => pg.close(),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const pgModule = await import('pg');
  const pool: Pool = new pgModule.default.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its connection must not crash the shop; the next query reconnects.
  pool.on('error', () => {});
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params ? [...params] : undefined)).rows,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (sql, params) => (await client.query(sql, params ? [...params] : undefined)).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Applies the migrations not applied yet, in order, each in its own transaction. An advisory lock makes
 * two shop processes that start at the same time against one PostgreSQL take turns.
 */
async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727274)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    for (const [i, statements] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (done.has(version)) continue;
      for (const sql of statements) await tx.query(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}
