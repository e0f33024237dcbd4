/**
 * One answer's log in this process: its text so far, how it ended, and who is reading it. The pump
 * writes it (it is the pump's AnswerSink); readers (the visitor's POST, a reattach after a reload, a
 * second tab) follow it from any point at their own pace. Event ids are text offsets: a reader's id
 * says how much of the text it holds, so resuming from it continues with exactly the rest.
 *
 * Memory: thousands are held at once, each for its answer's time plus the retention after it. The
 * text is one string (appended chunks joined every 64 appends, so a long answer is not a tree of
 * thousands of small strings), the end is kept as fields (a done event's text is the log's own,
 * unless the upstream's result said otherwise), and readers are an array allocated on first use.
 */
import type { Wire } from '@tessera/protocol';
import type { AnswerEnd, AnswerSink } from '../relay/pump.js';
import { errorData, sseEvent, type UpstreamDone } from '../relay/translate.js';

/** Where a reader's events go: Node's response, or a web stream (see outputs.ts). */
export interface Output {
  /** Queue text for the visitor; false when the visitor is behind (then wait for `ready`). */
  write(text: string): boolean;
  ready(): Promise<void>;
  close(): void;
  /** Call `gone` once if the visitor goes away before close(). */
  onGone(gone: () => void): void;
}

/** The log's view of a mirror (Redis) that copies what this process's answers write. */
export interface EntryMirror {
  append(entry: AnswerEntry, start: number, text: string): void;
  ping(entry: AnswerEntry): void;
  end(entry: AnswerEntry): void;
}

type End = { event: 'done'; data: UpstreamDone } | { event: 'error'; data: Wire.ErrorEvent };

const PING = ': ping\n\n';

export class AnswerEntry implements AnswerSink {
  /** The text's length in UTF-16 code units: the id of the last token event. */
  length = 0;
  ended: End | null = null;
  /** Stops the answer (the pump's stop); null once it ended, or for a mirror of another replica's answer. */
  stopper: (() => void) | null = null;
  private flat = '';
  private recent: string[] | null = null;
  private readers: Reader[] | null = null;

  constructor(
    readonly id: string,
    /** The conversation it answers (our id): a reader must own it. */
    readonly conversationId: string,
    private readonly hooks: {
      mirror: EntryMirror | null;
      ended: (entry: AnswerEntry) => void;
      idle?: (entry: AnswerEntry) => void;
    },
  ) {}

  get readerCount(): number {
    return this.readers?.length ?? 0;
  }

  /**
   * The answer's next tokens (one upstream chunk's): one event each, written to each reader in one
   * go (a write per token would cost a socket write per token: `pnpm bench relay`).
   */
  append(...tokens: string[]): void {
    if (this.ended) return;
    const start = this.length;
    let events = '';
    for (const token of tokens) {
      if (token === '') continue;
      this.length += token.length;
      (this.recent ??= []).push(token);
      if (this.recent.length === 64) this.text();
      if (this.readers) events += sseEvent('token', { token }, this.length);
    }
    if (this.length === start) return;
    if (this.readers) for (const r of this.readers) r.live(events, start);
    this.hooks.mirror?.append(this, start, tokens.length === 1 ? tokens[0]! : tokens.join(''));
  }

  ping(): void {
    if (this.ended) return;
    if (this.readers) for (const r of this.readers) r.ping();
    this.hooks.mirror?.ping(this);
  }

  end(end: AnswerEnd): void {
    if (this.ended) return;
    this.stopper = null;
    if (end.event === 'done') {
      // The result's text is the answer of record; kept only when it is not the log's own.
      const own = end.data.text === null || end.data.text === this.text();
      this.ended = { event: 'done', data: { ...end.data, text: own ? null : end.data.text } };
    } else this.ended = { event: 'error', data: errorData(end.code) };
    if (this.readers) for (const r of [...this.readers]) r.catchUp();
    this.hooks.mirror?.end(this);
    this.hooks.ended(this);
  }

  /** The whole text so far, as one string. */
  text(): string {
    if (this.recent) {
      this.flat += this.recent.join('');
      this.recent = null;
    }
    return this.flat;
  }

  /** The terminal event, as a reader gets it (its id: the whole text). */
  endEvent(): string {
    const end = this.ended!;
    const data = end.event === 'done' ? { ...end.data, text: end.data.text ?? this.text() } : end.data;
    return sseEvent(end.event, data, this.length);
  }

  /**
   * Add a reader writing to `out`: from the start (`from` null: the `start` event first) or after the
   * text offset `from` (a reattach with Last-Event-ID). What is in the log goes out at once.
   */
  attach(out: Output, from: number | null): void {
    const reader = new Reader(this, out, from ?? 0);
    (this.readers ??= []).push(reader);
    out.onGone(() => this.detach(reader));
    if (from === null) out.write(sseEvent('start', { answerId: this.id }, 0));
    reader.catchUp();
  }

  /** A reader is done (it read the end) or went away. */
  detach(reader: Reader): void {
    if (!this.readers) return;
    const i = this.readers.indexOf(reader);
    if (i >= 0) this.readers.splice(i, 1);
    if (this.readers.length === 0) {
      this.readers = null;
      this.hooks.idle?.(this);
    }
  }
}

/**
 * One reader: `sent` is the text offset it holds. While it keeps up, each append's event goes out
 * as it is (formatted once for all readers); once its output is behind, it waits for it and then
 * sends everything it missed as one event.
 */
class Reader {
  private blocked = false;
  private done = false;

  constructor(
    private readonly entry: AnswerEntry,
    private readonly out: Output,
    private sent: number,
  ) {}

  live(event: string, start: number): void {
    if (this.blocked) return;
    if (start !== this.sent) return this.catchUp();
    this.sent = this.entry.length;
    this.write(event);
  }

  ping(): void {
    if (!this.blocked) this.write(PING);
  }

  /** Send what the log has beyond `sent`, and the end if it ended. */
  catchUp(): void {
    if (this.blocked || this.done) return;
    const { entry } = this;
    if (this.sent < entry.length) {
      const rest = entry.text().slice(this.sent);
      this.sent = entry.length;
      if (!this.write(sseEvent('token', { token: rest }, entry.length))) return;
    }
    if (!entry.ended) return;
    this.done = true;
    this.out.write(entry.endEvent());
    this.out.close();
    entry.detach(this);
  }

  private write(text: string): boolean {
    if (this.out.write(text)) return true;
    this.blocked = true;
    void this.out.ready().then(() => {
      this.blocked = false;
      this.catchUp();
    });
    return false;
  }
}
