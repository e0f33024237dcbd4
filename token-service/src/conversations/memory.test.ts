/**
 * The ownership caches when a signed-in user adopts an anonymous visitor's conversations on two
 * replicas: each replica has its own store object in front of the one database (here a shared map)
 * and its own caches; the move is made on one, and the other follows through the bus's 'owner' event.
 */
import { describe, expect, it } from 'vitest';
import { clearOwnerCaches, createOwnershipCache, moveCachedOwner, moveConversations } from './memory.js';
import type { ConversationOwner, ConversationRecord } from './store.js';

const SITE = 'st_1';
const ANON = 'vi_anonymous';
const USER = 'vi_user';

/** One database, and a store object per replica in front of it. */
function database() {
  const rows = new Map<string, ConversationRecord>([
    [
      'cv_1',
      {
        id: 'cv_1',
        siteId: SITE,
        tenantId: 'tn_1',
        visitorId: ANON,
        upstreamId: 'up_1',
        createdAt: 1,
        lastMessageAt: null,
        preview: null,
      },
    ],
  ]);
  let reads = 0;
  const replica = () => ({
    async getOwned(id: string, owner: ConversationOwner) {
      reads++;
      const row = rows.get(id);
      return row && row.siteId === owner.siteId && row.visitorId === owner.visitorId ? row : null;
    },
    async moveToVisitor(siteId: string, from: string, to: string) {
      const moved = [...rows.values()].filter((r) => r.siteId === siteId && r.visitorId === from);
      for (const r of moved) rows.set(r.id, { ...r, visitorId: to });
      return moved.map((r) => r.id);
    },
  });
  return { replica, reads: () => reads };
}

describe('ownership caches across replicas', () => {
  it('the other replica keeps answering the anonymous visitor from its cache until the owner event reaches it', async () => {
    const db = database();
    const [storeA, storeB] = [db.replica(), db.replica()];
    const cacheB = createOwnershipCache(storeB);
    // Replica B served the anonymous visitor before: the conversation is in its cache.
    expect(await cacheB.owned('cv_1', { siteId: SITE, visitorId: ANON })).not.toBeNull();

    const move = { siteId: SITE, from: ANON, to: USER };
    expect(await moveConversations(storeA, move)).toBe(1);
    // Without the event, B still lets the old anonymous token in (what the event is for).
    expect(await cacheB.owned('cv_1', { siteId: SITE, visitorId: ANON })).not.toBeNull();

    moveCachedOwner(storeB, move);
    expect(await cacheB.owned('cv_1', { siteId: SITE, visitorId: ANON })).toBeNull();
    expect((await cacheB.owned('cv_1', { siteId: SITE, visitorId: USER }))?.visitorId).toBe(USER);
    // The user's lookups are answered from B's cache now.
    const reads = db.reads();
    await cacheB.owned('cv_1', { siteId: SITE, visitorId: USER });
    expect(db.reads()).toBe(reads);
  });

  it('moves only that visitor on that site, and a resync forgets every cached owner', async () => {
    const db = database();
    const store = db.replica();
    const cache = createOwnershipCache(store);
    await cache.owned('cv_1', { siteId: SITE, visitorId: ANON });
    moveCachedOwner(store, { siteId: 'st_other', from: ANON, to: USER });
    moveCachedOwner(store, { siteId: SITE, from: 'vi_someone_else', to: USER });
    const reads = db.reads();
    expect(await cache.owned('cv_1', { siteId: SITE, visitorId: ANON })).not.toBeNull();
    expect(db.reads()).toBe(reads);
    clearOwnerCaches(store);
    await cache.owned('cv_1', { siteId: SITE, visitorId: ANON });
    expect(db.reads()).toBe(reads + 1);
  });
});
