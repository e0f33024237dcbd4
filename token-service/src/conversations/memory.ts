/**
 * What the conversation service keeps in memory in front of its store: who owns which conversation
 * (it changes only when a signed-in user adopts what they started anonymously, see
 * moveConversations, so lookups are answered from memory after the first; bounded, oldest first
 * out; a miss asks the store, which stays the only source of truth), and conversation
 * previews written behind (noted in memory, flushed together every second, so a message costs no
 * database write on its way to the upstream; readers flush first).
 */
import type { Activity, ConversationOwner, ConversationRecord, ConversationStore, Outcome } from './store.js';

export const PREVIEW_LENGTH = 120;

/** The ownership caches in front of each store, so a move of conversations reaches every one of them. */
const cachesOf = new WeakMap<object, Set<Map<string, ConversationRecord>>>();

export function createOwnershipCache(store: Pick<ConversationStore, 'getOwned'>, max = 50_000) {
  const entries = new Map<string, ConversationRecord>();
  let caches = cachesOf.get(store);
  if (!caches) cachesOf.set(store, (caches = new Set()));
  caches.add(entries);
  const remember = (c: ConversationRecord) => {
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(c.id, c);
  };
  return {
    remember,
    async owned(id: string, owner: ConversationOwner): Promise<ConversationRecord | null> {
      const hit = entries.get(id);
      if (hit && hit.siteId === owner.siteId && hit.visitorId === owner.visitorId) return hit; // check: conversation-owner-site-cached, conversation-owner-visitor-cached
      // A miss, or a hit naming another owner: the store decides (another replica may have moved the
      // conversation to this visitor; a foreign id stays not found, with no upstream call).
      const found = await store.getOwned(id, owner);
      if (found) remember(found);
      return found;
    },
  };
}

/**
 * A visitor's conversations on a site become another visitor's (a signed-in user adopting what they
 * started anonymously): moved in the store, then in every ownership cache of this process in front
 * of it, so the earlier visitor loses them at once and the user has them at once. Returns how many
 * moved.
 */
export async function moveConversations(
  store: Pick<ConversationStore, 'moveToVisitor'>,
  move: { siteId: string; from: string; to: string },
): Promise<number> {
  const ids = await store.moveToVisitor(move.siteId, move.from, move.to);
  for (const entries of cachesOf.get(store) ?? []) {
    for (const id of ids) {
      const hit = entries.get(id);
      if (hit) entries.set(id, { ...hit, visitorId: move.to });
    }
  }
  return ids.length;
}

/**
 * Another replica moved a visitor's conversations on a site (see moveConversations): every cache of
 * this process in front of `store` follows, so the earlier visitor's token stops opening them here
 * too. Each cached entry is looked at (a sign-in is rare; 50,000 entries take about a millisecond).
 */
export function moveCachedOwner(store: object, move: { siteId: string; from: string; to: string }): void {
  for (const entries of cachesOf.get(store) ?? []) {
    for (const [id, c] of entries) {
      if (c.siteId === move.siteId && c.visitorId === move.from) entries.set(id, { ...c, visitorId: move.to });
    }
  }
}

/** Announcements may have been missed: forget every cached owner (the store answers again). */
export function clearOwnerCaches(store: object): void {
  for (const entries of cachesOf.get(store) ?? []) entries.clear();
}

const clip = (text: string) => (text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text);

/**
 * Conversation activity written behind: each question and answer is noted in memory (its text as
 * the preview, one more message, the first question, how the answer ended) and flushed together
 * every second, so a message costs no database write on its way to the upstream.
 */
export function createPreviewWriter(store: Pick<ConversationStore, 'touch'>, opts: { flushIntervalMs?: number } = {}) {
  let pending = new Map<string, Activity>();
  let flushing: Promise<void> = Promise.resolve();
  const flushNow = async () => {
    const batch = pending;
    pending = new Map();
    for (const [id, a] of batch) {
      try {
        await store.touch(id, { ...a, text: clip(a.text), question: a.question === null ? null : clip(a.question) });
      } catch {
        if (!pending.has(id)) pending.set(id, a); // keep it for the next flush
      }
    }
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), opts.flushIntervalMs ?? 1000);
  timer.unref();
  const entry = (id: string, at: number): Activity => {
    let a = pending.get(id);
    if (!a) pending.set(id, (a = { at, text: '', added: 0, question: null, outcome: null }));
    return a;
  };
  return {
    /** A visitor's question (`kind: 'question'`) or the bot's answer. */
    note(id: string, at: number, text: string, kind: 'question' | 'answer' = 'answer') {
      const a = entry(id, at);
      if (a.at <= at || a.text === '') {
        a.at = Math.max(a.at, at);
        a.text = text;
      }
      a.added += 1;
      if (kind === 'question') a.question ??= text;
      if (kind === 'answer') a.outcome = 'answered';
    },
    /** An answer that did not complete. */
    ended(id: string, at: number, outcome: Outcome) {
      const a = entry(id, at);
      if (outcome !== 'answered') a.outcome = outcome;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
