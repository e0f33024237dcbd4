/**
 * The conversation on screen and the life of each answer, as a Lit ReactiveController: history on
 * restore, asking (the typing state before the first tokens, tokens straight into the bot message's
 * markdown view with no host re-render per token), stop, and failures. An answer does not depend
 * on this page: once it has an id (its `start`), the stored record names it until its end, so a
 * reload or a navigation reattaches to it, a dropped connection is reattached to from the last id
 * read, and Stop tells the service to stop it; its end is reported once, by the page that asked
 * or, once that one has gone, by the page that reattached. A failed question has one way to be
 * asked again: Retry, with the question left on screen and the composer left to the visitor, when
 * asking it again as it is can work (an answer lost, a rate limit, offline: the visitor sees what
 * failed and what Retry will send, as messaging apps do); its text back in the composer, with no
 * Retry, when it cannot (too long, refused: it must be changed). Reading the stream is readAnswer's job. The
 * visitor's other tabs of the site stay in step: a tab shows the conversation another made current,
 * follows the answers asked there live, and shows those completed there (tabs.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MESSAGE_TEXT_MAX } from '@tessera/protocol/limits';
import type * as Wire from '@tessera/protocol/types';
import { type AnswerReader, readAnswer } from '../api/answer-stream.js';
import { ApiError, hasCode } from '../api/errors.js';
import { emit } from '../events/events.js';
import { MarkdownView, type MarkdownLabels } from '../markdown/view.js';
import type { SessionController } from './session.controller.js';
import type { PendingAnswer } from './storage.js';
import type { TabNews } from './tabs.js';

/**
 * Hold the answer's lock (Web Locks, shared by the site's tabs) until `ended`; whether this page got
 * it. The page that asked takes it at the answer's start; the browser lets go of a page's locks when
 * the page goes, so after a reload or a navigation the page that reattaches gets it, and a tab that
 * only follows the answer while the asker is there does not. Without Web Locks (not a secure
 * context) a reattaching page takes it that the asker is gone.
 */
const own = (answerId: string, ended: Promise<void>): Promise<boolean> =>
  new Promise((resolve) => {
    if (!navigator.locks) return resolve(true);
    navigator.locks
      .request(`tessera:${answerId}`, { ifAvailable: true }, (lock) => {
        resolve(!!lock);
        return lock && ended;
      })
      // Refused (a document no longer active): as without Web Locks.
      .catch(() => resolve(true));
  });

export interface ChatMessage {
  role: 'user' | 'bot';
  text: string;
  view?: MarkdownView;
  stopped?: boolean;
  /** A complete answer's id (it can be rated), the visitor's rating, and whether a comment was sent. */
  id?: string;
  rating?: 'up' | 'down';
  commented?: boolean;
  /** When it was sent or its answer began (epoch ms): shown beside it on hover and focus. */
  at?: number;
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
  /** The conversation on screen; null: a new one, which its first message creates. */
  conversationId: string | null;
  private failed: string | null = null;
  private abort: AbortController | null = null;
  /** The answer read here, once its id is known: what a dropped connection reattaches to and Stop stops. */
  private answer?: PendingAnswer | null;
  /** The id of the last answer read here: its news, late from another tab, is no question to show again. */
  private seen?: string;
  /**
   * The conversation on screen is loaded (or has nothing to load): restore at most once, retry
   * explicitly. Cleared when another conversation is put on screen, or to show an answer another
   * tab completed: the panel's next render (restore()) loads it when the transcript is visible.
   */
  private restored = false;
  /**
   * Counts what was put on screen (another conversation, a history loading): a history or a new
   * conversation's id that arrives for an older screen is dropped.
   */
  private screen = 0;
  /** The next load follows another tab: a question without its answer is being answered there, not interrupted. */
  private followed = false;
  private summaries: Wire.ConversationSummary[] = [];
  /** The load of `recent`; null when it is to be loaded (again). */
  private recentLoad: Promise<void> | null = null;
  /** The panel's one countdown timer (see wake()). */
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ChatHost,
    private readonly session: SessionController,
  ) {
    host.addController(this);
    this.conversationId = session.conversationId;
    session.onNews((news) => this.heard(news));
  }

  hostDisconnected(): void {
    // A reload or a navigation, not a stop: the answer goes on without this page, and the stored
    // record lets the next one reattach to it.
    this.answer = null;
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

  /** An answer is on its way (a history loading is not: another conversation can replace it). */
  get answering(): boolean {
    return this.phase === 'waiting' || this.phase === 'streaming';
  }

  /** The visitor's other conversations, latest first, for the welcome screen (see loadRecent()). */
  get recent(): Wire.ConversationSummary[] {
    return this.summaries.filter((c) => c.conversationId !== this.conversationId);
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

  /**
   * Show the stored conversation's history, once (`again` after a failed attempt, or when another
   * tab changed it). A message asked meanwhile waits for it (see ask()).
   */
  restore(again = false): Promise<void> {
    const screen = this.screen;
    const load = this.load(again);
    // It went on to fetch (it counts a new screen before its first await).
    if (this.screen !== screen) this.loading = load;
    return load;
  }

  /** The history load under way, if any: what ask() waits for. */
  private loading: Promise<void> = Promise.resolve();

  private async load(again: boolean): Promise<void> {
    if ((this.restored && !again) || this.answering) return;
    this.restored = true;
    const followed = this.followed;
    this.followed = false;
    const id = (this.conversationId = this.session.conversationId);
    if (!id) return;
    const screen = ++this.screen;
    this.set('loading', null);
    try {
      const items = await this.session
        .authed((token, api) => api.history(token, id))
        .then(
          (history) => history.items,
          (err) => {
            // A conversation that is gone: forgotten, and nothing to show.
            if (!hasCode(err, ['conversation_not_found'])) throw err;
            this.session.forgetConversation(id);
            return [];
          },
        );
      // "New conversation", another open() or another tab moved on while it loaded: not for the screen.
      if (screen !== this.screen) return;
      if (this.session.conversationId !== id) return this.show(this.session.conversationId, true);
      // Answers already on screen stay as they are (their view, the visitor's rating).
      const shown = new Map(this.messages.map((m) => [m.id, m]));
      this.messages = items.map((m) =>
        m.role === 'bot'
          ? (shown.get(m.id) ?? { ...this.bot(m.text), id: m.id, at: m.createdAt })
          : { role: 'user', text: m.text, at: m.createdAt },
      );
      this.set('idle');
      // A question is stored before its answer, and the answer only once complete: a history that
      // ends with a question lost its answer, unless that answer is still on its way.
      const last = items.at(-1);
      const question = last?.role === 'user' && !followed ? last.text : undefined;
      const { answer } = this.session.record;
      // A reload or a navigation mid-answer, another tab's answer: the rest of it streams in here.
      if (answer?.conversationId === id) void this.receive(question, answer, undefined, true);
      // The question is on screen already: Retry asks it again, the composer stays the visitor's.
      else if (question) this.fail(new ApiError('stream_interrupted', 0), question);
    } catch (err) {
      if (screen !== this.screen) return;
      this.set('idle');
      this.fail(err);
    }
  }

  /**
   * Reopen one of the visitor's conversations (see `recent`): the one on screen is put away (no undo:
   * it is in `recent`), this one's history loads, the visitor's other tabs follow. Refused while an
   * answer is on its way.
   */
  async open(conversationId: string): Promise<void> {
    if (this.answering) return;
    this.session.update({ conversationId });
    this.show(conversationId);
    await this.restore(true);
  }

  /**
   * Load `recent` unless it is known already, so it is cheap to call at every render of the
   * welcome screen. A failure leaves the list as it was (it is an extra), until it changes.
   */
  loadRecent(): Promise<void> {
    return (this.recentLoad ??= (async () => {
      // None for a visitor never seen (no session is minted for it).
      const { token } = this.session.record;
      this.summaries = token ? (await this.session.authed((token, api) => api.conversations(token))).items : [];
      this.host.requestUpdate();
    })().catch(() => {}));
  }

  /** An answer of this conversation is complete (here or in another tab): `recent` changed. */
  private answered(conversationId: string): void {
    const loaded = this.recentLoad;
    this.recentLoad = null;
    // Its first answer lists a conversation: refresh a list already on screen at once.
    if (loaded && !this.summaries.some((c) => c.conversationId === conversationId)) void this.loadRecent();
  }

  /** Put a conversation on screen, empty until restore() loads it. */
  private show(conversationId: string | null, followed = false): void {
    this.screen++;
    this.conversationId = conversationId;
    this.messages = [];
    this.failed = null;
    this.previous = null;
    this.restored = false;
    this.followed = followed;
    this.set('idle', null);
  }

  /** News from the visitor's other tabs of this site. */
  private heard(news: TabNews): void {
    if (news.kind === 'record') return this.follow();
    const id = news.conversationId;
    if (news.kind === 'answered') {
      this.answered(id);
      // A conversation kept for undo comes back from its history, with that answer.
      if (this.previous?.id === id) this.previous.messages = [];
    }
    // The conversation on screen has a new question, or a complete answer: the panel's next render
    // loads it again (after this tab's own answer, if one is on its way). An answer on its way is in
    // the stored record, and load() reads the rest of it here too. Loaded, not added from the news,
    // which a busy machine may deliver late: after the answer ended, or after this tab read it.
    if (id === this.conversationId && this.restored && (news.kind === 'answered' || news.answerId !== this.seen)) {
      this.restored = false;
      this.followed = true;
      this.host.requestUpdate();
    }
  }

  /**
   * Show the conversation another tab made current (a new one, one undone, reopened or created by
   * its first message), once this tab's own answer is done (ask() calls this again then). An undo
   * window here closes: the visitor moved on.
   */
  private follow(): void {
    const id = this.session.conversationId;
    if (id !== this.conversationId && !this.answering) this.show(id, true);
  }

  /** Ask the bot: the visitor's message goes on screen, then its answer streams into a new bot message. */
  async ask(input: string): Promise<void> {
    const text = input.trim();
    if (!text || this.answering) return;
    // A history on its way (the first one, or a refresh after another tab's answer): the question
    // goes after it, not lost and not in place of it.
    for (let load = this.loading; this.phase === 'loading'; load = this.loading) {
      await load;
      if (load === this.loading) break; // that load is over (a newer one would have replaced it)
    }
    // Another question got in first meanwhile (a starter prompt and Enter at once): give it back.
    if (this.answering) return this.host.restoreDraft(text);
    // Nothing on screen yet (the transcript was never shown): the stored conversation is the one.
    if (!this.restored) this.conversationId = this.session.conversationId;
    this.restored = true;
    this.failed = null;
    this.error = null;
    if (text.length > MESSAGE_TEXT_MAX) return this.fail(new ApiError('too_long', 0, 'too long', undefined, false), text);
    const user: ChatMessage = { role: 'user', text, at: Date.now() };
    this.messages = [...this.messages, user];
    if (navigator.onLine === false) return this.fail(new ApiError('offline', 0), text);
    await this.receive(text, null, user);
  }

  /**
   * Stream an answer into a new bot message and settle it: the answer to the visitor's message
   * `user` (`text`), posted here, or the one `answer` names, on its way (after a reload: the stored
   * record, `reattached`; another tab's: its news). The answer's state machine: idle → waiting
   * (until the first tokens) → streaming → idle; a failure on the way leaves an error under the
   * question (`text`), with Retry when that can work. Once the answer's id is known, a broken stream
   * is read on with a GET of the answer after the last id read, up to 3 times in a row (250 ms, 1 s,
   * 2 s apart). One page reports the answer's end (tessera-message-received, the other tabs'
   * `answered`): the one that asked, else one that reattached once that one had gone (own()).
   */
  private async receive(
    text: string | undefined,
    answer: PendingAnswer | null,
    user?: ChatMessage,
    reattached?: boolean,
  ): Promise<void> {
    const bot = this.bot('');
    bot.at = Date.now();
    this.messages = [...this.messages, bot];
    this.set('waiting', null);
    this.answer = answer;
    this.seen = answer?.answerId;
    const abort = (this.abort = new AbortController());
    const { signal } = abort;
    const screen = this.screen;
    let conversationId = answer?.conversationId ?? '';
    let started = false;
    let tries = 0;
    let over!: () => void;
    const ended = new Promise<void>((resolve) => (over = resolve));
    const reports = reattached ? own(answer!.answerId, ended) : !!user;
    const reader: AnswerReader = {
      // The tokens of one network chunk, rendered at once; the first batch ends the wait.
      tokens: (tokens) => {
        tries = 0;
        if (this.phase === 'waiting') this.set('streaming');
        bot.view!.push(tokens);
        bot.text += tokens;
        this.host.streamed();
      },
      // Asked here: the stored record names the answer until its end, and the other tabs follow it.
      start: (answerId) => {
        if (this.answer) return;
        const answer = (this.answer = { conversationId, answerId });
        this.seen = answerId;
        void own(answerId, ended);
        this.session.update({ answer });
        this.session.tell({ kind: 'answering', text: text!, ...answer });
      },
    };
    try {
      let done: Wire.DoneEvent | undefined;
      while (!done) {
        try {
          const { answer } = this;
          const res = await (answer
            ? this.session.authed((token, api) => api.answer(token, answer.conversationId, answer.answerId, signal, reader.id))
            : // To the conversation on screen (a new one if none): the one it goes to is the one on screen.
              this.session.startAnswer(text!, signal, this.conversationId, (id) => {
                conversationId = id;
                if (screen === this.screen) this.conversationId = id;
              }));
          if (!answer) emit(this.host, 'tessera-message-sent', { text: text!, conversationId });
          started = true;
          done = await readAnswer(res.body!, reader);
        } catch (err) {
          // A broken connection is read on; a stop, the answer's own end (an error event) or a
          // refusal ends it.
          if (
            signal.aborted ||
            !this.answer ||
            (err instanceof ApiError && !hasCode(err, ['stream_interrupted', 'network', 'offline']))
          )
            throw err;
          if (tries > 2) throw new ApiError('stream_interrupted', 0);
          await new Promise((resolve) => {
            setTimeout(resolve, [250, 1e3, 2e3][tries++]);
            signal.onabort = resolve;
          });
        }
      }
      // Not asked here, the history may have it already (a finished answer, after a reload): shown once.
      if (!user && this.messages.some((m) => m.id === done.messageId)) this.messages = this.messages.filter((m) => m !== bot);
      // The service's text is the answer of record (it is what the history will show).
      else if (done.text !== bot.text) Object.assign(bot, this.bot(done.text));
      else bot.view!.end();
      if (done.messageId) bot.id = done.messageId;
      if (await reports) {
        this.session.tell({ kind: 'answered', conversationId });
        this.answered(conversationId);
        emit(this.host, 'tessera-message-received', {
          text: done.text,
          messageId: done.messageId,
          conversationId,
          finishReason: done.finishReason,
        });
      }
    } catch (err) {
      // Stopped here, or in another tab (the service ends every reader's stream with answer_stopped).
      const stopped = signal.aborted || hasCode(err, ['answer_stopped']);
      bot.view!.end();
      bot.stopped = stopped;
      // An answer the service no longer keeps (expired, its log unreachable): lost when its question
      // is the last on screen (Retry asks it again), else in the history already.
      const lost = hasCode(err, ['answer_not_found']);
      if (!stopped && (text || !lost)) this.fail(lost ? new ApiError('stream_interrupted', 0) : err, text);
      // A question the service refused for good leaves no turn on screen (its text is back in the
      // composer); an empty answer bubble only stays to say "stopped".
      const dropUser = !started && !stopped && !this.failed;
      this.messages = this.messages.filter((m) => (m !== user || !dropUser) && (m !== bot || bot.text || stopped));
    } finally {
      over();
      if (this.abort === abort) {
        this.abort = null;
        // Over: the stored record no longer names the answer (unless another's has replaced it).
        if (this.answer && this.session.record.answer?.answerId === this.answer.answerId)
          this.session.update({ answer: undefined });
        this.answer = null;
      }
      this.set('idle');
      this.host.streamed();
      this.follow();
    }
  }

  /** Rate an answer (a second rating replaces the first); a comment may follow a thumbs down. */
  async rate(m: ChatMessage, rating: 'up' | 'down', comment?: string): Promise<void> {
    m.rating = rating;
    m.commented = comment !== undefined;
    this.host.requestUpdate();
    try {
      await this.session.authed((token, api) =>
        api.rate(token, this.conversationId!, m.id!, comment ? { rating, comment } : { rating }),
      );
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
    const { answer } = this;
    // An answer with an id goes on without its readers: the service is told to stop it.
    if (answer)
      void this.session.authed((token, api) => api.stopAnswer(token, answer.conversationId, answer.answerId)).catch(() => {});
    this.abort?.abort();
  }

  /** Forget the conversation: the next message starts a new one (and no undo brings it back). */
  reset(): void {
    this.stop();
    this.session.forgetConversation();
    this.show(null);
  }

  /**
   * The conversation "new conversation" put aside, while undo() can bring it back. Only in memory:
   * storage already holds the new (empty) conversation, so a reload or a message sent meanwhile
   * starts the new one, and a page's reset() (a sign-out, say) leaves nothing to bring back.
   */
  previous: { id: string | null; messages: ChatMessage[]; error: ApiError | null; failed: string | null } | null = null;

  /** Start a new conversation, keeping the current one aside for undo() (an empty one keeps the last kept). */
  startOver(): void {
    const { conversationId: id, messages, error, failed } = this;
    const kept = id || messages.length ? { id, messages, error, failed } : this.previous;
    this.reset();
    this.previous = kept;
  }

  /** Bring back the conversation startOver() put aside, as it was (its history, if it had not loaded yet). */
  undo(): void {
    const kept = this.previous;
    if (!kept || this.busy) return;
    if (kept.id) this.session.update({ conversationId: kept.id });
    this.screen++;
    this.conversationId = kept.id;
    this.restored = true;
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
