/** Usage on real PGlite: counts made in memory and flushed additively; the daily quota taken atomically. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import type { Db } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { utcDay } from '../platform/clock.js';
import { openTestDb } from '../platform/test-db.js';
import { createTenantStore } from '../tenants/store.js';
import { createUsageStore } from './store.js';
import { UsageService } from './usage-service.js';

let db: Db;
let now = Date.UTC(2026, 10, 25, 12);
const clock = { now: () => now };

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

let created = 0;

async function tenant() {
  const t = await createTenantStore(db).insert({
    id: newId('tenant'),
    name: 'T',
    upstreamUserId: `u${newId('tenant')}`,
    messagesPerDay: null,
    now,
  });
  const site = async (name: string) => {
    const id = newId('site');
    await db.query(
      `INSERT INTO sites (id, tenant_id, site_key, name, status, allowed_origins, bot_id, theme, title, starter_prompts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'active', '[]', 'bot', '{}', 'Chat', '[]', $5, $5)`,
      [id, t.id, `pk_${id}`, name, now + ++created],
    );
    return { id, tenantId: t.id, name };
  };
  const a = await site('Shop');
  const b = await site('Blog');
  return { ...t, a, b, sites: [a, b] };
}

const usageService = () =>
  new UsageService({
    store: createUsageStore(db),
    tenants: { require: async (id) => ({ ...(await createTenantStore(db).get(id!))! }) },
    clock,
    flushIntervalMs: 60_000,
  });

const zero = { sessions: 0, conversations: 0, messages: 0, answersCompleted: 0, answersFailed: 0, thumbsUp: 0, thumbsDown: 0 };

async function newTenant() {
  return tenant();
}

describe('usage', () => {
  it('counts in memory and flushes additively, per site and for the tenant', async () => {
    const t = await newTenant();
    const usage = usageService();
    usage.count(t.a, 'sessions');
    usage.count(t.a, 'sessions');
    usage.count(t.b, 'conversations');
    await usage.flush();
    usage.count(t.a, 'sessions');
    usage.count(t.b, 'answersCompleted');
    usage.count(t.b, 'answersFailed');
    await usage.close();
    const store = createUsageStore(db);
    expect(await store.read(t.id, '2026-11-25', '2026-11-25')).toEqual([
      { ...zero, day: '2026-11-25', sessions: 3, conversations: 1, answersCompleted: 1, answersFailed: 1 },
    ]);
    expect(await store.readSite(t.id, t.a.id, '2026-11-25', '2026-11-25')).toEqual([{ ...zero, day: '2026-11-25', sessions: 3 }]);
  });

  it('takes messages against the quota atomically, per UTC day, and counts them for the site', async () => {
    const t = await newTenant();
    const usage = usageService();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => usage.takeMessage(t.a, 4)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ServiceError);
    expect(refused.reason).toMatchObject({ code: 'quota_exceeded', retryAfter: 12 * 3600 });
    now += 86_400_000;
    await usage.takeMessage(t.a, 4);
    await usage.takeMessage(t.b, null);
    await usage.close();
    const store = createUsageStore(db);
    const days = await store.read(t.id, '2026-11-01', '2026-11-30');
    // The quota's own count is not counted twice when the site's share is written.
    expect(days.map((d) => [d.day, d.messages])).toEqual([
      ['2026-11-25', 4],
      ['2026-11-26', 2],
    ]);
    const site = await store.readSite(t.id, t.a.id, '2026-11-01', '2026-11-30');
    expect(site.map((d) => [d.day, d.messages])).toEqual([
      ['2026-11-25', 4],
      ['2026-11-26', 1],
    ]);
  });

  it('moves a changed rating: taken back on the day it was given, counted today', async () => {
    const t = await newTenant();
    const usage = usageService();
    const given = now;
    usage.rated(t.a, 'up', null);
    usage.rated(t.a, 'up', null);
    now += 86_400_000;
    usage.rated(t.a, 'down', { rating: 'up', at: given });
    const report = await usage.report(t.id, { from: '2026-11-01', to: '2026-12-31' });
    expect(report.days.map((d) => [d.day, d.thumbsUp, d.thumbsDown])).toEqual([
      [utcDay(given), 1, 0],
      [utcDay(now), 0, 1],
    ]);
    expect([report.totals.thumbsUp, report.totals.thumbsDown]).toEqual([1, 1]);
    await usage.close();
  });

  it('reports a date range with totals and every site, or one site; refuses bad ranges and foreign sites', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const usage = usageService();
    usage.count(t.a, 'messages');
    usage.count(t.b, 'messages');
    usage.count(t.b, 'thumbsDown');
    const report = await usage.report(t.id, { from: '2026-11-20', to: '2026-12-30' });
    expect(report).toMatchObject({ tenantId: t.id, siteId: null, from: '2026-11-20', to: '2026-12-30', totals: { messages: 2 } });
    expect(report.sites).toEqual([
      { siteId: t.a.id, name: 'Shop', totals: { ...zero, messages: 1 } },
      { siteId: t.b.id, name: 'Blog', totals: { ...zero, messages: 1, thumbsDown: 1 } },
    ]);
    const one = await usage.report(t.id, { from: '2026-11-20', to: '2026-12-30', siteId: t.b.id });
    expect([one.siteId, one.totals]).toEqual([t.b.id, { ...zero, messages: 1, thumbsDown: 1 }]);
    await expect(usage.report(t.id, { siteId: other.a.id })).rejects.toMatchObject({ code: 'site_not_found' });
    await expect(usage.report(t.id, { siteId: 'nope' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(usage.report(t.id, { from: '2026-11-30', to: '2026-11-20' })).rejects.toMatchObject({ code: 'invalid_request' });
    await usage.close();
  });
});
