/**
 * What the conversation service keeps in memory in front of its store: who owns which conversation
 * (it never changes once created, so lookups are answered from memory after the first; bounded,
 * oldest first out; a miss asks the store, which stays the only source of truth), and conversation
 * previews written behind (noted in memory, flushed together every second, so a message costs no
 * database write on its way to the upstream; readers flush first).
 */
import type { ConversationOwner, ConversationRecord, ConversationStore } from './store.js';

export const PREVIEW_LENGTH = 120;

export function createOwnershipCache(store: Pick<ConversationStore, 'getOwned'>, max = 50_000) {
  const entries = new Map<string, ConversationRecord>();
  const remember = (c: ConversationRecord) => {
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(c.id, c);
  };
  return {
    remember,
    async owned(id: string, owner: ConversationOwner): Promise<ConversationRecord | null> {
      const hit = entries.get(id);
      if (hit) return hit.siteId === owner.siteId && hit.visitorId === owner.visitorId ? hit : null; // check: conversation-owner-site-cached, conversation-owner-visitor-cached
      const found = await store.getOwned(id, owner);
      if (found) remember(found);
      return found;
    },
  };
}

export function createPreviewWriter(store: Pick<ConversationStore, 'touch'>, opts: { flushIntervalMs?: number } = {}) {
  let pending = new Map<string, { at: number; text: string }>();
  let flushing: Promise<void> = Promise.resolve();
  const flushNow = async () => {
    const batch = pending;
    pending = new Map();
    for (const [id, p] of batch) {
      const preview = p.text.length > PREVIEW_LENGTH ? `${p.text.slice(0, PREVIEW_LENGTH - 1)}…` : p.text;
      try {
        await store.touch(id, p.at, preview);
      } catch {
        if (!pending.has(id)) pending.set(id, p); // keep it for the next flush
      }
    }
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), opts.flushIntervalMs ?? 1000);
  timer.unref();
  return {
    note(id: string, at: number, text: string) {
      const p = pending.get(id);
      if (!p || p.at <= at) pending.set(id, { at, text });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
