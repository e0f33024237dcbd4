/** Usage on real PGlite: counts made in memory and flushed additively; the daily quota taken atomically. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import type { Db } from '../platform/db.js';
import { newId } from '../platform/ids.js';
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

async function tenant() {
  return createTenantStore(db).insert({
    id: newId('tenant'),
    name: 'T',
    upstreamUserId: `u${newId('tenant')}`,
    messagesPerDay: null,
    now,
  });
}

const usageService = () =>
  new UsageService({
    store: createUsageStore(db),
    tenants: { require: async (id) => ({ ...(await createTenantStore(db).get(id!))! }) },
    clock,
    flushIntervalMs: 60_000,
  });

describe('usage', () => {
  it('counts in memory and flushes additively', async () => {
    const t = await tenant();
    const usage = usageService();
    usage.count(t.id, 'sessions');
    usage.count(t.id, 'sessions');
    usage.count(t.id, 'conversations');
    await usage.flush();
    usage.count(t.id, 'sessions');
    await usage.close();
    expect(await createUsageStore(db).read(t.id, '2026-11-25', '2026-11-25')).toEqual([
      { day: '2026-11-25', sessions: 3, conversations: 1, messages: 0 },
    ]);
  });

  it('takes messages against the quota atomically, per UTC day', async () => {
    const t = await tenant();
    const usage = usageService();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => usage.takeMessage(t.id, 4)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ServiceError);
    expect(refused.reason).toMatchObject({ code: 'quota_exceeded', retryAfter: 12 * 3600 });
    now += 86_400_000;
    await usage.takeMessage(t.id, 4);
    await usage.takeMessage(t.id, null);
    await usage.close();
    const days = await createUsageStore(db).read(t.id, '2026-11-01', '2026-11-30');
    expect(days.map((d) => [d.day, d.messages])).toEqual([
      ['2026-11-25', 4],
      ['2026-11-26', 2],
    ]);
  });

  it('reports a date range with totals, and refuses a range that ends before it starts', async () => {
    const t = await tenant();
    const usage = usageService();
    usage.count(t.id, 'messages');
    const report = await usage.report(t.id, { from: '2026-11-20', to: '2026-11-30' });
    expect(report).toMatchObject({ tenantId: t.id, from: '2026-11-20', to: '2026-11-30', totals: { messages: 1 } });
    await expect(usage.report(t.id, { from: '2026-11-30', to: '2026-11-20' })).rejects.toMatchObject({ code: 'invalid_request' });
    await usage.close();
  });
});
