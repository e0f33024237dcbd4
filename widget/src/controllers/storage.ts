/**
 * What a visitor keeps per site key in localStorage, so a reload or a navigation continues the same
 * session, conversation and answer. Storage can be unavailable (blocked, sandboxed, full): then the
 * record lives in memory for this page only.
 */

export interface SessionRecord {
  token?: string;
  /** Epoch ms. */
  expiresAt?: number;
  visitorId?: string;
  conversationId?: string;
  /** The session's visitor is a signed-in user of the site (which one is not kept: see SessionController.identify). */
  identified?: true;
  /** An answer on its way, until its end or a stop: a reload or navigation reattaches to it. */
  answer?: PendingAnswer;
}

export interface PendingAnswer {
  conversationId: string;
  answerId: string;
}

const memory = new Map<string, string>();
/** The record's localStorage key (also the name the site's tabs talk under: tabs.ts). */
export const recordKey = (siteKey: string): string => `tessera:${siteKey}`;

export function loadRecord(siteKey: string): SessionRecord {
  let raw: string | null | undefined;
  try {
    raw = localStorage.getItem(recordKey(siteKey));
  } catch {
    raw = memory.get(recordKey(siteKey));
  }
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    return value && typeof value === 'object' ? (value as SessionRecord) : {};
  } catch {
    return {};
  }
}

/** Store the record; false when it only went to memory (other tabs cannot see it). */
export function saveRecord(siteKey: string, record: SessionRecord): boolean {
  const raw = JSON.stringify(record);
  try {
    localStorage.setItem(recordKey(siteKey), raw);
    return true;
  } catch {
    memory.set(recordKey(siteKey), raw);
    return false;
  }
}

/** Forget the record (a sign-out): nothing of the visitor stays. */
export function forgetRecord(siteKey: string): void {
  memory.delete(recordKey(siteKey));
  try {
    localStorage.removeItem(recordKey(siteKey));
  } catch {}
}
