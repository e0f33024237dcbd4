/**
 * What a visitor keeps per site key in localStorage, so a reload or a navigation continues the same
 * session and conversation. Storage can be unavailable (blocked, sandboxed, full): then the record
 * lives in memory for this page only.
 */

export interface SessionRecord {
  token?: string;
  /** Epoch ms. */
  expiresAt?: number;
  visitorId?: string;
  conversationId?: string;
}

const memory = new Map<string, string>();
const keyOf = (siteKey: string) => `tessera:${siteKey}`;

export function loadRecord(siteKey: string): SessionRecord {
  let raw: string | null | undefined;
  try {
    raw = localStorage.getItem(keyOf(siteKey));
  } catch {
    raw = memory.get(keyOf(siteKey));
  }
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    return value && typeof value === 'object' ? (value as SessionRecord) : {};
  } catch {
    return {};
  }
}

export function saveRecord(siteKey: string, record: SessionRecord): void {
  const raw = JSON.stringify(record);
  try {
    localStorage.setItem(keyOf(siteKey), raw);
  } catch {
    memory.set(keyOf(siteKey), raw);
  }
}
