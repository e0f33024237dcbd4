/**
 * Cache invalidation across replicas. A change made through one replica's admin API is applied to
 * its own caches at once and announced with PostgreSQL NOTIFY; every replica LISTENs and applies it
 * too, so a suspension or key rotation stops working everywhere within moments. A replica that lost
 * its LISTEN connection may have missed announcements: when it reconnects it drops its whole cache.
 * With embedded PGlite there is one process, so only the local part runs.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Keyring } from '../signing/keyring.js';
import type { Db } from '../store/db.js';
import type { SiteCache } from './cache.js';

export type InvalidationEvent = { kind: 'site'; siteKey: string } | { kind: 'tenant'; tenantId: string } | { kind: 'keys' };

export interface Invalidator {
  publish(event: InvalidationEvent): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'tessera_invalidate';

function parse(payload: string | undefined): InvalidationEvent | null {
  try {
    const e = JSON.parse(payload ?? '') as InvalidationEvent;
    if (e.kind === 'site' && typeof e.siteKey === 'string') return e;
    if (e.kind === 'tenant' && typeof e.tenantId === 'string') return e;
    if (e.kind === 'keys') return e;
  } catch {
    // not ours
  }
  return null;
}

export function createInvalidator(opts: {
  db: Db;
  /** Set when the store is PostgreSQL: the LISTEN connection is opened with it. */
  databaseUrl: string | null;
  sites: SiteCache;
  keyring: Keyring;
  logger: Logger;
}): Invalidator {
  const { sites, keyring, logger } = opts;
  const apply = async (e: InvalidationEvent) => {
    if (e.kind === 'site') sites.invalidate(e.siteKey);
    else if (e.kind === 'tenant') sites.invalidateTenant(e.tenantId);
    else await keyring.reload();
  };

  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let attempts = 0;

  const listen = async () => {
    if (closed || !opts.databaseUrl) return;
    const client = new pg.Client({ connectionString: opts.databaseUrl, connectionTimeoutMillis: 5000 });
    const lost = (why: string) => {
      if (listener !== client) return;
      listener = null;
      client.end().catch(() => {});
      if (closed) return;
      logger.warn({ why }, 'lost the invalidation channel; reconnecting');
      retry = setTimeout(() => void listen(), Math.min(5000, 250 * 2 ** attempts++));
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (msg) => {
      const event = msg.channel === CHANNEL ? parse(msg.payload) : null;
      if (event) apply(event).catch((err: Error) => logger.warn({ err: { message: err.message } }, 'invalidation failed'));
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (attempts > 0) {
        // Announcements made while we were away are lost: start from a clean cache.
        sites.clear();
        await keyring.reload().catch(() => {});
        logger.info('invalidation channel back; caches cleared');
      }
      attempts = 0;
    } catch (err) {
      lost((err as Error).message);
    }
  };
  void listen();

  return {
    async publish(event) {
      await apply(event);
      if (opts.db.kind !== 'postgres') return;
      try {
        await opts.db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
      } catch (err) {
        // The change itself is stored; other replicas will see it when their cache entries expire.
        logger.warn({ err: { message: (err as Error).message } }, 'could not announce an invalidation');
      }
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
    },
  };
}
