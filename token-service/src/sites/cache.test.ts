/** The site cache, with a counting loader: hits, TTL, invalidation, unknown keys kept apart from real sites. */
import { describe, expect, it } from 'vitest';
import { createSiteCache } from './cache.js';
import type { ResolvedSite } from './store.js';

function world() {
  let now = 1_000_000;
  const clock = { now: () => now };
  const sites = new Map<string, ResolvedSite>();
  let loads = 0;
  const load = async (key: string) => {
    loads++;
    return sites.get(key) ?? null;
  };
  const site = (key: string, tenantId = 'tn_a', title = 'T') => {
    const s = { siteKey: key, tenantId, title } as ResolvedSite;
    sites.set(key, s);
    return s;
  };
  return { clock, sites, load, site, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe('site cache', () => {
  it('serves from memory until invalidated', async () => {
    const w = world();
    w.site('pk_a');
    const cache = createSiteCache(w.load, w.clock, 30_000);
    expect((await cache.get('pk_a'))?.title).toBe('T');
    w.site('pk_a', 'tn_a', 'Changed');
    expect((await cache.get('pk_a'))?.title).toBe('T');
    expect(w.loads()).toBe(1);
    cache.invalidate('pk_a');
    expect((await cache.get('pk_a'))?.title).toBe('Changed');
  });

  it("drops a tenant's sites on a tenant change, and only those", async () => {
    const w = world();
    w.site('pk_a', 'tn_a');
    w.site('pk_b', 'tn_b');
    const cache = createSiteCache(w.load, w.clock, 30_000);
    await cache.get('pk_a');
    await cache.get('pk_b');
    cache.invalidateTenant('tn_a');
    expect(cache.peek('pk_a')).toBeUndefined();
    expect(cache.peek('pk_b')?.siteKey).toBe('pk_b');
  });

  it('expires entries after the TTL; unknown keys are remembered briefly', async () => {
    const w = world();
    w.site('pk_a');
    const cache = createSiteCache(w.load, w.clock, 1000);
    await cache.get('pk_a');
    w.advance(1001);
    await cache.get('pk_a');
    expect(w.loads()).toBe(2);
    expect(await cache.get('pk_unknown')).toBeNull();
    expect(await cache.get('pk_unknown')).toBeNull();
    expect(w.loads()).toBe(3);
  });

  it('shares one load between concurrent misses', async () => {
    const w = world();
    w.site('pk_a');
    const cache = createSiteCache(w.load, w.clock, 30_000);
    await Promise.all(Array.from({ length: 20 }, () => cache.get('pk_a')));
    expect(w.loads()).toBe(1);
  });

  it('a flood of unknown keys never evicts a real site', async () => {
    const w = world();
    w.site('pk_real');
    const cache = createSiteCache(w.load, w.clock, 30_000);
    await cache.get('pk_real');
    for (let i = 0; i < 60_000; i++) await cache.get(`pk_random${i}`);
    expect(cache.peek('pk_real')?.siteKey).toBe('pk_real');
  });

  it('peek never loads', async () => {
    const w = world();
    w.site('pk_a');
    const cache = createSiteCache(w.load, w.clock, 30_000);
    expect(cache.peek('pk_a')).toBeUndefined();
    expect(w.loads()).toBe(0);
  });
});
