/**
 * Usage per tenant per UTC day. Sessions, conversations and messages are counted in memory and
 * flushed as additive upserts every few seconds (they are on hot paths), except messages of a
 * tenant with a daily quota: those are counted atomically in the store, one conditional upsert per
 * message, so the quota holds exactly across replicas and restarts. (Counts made before a quota was
 * set reach the store within one flush interval.)
 */
import { UsageQuery, type Wire } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import { type Clock, secondsToUtcMidnight, utcDay } from '../platform/clock.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { Counter, UsageDelta, UsageStore } from './store.js';

const DAY_MS = 86_400_000;

export interface UsageServiceDeps {
  store: UsageStore;
  tenants: Pick<TenantService, 'require'>;
  clock: Clock;
  flushIntervalMs?: number;
}

export class UsageService {
  private pending = new Map<string, UsageDelta>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: UsageServiceDeps) {
    this.timer = setInterval(() => void this.flush(), deps.flushIntervalMs ?? 5000);
    this.timer.unref();
  }

  /** Count one event for the tenant today (written within a flush interval). */
  count(tenantId: string, counter: Counter): void {
    const day = utcDay(this.deps.clock.now());
    const key = `${tenantId}/${day}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { tenantId, day, sessions: 0, conversations: 0, messages: 0 }));
    p[counter] += 1;
  }

  /** Count one visitor message against the tenant's daily quota; quota_exceeded when it is used up. */
  async takeMessage(tenantId: string, quota: number | null): Promise<void> {
    if (quota === null) return this.count(tenantId, 'messages');
    const now = this.deps.clock.now();
    if (quota === 0 || !(await this.deps.store.takeMessage(tenantId, utcDay(now), quota))) {
      throw new ServiceError('quota_exceeded', { retryAfter: secondsToUtcMidnight(now) });
    }
  }

  /** The tenant's usage per day, from..to inclusive (default: the last 30 days). */
  async report(tenantId: string | undefined, query: Record<string, string>): Promise<Wire.Usage> {
    const tenant = await this.deps.tenants.require(tenantId);
    const parsed = UsageQuery.safeParse(query);
    if (!parsed.success) throw new ServiceError('invalid_request', { message: 'from and to must be dates like 2026-11-25.' });
    // Counted in memory for a few seconds before they are written: include them.
    await this.flush();
    const to = parsed.data.to ?? utcDay(this.deps.clock.now());
    const from = parsed.data.from ?? utcDay(Date.parse(to) - 29 * DAY_MS);
    if (from > to) throw new ServiceError('invalid_request', { message: 'from must not be after to.' });
    const days = await this.deps.store.read(tenant.id, from, to);
    const totals = days.reduce(
      (t, d) => ({
        sessions: t.sessions + d.sessions,
        conversations: t.conversations + d.conversations,
        messages: t.messages + d.messages,
      }),
      { sessions: 0, conversations: 0, messages: 0 },
    );
    return { tenantId: tenant.id, from, to, days, totals };
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async flushNow(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const p of batch.values()) {
      try {
        await this.deps.store.add(p);
      } catch {
        // Keep the counts for the next flush rather than lose them (e.g. the database restarting).
        const key = `${p.tenantId}/${p.day}`;
        const again = this.pending.get(key) ?? { ...p, sessions: 0, conversations: 0, messages: 0 };
        again.sessions += p.sessions;
        again.conversations += p.conversations;
        again.messages += p.messages;
        this.pending.set(key, again);
      }
    }
  }
}
