/**
 * In-memory cache of resolved sites by site key, so the browser-facing hot path does not query the
 * store on every request. Entries live `ttlMs`; admin changes invalidate them at once (on every
 * replica, through the invalidation bus). Concurrent misses for one key share a single load.
 *
 * Unknown keys are remembered briefly too, so the same random key cannot hammer the store; they
 * live in a map of their own, bounded separately, so a flood of random keys never evicts a real
 * site (the per-IP limit in front of the lookup bounds how fast one client can try keys at all).
 */
import type { Clock } from '../platform/clock.js';
import type { ResolvedSite } from './store.js';

const NEGATIVE_TTL_MS = 5000;
const MAX_SITES = 50_000;
const MAX_UNKNOWN = 10_000;

export interface SiteCache {
  /** The site, at once when cached (no promise on the hot path), else a promise of the load. */
  get(siteKey: string): ResolvedSite | null | Promise<ResolvedSite | null>;
  /** The cached site, without ever loading it (undefined: not in the cache). */
  peek(siteKey: string): ResolvedSite | undefined;
  invalidate(siteKey: string): void;
  invalidateTenant(tenantId: string): void;
  clear(): void;
}

/** A Map used as a bounded FIFO: past `max` entries the oldest goes. */
function put<V>(map: Map<string, V>, key: string, value: V, max: number) {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export function createSiteCache(load: (siteKey: string) => Promise<ResolvedSite | null>, clock: Clock, ttlMs: number): SiteCache {
  const sites = new Map<string, { site: ResolvedSite; until: number }>();
  const unknown = new Map<string, number>();
  const inflight = new Map<string, Promise<ResolvedSite | null>>();
  let generation = 0;

  const fetch = (siteKey: string) => {
    const gen = generation;
    const p = load(siteKey)
      .then((site) => {
        // A change invalidated the cache while we were reading: don't store what may be stale.
        if (gen === generation && ttlMs > 0) {
          const now = clock.now();
          if (site) put(sites, siteKey, { site, until: now + ttlMs }, MAX_SITES);
          else put(unknown, siteKey, now + Math.min(ttlMs, NEGATIVE_TTL_MS), MAX_UNKNOWN);
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
    get(siteKey) {
      const now = clock.now();
      const hit = sites.get(siteKey);
      if (hit && hit.until > now) return hit.site;
      const miss = unknown.get(siteKey);
      if (miss !== undefined && miss > now) return null;
      return inflight.get(siteKey) ?? fetch(siteKey);
    },
    peek(siteKey) {
      const hit = sites.get(siteKey);
      return hit && hit.until > clock.now() ? hit.site : undefined;
    },
    invalidate(siteKey) {
      generation++;
      sites.delete(siteKey);
      unknown.delete(siteKey);
      inflight.delete(siteKey);
    },
    invalidateTenant(tenantId) {
      generation++;
      for (const [key, e] of sites) if (e.site.tenantId === tenantId) sites.delete(key);
      unknown.clear();
      inflight.clear();
    },
    clear() {
      generation++;
      sites.clear();
      unknown.clear();
      inflight.clear();
    },
  };
}
