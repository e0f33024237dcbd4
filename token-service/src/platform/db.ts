/**
 * One query interface over two PostgreSQL engines: embedded PGlite (default, a data directory, no
 * server) and a real server through `pg` when DATABASE_URL is set. Both take `$n` parameters and
 * return rows; everything above this file is written once, in PostgreSQL's dialect.
 *
 * Hand-written rather than an ORM: the service runs about twenty fixed statements, and the two
 * drivers already agree on `query(text, params) -> rows`; this file only evens out transactions,
 * int8 parsing and shutdown.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

import { StoreUnavailableError } from '../errors.js';

export { StoreUnavailableError };

// Connection failures and the server's "shutting down / not accepting connections" states.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(
    message,
  );
}

/** Re-throw connection failures as StoreUnavailableError; anything else unchanged. */
async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isUnavailable(err)) throw new StoreUnavailableError('the database is unavailable', { cause: err });
    throw err;
  }
}

export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Tx extends Queryable {
  /** Runs several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Tx {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A cheap round trip, for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PgliteOptions {
  /** A directory to keep data in; omitted means in memory. */
  dataDir?: string;
  /** A dump made by `dumpDataDir()`, to start from a ready-made database (tests). */
  loadDataDir?: Blob;
}

export async function openPglite(opts: PgliteOptions = {}): Promise<Db> {
  const db = await PGlite.create(opts.dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  return {
    kind: 'pglite',
    async query<T extends object>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    transaction(fn) {
      return db.transaction((tx) =>
        fn({
          query: async <T extends object>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    async ping() {
      await db.query('SELECT 1');
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

/** Exposed for tests that want a template database to clone. */
export async function dumpPglite(dataDir?: string): Promise<Blob> {
  const db = await PGlite.create(dataDir);
  try {
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

// int8 (bigint) columns hold epoch milliseconds and counters, well inside 2^53: read them as numbers,
// as PGlite does, instead of pg's default strings.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function openPostgres(connectionString: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    types: pgTypes as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
    // Keep a dead server from hanging requests forever.
    query_timeout: 10_000,
  });
  // An idle client losing its server emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => {});
  const asTx = (client: pg.Pool | pg.PoolClient): Tx => ({
    async query<T extends object>(sql: string, params?: unknown[]) {
      return (await guard(client.query(sql, params))).rows as T[];
    },
    async exec(sql: string) {
      await guard(client.query(sql));
    },
  });
  const root = asTx(pool);
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const client = await guard(pool.connect());
      try {
        await client.query('BEGIN');
        const result = await fn(asTx(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async ping() {
      await guard(pool.query('SELECT 1'));
    },
    async close() {
      await pool.end();
    },
  };
}
