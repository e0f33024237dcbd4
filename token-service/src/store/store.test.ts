/** The store on real PGlite: migrations, the usage counter and quota, the site cache. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/support/stack.js';
import { newId } from '../lib/ids.js';
import { createSiteCache } from '../sites/cache.js';
import type { Db } from './db.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { insertSite, updateSite } from './sites.js';
import { insertTenant, updateTenant } from './tenants.js';
import { createUsageCounter, readUsage } from './usage.js';

let db: Db;
let now = Date.UTC(2026, 10, 25, 12);
const clock = { now: () => now };

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

async function tenantWithSite() {
  const tenant = await insertTenant(db, {
    id: newId('tenant'),
    name: 'T',
    upstreamUserId: `u${newId('tenant')}`,
    messagesPerDay: null,
    now,
  });
  const site = await insertSite(
    db,
    {
      id: newId('site'),
      tenantId: tenant.id,
      siteKey: newId('siteKey'),
      name: 's',
      allowedOrigins: ['https://a.example'],
      botId: 'bot1',
      theme: {},
      title: 'T',
      greeting: null,
      starterPrompts: [],
      locale: null,
    },
    now,
  );
  return { tenant, site };
}

describe('migrations', () => {
  it('are applied once and recorded', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('roll back as a whole when one fails', async () => {
    const bad = [
      ...MIGRATIONS,
      { version: 999, name: 'broken', sql: 'CREATE TABLE t999 (a int); SELECT nonsense FROM nowhere;' },
    ];
    await expect(migrate(db, bad)).rejects.toThrow();
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 't999'")).toEqual([]);
  });
});

describe('usage', () => {
  it('counts sessions in memory and flushes additively', async () => {
    const { tenant } = await tenantWithSite();
    const usage = createUsageCounter(db, clock, { flushIntervalMs: 60_000 });
    usage.count(tenant.id, 'sessions');
    usage.count(tenant.id, 'sessions');
    usage.count(tenant.id, 'conversations');
    await usage.flush();
    usage.count(tenant.id, 'sessions');
    await usage.close();
    expect(await readUsage(db, tenant.id, '2026-11-25', '2026-11-25')).toEqual([
      { day: '2026-11-25', sessions: 3, conversations: 1, messages: 0 },
    ]);
  });

  it('takes messages against the quota atomically, per UTC day', async () => {
    const { tenant } = await tenantWithSite();
    const usage = createUsageCounter(db, clock, { flushIntervalMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 10 }, () => usage.takeMessage(tenant.id, 4)));
    expect(results.filter(Boolean)).toHaveLength(4);
    now += 86_400_000;
    expect(await usage.takeMessage(tenant.id, 4)).toBe(true);
    expect(await usage.takeMessage(tenant.id, null)).toBe(true);
    await usage.close();
    const days = await readUsage(db, tenant.id, '2026-11-01', '2026-11-30');
    expect(days.map((d) => [d.day, d.messages])).toEqual([
      ['2026-11-25', 4],
      ['2026-11-26', 2],
    ]);
  });
});

describe('site cache', () => {
  it('serves from memory, and sees changes after invalidation', async () => {
    const { site, tenant } = await tenantWithSite();
    const cache = createSiteCache(db, clock, 30_000);
    const first = await cache.get(site.siteKey);
    expect(first).toMatchObject({ id: site.id, tenantStatus: 'active', upstreamUserId: expect.stringMatching(/^utn_/) });

    await updateSite(db, site.id, { title: 'Changed' }, now);
    expect((await cache.get(site.siteKey))!.title).toBe('T'); // cached
    cache.invalidate(site.siteKey);
    expect((await cache.get(site.siteKey))!.title).toBe('Changed');

    await updateTenant(db, tenant.id, { status: 'suspended' }, now);
    cache.invalidateTenant(tenant.id);
    expect((await cache.get(site.siteKey))!.tenantStatus).toBe('suspended');
  });

  it('expires entries after the TTL and caches unknown keys briefly', async () => {
    const { site } = await tenantWithSite();
    const cache = createSiteCache(db, clock, 1000);
    await cache.get(site.siteKey);
    await updateSite(db, site.id, { title: 'Later' }, now);
    now += 1001;
    expect((await cache.get(site.siteKey))!.title).toBe('Later');
    expect(await cache.get('pk_0000000000000000000000')).toBeNull();
  });

  it('shares one query between concurrent misses', async () => {
    const { site } = await tenantWithSite();
    let queries = 0;
    const counting = {
      query: (sql: string, p?: unknown[]) => {
        queries++;
        return db.query(sql, p);
      },
    } as Db;
    const cache = createSiteCache(counting, clock, 30_000);
    await Promise.all(Array.from({ length: 20 }, () => cache.get(site.siteKey)));
    expect(queries).toBe(1);
  });
});
