/**
 * The visitor's tabs of one site, kept in step: what a tab changes in the stored record (the
 * conversation, the token) or has to say (an answer started, an answer finished), the site's other
 * tabs hear. One BroadcastChannel per site key, which also reaches other widgets of the same site
 * in this page; where there is none, storage events, which reach other documents only: the
 * record's own key, and a news key written and removed at once for the rest.
 */
import { type PendingAnswer, recordKey } from './storage.js';

export type TabNews =
  /** The stored record changed: read it again. */
  | { kind: 'record' }
  /** An answer of this conversation is complete (its history has it). */
  | { kind: 'answered'; conversationId: string }
  /** A question of this conversation is being answered (its `start` came): the tabs showing it follow the answer. */
  | ({ kind: 'answering'; text: string } & PendingAnswer);

export class SiteTabs {
  private readonly channel: BroadcastChannel | null;
  private readonly key: string;
  private readonly onStorage = (e: StorageEvent): void => {
    if (e.storageArea !== localStorage) return;
    if (e.key === this.key) this.hear({ kind: 'record' });
    else if (e.key === `${this.key}:news` && e.newValue) this.hear(JSON.parse(e.newValue) as TabNews);
  };

  constructor(
    siteKey: string,
    private readonly hear: (news: TabNews) => void,
  ) {
    this.key = recordKey(siteKey);
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.key) : null;
    if (this.channel) this.channel.onmessage = (e: MessageEvent<TabNews>) => this.hear(e.data);
    else addEventListener('storage', this.onStorage);
  }

  /** Tell the other tabs (a record change goes without saying where storage events carry it). */
  tell(news: TabNews): void {
    if (this.channel) return this.channel.postMessage(news);
    if (news.kind === 'record') return;
    try {
      // A nonce: storage events only fire for a value that changed.
      localStorage.setItem(`${this.key}:news`, JSON.stringify({ ...news, at: Math.random() }));
      localStorage.removeItem(`${this.key}:news`);
    } catch {}
  }

  close(): void {
    this.channel?.close();
    removeEventListener('storage', this.onStorage);
  }
}
