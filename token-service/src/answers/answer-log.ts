/**
 * The answer log: every answer this process runs, kept while it runs and for `retentionMs` after it
 * ends, so that a visitor who reloads, navigates, drops off the network or opens a second tab can
 * read it again from where they were. With replicas it also writes each answer to a shared log
 * (Redis, see redis-log.ts), and an answer another replica runs is read from there: one follower
 * per answer in this process, however many of its readers are here.
 */
import { idPattern } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import { newId } from '../platform/ids.js';
import { AnswerEntry, type EntryMirror } from './entry.js';

const ANSWER_ID = idPattern('answer');

/** The log shared by replicas: a mirror of this process's answers, and a way to read the others'. */
export interface SharedAnswerLog extends EntryMirror {
  /** An answer written by this process starts. */
  begin(entry: AnswerEntry): void;
  /**
   * Follow an answer another replica runs, into `entry` (from its start): resolves false when it is
   * unknown there, belongs to another conversation, or the shared log cannot be reached.
   */
  follow(entry: AnswerEntry): Promise<boolean>;
  /** Stop following (no reader left here). */
  unfollow(entry: AnswerEntry): void;
  /** Ask whichever replica runs the answer to stop it; false when it is not this conversation's. */
  stop(answerId: string, conversationId: string): Promise<boolean>;
  /** Another replica asks to stop an answer (this process stops it if it runs it). */
  onStop(stop: (answerId: string) => void): void;
  close(): Promise<void>;
}

export interface AnswerLogOptions {
  retentionMs: number;
  /** Readers of one answer at once (the visitor's tabs), in this process. */
  maxReaders: number;
  shared: SharedAnswerLog | null;
  /** Followers of other replicas' answers end with `shutting_down` when this process stops. */
  onShutdown?: (stop: () => void) => () => void;
}

export class AnswerLog {
  private readonly entries = new Map<string, AnswerEntry>();
  private readonly followed = new Map<string, Promise<AnswerEntry | null>>();
  private readonly ended = (entry: AnswerEntry) => {
    setTimeout(() => this.entries.delete(entry.id), this.opts.retentionMs).unref();
  };

  constructor(private readonly opts: AnswerLogOptions) {
    opts.shared?.onStop((id) => this.entries.get(id)?.stopper?.());
  }

  /** Answers held in this process (running, or ended and kept for a while). */
  get size(): number {
    return this.entries.size;
  }

  /** A new answer to a message of `conversationId`; the pump writes it, `stop` ends it early. */
  begin(conversationId: string): AnswerEntry {
    const entry = new AnswerEntry(newId('answer'), conversationId, { mirror: this.opts.shared, ended: this.ended });
    this.entries.set(entry.id, entry);
    this.opts.shared?.begin(entry);
    return entry;
  }

  /**
   * The answer to read, if it answers `conversationId` (whose ownership the caller checked): here,
   * or another replica's. Unknown, expired, another conversation's or out of reach: answer_not_found,
   * all alike, so an id reveals nothing.
   */
  async open(answerId: string | undefined, conversationId: string): Promise<AnswerEntry> {
    if (!answerId || !ANSWER_ID.test(answerId)) throw new ServiceError('answer_not_found');
    const entry = this.entries.get(answerId) ?? (await this.follow(answerId, conversationId));
    if (!entry || entry.conversationId !== conversationId) throw new ServiceError('answer_not_found'); // check: answer-owner
    if (entry.readerCount >= this.opts.maxReaders) throw new ServiceError('too_many_streams', { retryAfter: 5 }); // check: answer-readers-cap
    return entry;
  }

  /** Stop an answer of `conversationId`, wherever it runs (a finished one: nothing to do). */
  async stop(answerId: string | undefined, conversationId: string): Promise<void> {
    if (!answerId || !ANSWER_ID.test(answerId)) throw new ServiceError('answer_not_found');
    const entry = this.entries.get(answerId);
    if (entry) {
      if (entry.conversationId !== conversationId) throw new ServiceError('answer_not_found'); // check: answer-stop-owner
      return entry.stopper?.();
    }
    if (!(await this.opts.shared?.stop(answerId, conversationId))) throw new ServiceError('answer_not_found');
  }

  async close(): Promise<void> {
    await this.opts.shared?.close();
  }

  private follow(answerId: string, conversationId: string): Promise<AnswerEntry | null> {
    const { shared } = this.opts;
    if (!shared) return Promise.resolve(null);
    const key = `${answerId}:${conversationId}`;
    let following = this.followed.get(key);
    if (following) return following;
    let unregister: (() => void) | undefined;
    const forget = (entry: AnswerEntry) => {
      if (this.followed.get(key) !== following) return;
      this.followed.delete(key);
      unregister?.();
      shared.unfollow(entry);
    };
    const entry = new AnswerEntry(answerId, conversationId, {
      mirror: null,
      // Read to its end here: forgotten once its readers have it (they detach then).
      ended: (e) => {
        if (e.readerCount === 0) forget(e);
      },
      idle: forget,
    });
    following = shared.follow(entry).then((found) => {
      if (!found) {
        this.followed.delete(key);
        return null;
      }
      unregister = this.opts.onShutdown?.(() => entry.end({ event: 'error', code: 'shutting_down' }));
      return entry;
    });
    this.followed.set(key, following);
    return following;
  }
}
