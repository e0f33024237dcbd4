/**
 * In-memory cache of resolved sites by site key, so the browser-facing hot path does not query the
 * database on every request. Entries live `ttlMs`; admin changes invalidate them at once on this
 * process (and, with several replicas, through the invalidation channel of the scale-out work).
 * Unknown keys are cached briefly too, so random keys cannot hammer the database. Concurrent misses
 * for one key share a single query.
 */
import type { Clock } from '../lib/clock.js';
import type { Queryable } from '../store/db.js';
import { resolveSiteByKey, type ResolvedSite } from '../store/sites.js';

const NEGATIVE_TTL_MS = 5000;
const MAX_ENTRIES = 50_000;

export interface SiteCache {
  get(siteKey: string): Promise<ResolvedSite | null>;
  invalidate(siteKey: string): void;
  invalidateTenant(tenantId: string): void;
  clear(): void;
}

export function createSiteCache(db: Queryable, clock: Clock, ttlMs: number): SiteCache {
  const entries = new Map<string, { site: ResolvedSite | null; until: number }>();
  const inflight = new Map<string, Promise<ResolvedSite | null>>();
  let generation = 0;

  const load = (siteKey: string) => {
    const gen = generation;
    const p = resolveSiteByKey(db, siteKey)
      .then((site) => {
        // A change invalidated the cache while we were reading: don't store what may be stale.
        if (gen === generation && ttlMs > 0) {
          if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
          entries.set(siteKey, { site, until: clock.now() + (site ? ttlMs : Math.min(ttlMs, NEGATIVE_TTL_MS)) });
        }
        return site;
      })
      .finally(() => {
        if (inflight.get(siteKey) === p) inflight.delete(siteKey);
      });
    inflight.set(siteKey, p);
    return p;
  };

  return {
    async get(siteKey) {
      const hit = entries.get(siteKey);
      if (hit && hit.until > clock.now()) return hit.site;
      return inflight.get(siteKey) ?? load(siteKey);
    },
    invalidate(siteKey) {
      generation++;
      entries.delete(siteKey);
      inflight.delete(siteKey);
    },
    invalidateTenant(tenantId) {
      generation++;
      for (const [key, e] of entries) if (!e.site || e.site.tenantId === tenantId) entries.delete(key);
      inflight.clear();
    },
    clear() {
      generation++;
      entries.clear();
      inflight.clear();
    },
  };
}
