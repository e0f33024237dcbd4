/**
 * Usage per site per UTC day: sessions, conversations, messages, answers completed and failed, and
 * visitors' ratings. Counted in memory and flushed as additive upserts every few seconds (they are
 * on hot paths), to the site's row and the tenant's, except messages of a
 * tenant with a daily quota: those are counted atomically in the store, one conditional upsert per
 * message, so the quota holds exactly across replicas and restarts. (Counts made before a quota was
 * set reach the store within one flush interval.)
 */
import { UsageQuery, type Wire } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import { type Clock, secondsToUtcMidnight, utcDay } from '../platform/clock.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { type Counter, type Counts, COUNTERS, type UsageDelta, type UsageStore, zeroCounts } from './store.js';

const DAY_MS = 86_400_000;

/** Where an event happened: a site of a tenant. */
export interface UsageSite {
  tenantId: string;
  id: string;
}

export interface UsageServiceDeps {
  store: UsageStore;
  tenants: Pick<TenantService, 'require'>;
  clock: Clock;
  flushIntervalMs?: number;
}

const addCounts = (a: Counts, b: Counts): Counts => {
  const out = { ...a };
  for (const c of COUNTERS) out[c] += b[c];
  return out;
};

export class UsageService {
  private pending = new Map<string, UsageDelta>();
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: UsageServiceDeps) {
    this.timer = setInterval(() => void this.flush(), deps.flushIntervalMs ?? 5000);
    this.timer.unref();
  }

  /**
   * Count an event on the site (written within a flush interval): on `at`'s UTC day, today by
   * default; `by` may be negative (a rating taken back when it is changed).
   */
  count(site: UsageSite, counter: Counter, by = 1, at = this.deps.clock.now()): void {
    const p = this.delta(site, utcDay(at));
    p.site[counter] += by;
    if (counter === 'sessions' || counter === 'conversations' || counter === 'messages') p.tenant[counter] += by;
  }

  /** Count one visitor message against the tenant's daily quota; quota_exceeded when it is used up. */
  async takeMessage(site: UsageSite, quota: number | null): Promise<void> {
    if (quota === null) return this.count(site, 'messages');
    const now = this.deps.clock.now();
    if (quota === 0 || !(await this.deps.store.takeMessage(site.tenantId, utcDay(now), quota))) {
      throw new ServiceError('quota_exceeded', { retryAfter: secondsToUtcMidnight(now) });
    }
    // In the tenant's row already (atomically); the site's share is counted like the rest.
    this.delta(site, utcDay(now)).site.messages += 1;
  }

  /** A visitor rated an answer, or changed their rating (then the earlier one is taken back). */
  rated(site: UsageSite, rating: 'up' | 'down', previous: { rating: 'up' | 'down'; at: number } | null): void {
    if (previous) this.count(site, previous.rating === 'up' ? 'thumbsUp' : 'thumbsDown', -1, previous.at);
    this.count(site, rating === 'up' ? 'thumbsUp' : 'thumbsDown');
  }

  /**
   * The tenant's usage per day, from..to inclusive (default: the last 30 days), in total or for one
   * of its sites, with the period's totals per site.
   */
  async report(tenantId: string | undefined, query: Record<string, string>): Promise<Wire.Usage> {
    const tenant = await this.deps.tenants.require(tenantId);
    const parsed = UsageQuery.safeParse(query);
    if (!parsed.success) {
      const siteIssue = parsed.error.issues.some((i) => i.path[0] === 'siteId');
      throw new ServiceError('invalid_request', {
        message: siteIssue
          ? 'siteId must be the id of one of the customer’s sites.'
          : 'from and to must be dates like 2026-11-25.',
      });
    }
    const { siteId = null } = parsed.data;
    // Counted in memory for a few seconds before they are written: include them.
    await this.flush();
    const to = parsed.data.to ?? utcDay(this.deps.clock.now());
    const from = parsed.data.from ?? utcDay(Date.parse(to) - 29 * DAY_MS);
    if (from > to) throw new ServiceError('invalid_request', { message: 'from must not be after to.' });
    const { store } = this.deps;
    const [days, perSite] = await Promise.all([
      // Scoped to the tenant in SQL too: another tenant's site id reads nothing.
      siteId ? store.readSite(tenant.id, siteId, from, to) : store.read(tenant.id, from, to),
      store.perSite(tenant.id, from, to),
    ]);
    // Another tenant's site is as unknown here as a site that does not exist.
    if (siteId && !perSite.some((s) => s.siteId === siteId)) {
      throw new ServiceError('site_not_found', { message: 'No site of this customer has this id.' }); // check: usage-site-of-tenant
    }
    const totals = days.reduce<Counts>((t, { day: _, ...d }) => addCounts(t, d), zeroCounts());
    return {
      tenantId: tenant.id,
      siteId,
      from,
      to,
      days,
      totals,
      sites: perSite.map(({ siteId: id, name, ...counts }) => ({ siteId: id, name, totals: counts })),
    };
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private delta(site: UsageSite, day: string): UsageDelta {
    const key = `${site.tenantId}/${site.id}/${day}`;
    let p = this.pending.get(key);
    if (!p) {
      p = {
        tenantId: site.tenantId,
        siteId: site.id,
        day,
        site: zeroCounts(),
        tenant: { sessions: 0, conversations: 0, messages: 0 },
      };
      this.pending.set(key, p);
    }
    return p;
  }

  private async flushNow(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const p of batch.values()) {
      try {
        await this.deps.store.add(p);
      } catch {
        // Keep the counts for the next flush rather than lose them (e.g. the database restarting).
        const again = this.delta({ tenantId: p.tenantId, id: p.siteId }, p.day);
        again.site = addCounts(again.site, p.site);
        again.tenant.sessions += p.tenant.sessions;
        again.tenant.conversations += p.tenant.conversations;
        again.tenant.messages += p.tenant.messages;
      }
    }
  }
}
