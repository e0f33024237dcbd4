/**
 * The chat panel of <tessera-chat>: header, transcript, composer, rendered with lit-html into the
 * element's shadow root next to the launcher. A module of its own, which the element loads on
 * intent (tessera-chat.component.ts); it brings its styles, the UI strings, markdown, the
 * conversation (ChatController) and the phone's viewport (ViewportController), and the element
 * calls render() on each of its updates.
 */
import { html, nothing, render } from 'lit/html.js';
import { ChatController } from '../controllers/chat.controller.js';
import { ViewportController } from '../controllers/viewport.controller.js';
import { plural, type Strings, stringsFor } from '../i18n/index.js';
import { CLOSE, NEW, SEND, STOP } from '../theme/icons.js';
import { errorText, imageUrl, transcript, waitLeft } from '../tessera-chat/parts.js';
import { styles } from '../tessera-chat/tessera-chat.styles.js';
import type { TesseraChat } from '../tessera-chat/tessera-chat.component.js';

/** How long "new conversation" can be undone, in seconds the bar is neither pointed at nor focused. */
export const UNDO_S = 8;

export class Panel {
  readonly chat: ChatController;
  private readonly viewport: ViewportController;
  private readonly box: HTMLElement;
  private following = true;
  private frame = 0;
  private lastTop = 0;
  private undoTimer: ReturnType<typeof setInterval> | undefined;
  /** The welcome screen was on screen at the last render. */
  private welcomed = false;

  constructor(private readonly host: TesseraChat) {
    const shadow = host.shadowRoot!;
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, ...styles];
    this.box = host.root.appendChild(document.createElement('div'));
    this.box.className = 'box';
    this.chat = new ChatController(host, host.session);
    this.viewport = new ViewportController(host, () => host.root);
  }

  get strings(): Strings {
    return stringsFor(this.host);
  }

  /** The launcher's words for `n` unread answers ("2 new messages"). */
  unreadLabel(n: number): string {
    return plural(this.strings.unread, n, this.host.language[0]);
  }

  /** The composer's text box. */
  input(): HTMLTextAreaElement | null {
    return this.box.querySelector('textarea');
  }

  /** The floating panel was opened or closed: on a phone it follows the visual viewport while open. */
  track(open: boolean): void {
    this.viewport.track(open);
  }

  /** Asking failed: give the text back to the composer, unless the visitor typed something new. */
  restoreDraft(text: string): void {
    const input = this.input();
    if (input && !input.value.trim()) {
      input.value = text;
      this.grow();
    }
  }

  /** Follow the answer (once per frame) unless the visitor scrolled up. */
  streamed(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const log = this.box.querySelector('.log');
      if (log && this.following) log.scrollTop = log.scrollHeight;
    });
  }

  private onInputKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  private submit(e?: Event): void {
    e?.preventDefault();
    const input = this.input();
    // While a rate limit's wait runs the text stays in the composer: sending now would only fail again.
    // Asked while a history loads, the question waits for it (ChatController.ask).
    if (!input?.value.trim() || this.chat.answering || waitLeft(this.chat.error) > 0) return;
    const text = input.value;
    input.value = '';
    this.grow();
    void this.chat.ask(text);
  }

  /** Grow the composer with its text (CSSOM, so CSP's style-src is not involved). */
  private grow(): void {
    const input = this.input();
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + 2}px`;
  }

  private retry(): void {
    if (!this.chat.error) return this.host.session.load();
    const text = this.chat.retry();
    const input = this.input();
    if (text && input?.value === text) input.value = '';
  }

  /** Scrolling up stops following the answer; reaching the end again resumes it. */
  private onScroll(e: Event): void {
    const log = e.currentTarget as HTMLElement;
    const top = log.scrollTop;
    const following = log.scrollHeight - top - log.clientHeight < 32 || (top >= this.lastTop && this.following);
    this.lastTop = top;
    if (following !== this.following) {
      this.following = following;
      this.host.requestUpdate();
    }
  }

  private jump(): void {
    this.following = true;
    this.host.requestUpdate();
    this.streamed();
    this.input()?.focus();
  }

  /**
   * Start a new conversation at once, with an undo bar rather than a confirmation: nothing is lost
   * to a slip and the common case costs no second click. Focus goes to the composer (the next
   * step); the bar is one Shift+Tab before it and is announced politely.
   */
  private newConversation(): void {
    this.chat.startOver();
    this.armUndo();
    this.input()?.focus();
  }

  /**
   * Close the undo window after UNDO_S seconds, counted afresh whenever the visitor has pointed at or
   * focused the bar (WCAG 2.2.1: no time limit runs out while someone is reaching for it). The
   * clock stops itself once the window is closed, whichever way.
   */
  private armUndo(): void {
    clearInterval(this.undoTimer);
    let left = UNDO_S;
    this.undoTimer = setInterval(() => {
      left = this.box.querySelector('.undo:is(:hover, :focus-within)') ? UNDO_S : left - 1;
      if (!this.chat.previous) clearInterval(this.undoTimer);
      else if (!left) this.chat.commit();
    }, 1000);
  }

  private undo(): void {
    this.chat.undo();
    this.input()?.focus();
  }

  render(): void {
    const host = this.host;
    const s = this.strings;
    const [locale, texts] = host.language;
    const { config, status } = host.session;
    const theme = host.effectiveTheme;
    const chat = this.chat;
    // Show the stored conversation once the visitor can see the transcript.
    const visible = host.opened || !host.floating;
    if (visible) void chat.restore();
    // A message sent in the undo window (composer, starter prompt, send()) commits the new conversation.
    if (chat.previous && (chat.messages.length || chat.busy)) chat.commit();
    const avatar = imageUrl(theme.avatarUrl);
    const title = host.chatTitle ?? texts.title ?? config?.title ?? 'Chat';
    const subtitle = host.subtitle ?? texts.subtitle ?? config?.subtitle;
    // The bot's face: the site's avatar, else the title's first letter on the accent color.
    const face = avatar
      ? html`<img class="face" part="avatar" src=${avatar} alt="" />`
      : html`<span class="face" part="avatar" aria-hidden="true">${[...title.trim()][0]?.toUpperCase()}</span>`;
    const busy = chat.answering;
    // The welcome screen lists the visitor's other conversations: fetched each time it appears.
    const welcome = !chat.messages.length && chat.phase === 'idle' && visible;
    if (welcome && !this.welcomed) void chat.loadRecent();
    this.welcomed = welcome;
    // No chat here: the site is not enabled, or lets only its signed-in users chat and none is.
    const { signIn } = host.session;
    const closed = status === 'disabled' || signIn;
    const iconButton = (part: string, label: string, icon: unknown, onClick: () => void) =>
      html`<button class="icon" part="header-button ${part}" aria-label=${label} title=${label} @click=${onClick}>${icon}</button>`;
    render(
      html`<section
        id="panel"
        class="panel"
        part="panel"
        role=${host.floating ? 'dialog' : 'region'}
        aria-labelledby="title"
        ?hidden=${host.floating && !host.opened}
      >
        <div class="head" part="header">
          ${face}
          <div class="who">
            <h2 id="title" part="title">${title}</h2>
            ${subtitle ? html`<p part="subtitle">${subtitle}</p>` : nothing}
          </div>
          ${closed ? nothing : iconButton('new-conversation-button', s.newConversation, NEW, () => this.newConversation())}
          ${host.floating ? iconButton('close-button', s.close, CLOSE, () => host.close()) : nothing}
        </div>
        ${
          closed
            ? html`<p class="notice" part="notice" role="status">${signIn ? s.signIn : errorText(host.session.error!, s, locale)}</p>`
            : html`<div class="body">
                <div
                  class="log"
                  part="transcript"
                  role="log"
                  aria-label=${s.conversation}
                  aria-busy=${busy}
                  tabindex="0"
                  @scroll=${(e: Event) => this.onScroll(e)}
                >
                  ${transcript({
                    s,
                    locale,
                    greeting: host.greeting ?? texts.greeting ?? config?.greeting ?? s.greeting,
                    prompts:
                      chat.messages.length || chat.busy
                        ? []
                        : (host.starterPrompts ?? texts.starterPrompts ?? config?.starterPrompts ?? []),
                    messages: chat.messages,
                    face,
                    recent: chat.recent,
                    onOpen: (id) => {
                      void chat.open(id);
                      this.input()?.focus();
                    },
                    refresh: () => host.requestUpdate(),
                    phase: chat.phase,
                    error: chat.error ?? (status === 'error' ? host.session.error : null),
                    onPrompt: (text) => void host.send(text),
                    onRetry: () => this.retry(),
                    onRate: (m, rating, comment) => void chat.rate(m, rating, comment),
                    // A wait counts down only while the visitor can see it.
                    wake: (ms) => chat.wake(visible ? ms : 0),
                  })}
                </div>
                ${this.following ? nothing : html`<button class="jump" part="jump-button" @click=${() => this.jump()}>${s.jump}</button>`}
              </div>
              <div role="status">${
                chat.previous
                  ? html`<div class="undo" part="undo-bar">
                      <span>${s.startedNew}</span><button part="undo-button" @click=${() => this.undo()}>${s.undo}</button>
                    </div>`
                  : nothing
              }</div>
              <form part="composer" @submit=${(e: Event) => this.submit(e)}>
                <textarea
                  part="input"
                  rows="1"
                  aria-label=${s.message}
                  placeholder=${s.placeholder}
                  @keydown=${(e: KeyboardEvent) => this.onInputKey(e)}
                  @input=${() => this.grow()}
                ></textarea>
                ${
                  busy
                    ? html`<button type="button" class="send" part="stop-button" aria-label=${s.stop} title=${s.stop} @click=${() => chat.stop()}>${STOP}</button>`
                    : html`<button class="send" part="send-button" aria-label=${s.send} title=${s.send}
                        aria-disabled=${waitLeft(chat.error) > 0}>${SEND}</button>`
                }
              </form>`
        }
      </section>`,
      this.box,
    );
    this.streamed();
  }
}
