/**
 * The invalidation bus: how a change made on one replica reaches every replica's caches. A change
 * is applied to this process's subscribers at once and announced with PostgreSQL NOTIFY; every
 * replica LISTENs and applies it too, so a suspension or a key rotation stops working everywhere
 * within moments. A replica that lost its LISTEN connection may have missed announcements: when it
 * reconnects, every subscriber resynchronises (drops or reloads what it holds). With embedded
 * PGlite there is one process, so only the local part runs. The bus knows nothing of what is
 * cached: sites, signing keys, identity keys and conversation owners subscribe to it.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './db.js';

export type InvalidationEvent =
  | { kind: 'site'; siteKey: string }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'keys' }
  /** A visitor's conversations on a site became another visitor's (a signed-in user adopted them). */
  | { kind: 'owner'; siteId: string; from: string; to: string };

export interface InvalidationSubscriber {
  /** Apply one change (a local publish waits for it). */
  apply(event: InvalidationEvent): void | Promise<void>;
  /** Announcements may have been missed: start over from the store. */
  resync(): void | Promise<void>;
}

export interface InvalidationBus {
  publish(event: InvalidationEvent): Promise<void>;
  subscribe(subscriber: InvalidationSubscriber): void;
  close(): Promise<void>;
}

const CHANNEL = 'tessera_invalidate';

function parse(payload: string | undefined): InvalidationEvent | null {
  try {
    const e = JSON.parse(payload ?? '') as InvalidationEvent;
    if (e.kind === 'site' && typeof e.siteKey === 'string') return e;
    if (e.kind === 'tenant' && typeof e.tenantId === 'string') return e;
    if (e.kind === 'keys') return e;
    if (e.kind === 'owner' && [e.siteId, e.from, e.to].every((v) => typeof v === 'string')) return e;
  } catch {
    // not ours
  }
  return null;
}

export function createInvalidationBus(opts: {
  db: Db;
  /** Set when the store is PostgreSQL: the LISTEN connection is opened with it. */
  databaseUrl: string | null;
  logger: Logger;
}): InvalidationBus {
  const { logger } = opts;
  const subscribers: InvalidationSubscriber[] = [];
  const apply = async (e: InvalidationEvent) => {
    for (const s of subscribers) await s.apply(e);
  };
  const resync = async () => {
    for (const s of subscribers) await Promise.resolve(s.resync()).catch(() => {});
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
      if (event) apply(event).catch((err: Error) => logger.warn({ error: { message: err.message } }, 'invalidation failed'));
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (attempts > 0) {
        // Announcements made while we were away are lost: start from a clean cache.
        await resync();
        logger.info('invalidation channel back; caches cleared');
      }
      attempts = 0;
    } catch (err) {
      lost((err as Error).message);
    }
  };
  void listen();

  return {
    subscribe(subscriber) {
      subscribers.push(subscriber);
    },
    async publish(event) {
      await apply(event);
      if (opts.db.kind !== 'postgres') return;
      try {
        await opts.db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
      } catch (err) {
        // The change itself is stored; other replicas will see it when their cache entries expire.
        logger.warn({ error: { message: (err as Error).message } }, 'could not announce an invalidation');
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
