/**
 * The conversation on screen and the life of each answer, as a Lit ReactiveController: history on
 * restore, asking (the typing state before the first tokens, tokens straight into the bot message's
 * markdown view with no host re-render per token), stop (abort), and failures. A failed question
 * has one way to be asked again: Retry, with the question left on screen and the composer left to
 * the visitor, when asking it again as it is can work (a dropped answer, a reload mid-answer, a rate
 * limit, offline: the visitor sees what failed and what Retry will send, as messaging apps do); its
 * text back in the composer, with no Retry, when it cannot (too long, refused: it must be changed).
 * Reading the stream is readAnswer's job.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MESSAGE_TEXT_MAX } from '@tessera/protocol/limits';
import { readAnswer } from '../api/answer-stream.js';
import { ApiError } from '../api/errors.js';
import { emit } from '../events/events.js';
import { MarkdownView, type MarkdownLabels } from '../markdown/view.js';
import type { SessionController } from './session.controller.js';

export interface ChatMessage {
  role: 'user' | 'bot';
  text: string;
  view?: MarkdownView;
  stopped?: boolean;
  /** A complete answer's id (it can be rated), the visitor's rating, and whether a comment was sent. */
  id?: string;
  rating?: 'up' | 'down';
  commented?: boolean;
}

export type ChatPhase = 'idle' | 'loading' | 'waiting' | 'streaming';

export interface ChatHost extends ReactiveControllerHost, HTMLElement {
  readonly labels: MarkdownLabels;
  /** Tokens were rendered (autoscroll). */
  streamed(): void;
  /** Asking failed in a way Retry cannot mend: give the text back to the composer. */
  restoreDraft(text: string): void;
}

export class ChatController implements ReactiveController {
  messages: ChatMessage[] = [];
  phase: ChatPhase = 'idle';
  error: ApiError | null = null;
  private failed: string | null = null;
  private abort: AbortController | null = null;
  /** The stored conversation is shown (or there was none): restore at most once, retry explicitly. */
  private restored = false;
  /** The panel's one countdown timer (see wake()). */
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ChatHost,
    private readonly session: SessionController,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.wake(0);
  }

  /**
   * Update the host again in `ms` (0: not at all): the transcript counts a wait down while it is on
   * screen. One timer, replaced at every render and cleared on disconnect; it lives here because
   * the controller is the part of the panel that hears the element disconnect.
   */
  wake(ms: number): void {
    clearTimeout(this.timer);
    // A day at most: a longer delay would overflow setTimeout's 32 bits and fire at once.
    if (ms > 0) this.timer = setTimeout(() => this.host.requestUpdate(), Math.min(ms, 864e5));
  }

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  private bot(text: string): ChatMessage {
    const view = new MarkdownView(this.host.labels);
    if (text) {
      view.push(text);
      view.end();
    }
    return { role: 'bot', text, view };
  }

  private set(phase: ChatPhase, error: ApiError | null = this.error): void {
    this.phase = phase;
    this.error = error;
    this.host.requestUpdate();
  }

  /** Show the stored conversation's history, once (`again` after a failed attempt). */
  async restore(again = false): Promise<void> {
    if ((this.restored && !again) || this.busy) return;
    this.restored = true;
    if (!this.session.conversationId) return;
    this.set('loading', null);
    try {
      const items = await this.session.history();
      this.messages = items.map((m) => (m.role === 'bot' ? { ...this.bot(m.text), id: m.id } : { role: 'user', text: m.text }));
      this.set('idle');
      // A question is stored before its answer, and the answer only once complete: a history that
      // ends with a question lost its answer (a reload or navigation mid-answer, a dropped stream).
      const last = items.at(-1);
      // The question is on screen already: Retry asks it again, the composer stays the visitor's.
      if (last?.role === 'user') this.fail(new ApiError('stream_interrupted', 0), last.text);
    } catch (err) {
      this.set('idle');
      this.fail(err);
    }
  }

  /**
   * Ask the bot: the visitor's message goes on screen, then its answer streams into a new bot
   * message. The answer's state machine: idle → waiting (until the first tokens) → streaming → idle;
   * a failure on the way leaves an error under the question, with Retry when that can work.
   */
  async ask(input: string): Promise<void> {
    const text = input.trim();
    if (!text || this.busy) return;
    this.restored = true;
    this.failed = null;
    this.error = null;
    if (text.length > MESSAGE_TEXT_MAX) return this.fail(new ApiError('too_long', 0, 'too long', undefined, false), text);
    const user: ChatMessage = { role: 'user', text };
    this.messages = [...this.messages, user];
    if (navigator.onLine === false) return this.fail(new ApiError('offline', 0), text);
    const bot = this.bot('');
    this.messages = [...this.messages, bot];
    this.set('waiting');
    const abort = (this.abort = new AbortController());
    let started = false;
    try {
      const res = await this.session.startAnswer(text, abort.signal);
      started = true;
      const conversationId = this.session.conversationId;
      emit(this.host, 'tessera-message-sent', { text, conversationId });
      // The tokens of one network chunk, rendered at once; the first batch ends the wait.
      const done = await readAnswer(res.body!, (tokens) => {
        if (this.phase === 'waiting') this.set('streaming');
        bot.view!.push(tokens);
        bot.text += tokens;
        this.host.streamed();
      });
      // The service's text is the answer of record (it is what the history will show).
      if (done.text !== bot.text) Object.assign(bot, this.bot(done.text));
      else bot.view!.end();
      if (done.messageId) bot.id = done.messageId;
      emit(this.host, 'tessera-message-received', {
        text: done.text,
        messageId: done.messageId,
        conversationId,
        finishReason: done.finishReason,
      });
    } catch (err) {
      const stopped = abort.signal.aborted;
      bot.view!.end();
      bot.stopped = stopped;
      if (!stopped) this.fail(err, text);
      // A question the service refused for good leaves no turn on screen (its text is back in the
      // composer); an empty answer bubble only stays to say "stopped".
      const dropUser = !started && !stopped && !this.failed;
      this.messages = this.messages.filter((m) => (m !== user || !dropUser) && (m !== bot || bot.text || stopped));
    } finally {
      if (this.abort === abort) this.abort = null;
      this.set('idle');
      this.host.streamed();
    }
  }

  /** Rate an answer (a second rating replaces the first); a comment may follow a thumbs down. */
  async rate(m: ChatMessage, rating: 'up' | 'down', comment?: string): Promise<void> {
    m.rating = rating;
    m.commented = comment !== undefined;
    this.host.requestUpdate();
    try {
      await this.session.rate(m.id!, comment ? { rating, comment } : { rating });
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown, text?: string): void {
    const error = err instanceof ApiError ? err : new ApiError('bad_response', 0);
    // One way to ask again (see the top of the file): Retry, or the composer.
    this.failed = error.retryable ? (text ?? null) : null;
    this.set(this.phase, error);
    if (text && !error.retryable) this.host.restoreDraft(text);
    emit(this.host, 'tessera-error', {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    });
  }

  /**
   * Try the failed action again: the failed question, or loading the history. The failed turn (the
   * question and what came of its answer) makes way for the new one, so the question shows once.
   */
  retry(): string | null {
    const text = this.failed;
    this.set(this.phase, null);
    if (text) {
      const question = this.messages.filter((m) => m.role === 'user').at(-1);
      if (question?.text === text) this.messages = this.messages.slice(0, this.messages.indexOf(question));
      void this.ask(text);
    } else void this.restore(true);
    return text;
  }

  stop(): void {
    this.abort?.abort();
  }

  /** Forget the conversation: the next message starts a new one (and no undo brings it back). */
  reset(): void {
    this.stop();
    this.session.forgetConversation();
    this.messages = [];
    this.failed = null;
    this.restored = true;
    this.previous = null;
    this.set('idle', null);
  }

  /**
   * The conversation "new conversation" put aside, while undo() can bring it back. Only in memory:
   * storage already holds the new (empty) conversation, so a reload or a message sent meanwhile
   * starts the new one, and a page's reset() (a sign-out, say) leaves nothing to bring back.
   */
  previous: { id: string | null; messages: ChatMessage[]; error: ApiError | null; failed: string | null } | null = null;

  /** Start a new conversation, keeping the current one aside for undo() (an empty one keeps the last kept). */
  startOver(): void {
    const id = this.session.conversationId;
    const { messages, error, failed } = this;
    const kept = id || messages.length ? { id, messages, error, failed } : this.previous;
    this.reset();
    this.previous = kept;
  }

  /** Bring back the conversation startOver() put aside, as it was (its history, if it had not loaded yet). */
  undo(): void {
    const kept = this.previous;
    if (!kept || this.busy) return;
    if (kept.id) this.session.resumeConversation(kept.id);
    this.messages = kept.messages;
    this.failed = kept.failed;
    this.previous = null;
    this.set('idle', kept.error);
    if (kept.id && !kept.messages.length) void this.restore(true);
  }

  /** The conversation put aside is gone for good (the undo window closed, or the visitor chatted on). */
  commit(): void {
    this.previous = null;
    this.host.requestUpdate();
  }
}
