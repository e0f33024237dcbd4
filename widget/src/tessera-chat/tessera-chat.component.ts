/**
 * <tessera-chat>: the chat widget as a Lit element, floating (launcher + panel) or inline. No side
 * effects here; tessera-chat.ts registers the tag. Session, stream and viewport lifecycles live in
 * controllers; this class wires them to the template, focus, scrolling, theme and the public API.
 */
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type * as Wire from '@tessera/protocol/types';
import { createApi } from '../api/client.js';
import { ChatController, type ChatHost } from '../controllers/chat.controller.js';
import { SessionController } from '../controllers/session.controller.js';
import { ViewportController } from '../controllers/viewport.controller.js';
import { emit } from '../events/events.js';
import { isRtl, pickLocale, stringsFor, type Locale, type Strings } from '../i18n/index.js';
import type { MarkdownLabels } from '../markdown/view.js';
import { applyTheme } from '../theme/apply.js';
import { CLOSE, NEW, SEND, STOP } from '../theme/icons.js';
import { errorText, imageUrl, launcherIcon, transcript } from './parts.js';
import { styles } from './tessera-chat.styles.js';

export type Mode = 'floating' | 'inline';
type Theme = Wire.Theme;

export class TesseraChat extends LitElement implements ChatHost {
  static override styles = styles;
  // Declared without decorators: the decorator helpers cost budget and do the same.
  static override properties: PropertyDeclarations = {
    siteKey: { attribute: 'site-key' },
    serviceUrl: { attribute: 'service-url' },
    mode: { reflect: true },
    opened: { type: Boolean, reflect: true, attribute: 'open' },
    locale: {},
    position: {},
    colorScheme: { attribute: 'color-scheme' },
    accentColor: { attribute: 'accent-color' },
    chatTitle: { attribute: 'chat-title' },
    greeting: {},
    theme: { attribute: false },
    starterPrompts: { attribute: false },
    following: { state: true },
  };

  /** The site's public key (`pk_…`). */
  siteKey = '';
  /** Base URL of the token service; the script-tag build takes it from its own `src`. */
  serviceUrl = '';
  mode: Mode = 'floating';
  /** Whether the panel is open (attribute `open`); open()/close()/toggle() also move focus. */
  opened = false;
  /** These override the tenant config (locale also the page's `lang`). */
  locale: string | null = null;
  position: Theme['position'] | null = null;
  colorScheme: Theme['colorScheme'] | null = null;
  accentColor: string | null = null;
  chatTitle: string | null = null;
  greeting: string | null = null;
  /** Theme values that override the tenant config (a partner's live preview, a site's own choice). */
  theme: Partial<Theme> | null = null;
  /** Starter prompts that replace the tenant config's. */
  starterPrompts: string[] | null = null;

  private following = true;
  private readonly session = new SessionController(this);
  private readonly chat = new ChatController(this, this.session);
  private readonly viewport = new ViewportController(this, () => this.$('.root'));
  private frame = 0;
  private lastTop = 0;
  /** The open state last announced with tessera-open/-close. */
  private shown = false;
  /** The visitor or the page asked to open/close (not the initial `open` attribute): move focus. */
  private moveFocus = false;

  get labels(): MarkdownLabels {
    return this.strings;
  }

  private get strings(): Strings {
    return stringsFor(this.lang_[0]);
  }

  /** The visitor's language and the site's texts in it (the element's own properties win over them). */
  private get lang_(): [Locale, Wire.SiteTexts] {
    const config = this.session.config;
    return pickLocale(config?.translations, this.locale, config?.locale, document.documentElement.lang, navigator.language);
  }

  /** The tenant's theme with the element's own overrides on top. */
  private get effectiveTheme(): Theme {
    return { ...this.session.config?.theme, ...this.theme };
  }

  private get floating(): boolean {
    return this.mode !== 'inline';
  }

  private $<T extends HTMLElement>(selector: string): T | null {
    return this.renderRoot.querySelector<T>(selector);
  }

  // Public API ----------------------------------------------------------------------------------

  /** Open the panel (floating mode); focus moves to the composer. */
  open(): void {
    this.setOpen(true);
  }

  /** Close the panel; focus returns to the launcher. */
  close(): void {
    this.setOpen(false);
  }

  toggle(): void {
    this.setOpen(!this.opened);
  }

  /** Send a message as if the visitor typed it (opens the panel first). */
  async send(text: string): Promise<void> {
    this.setOpen(true);
    await this.updateComplete;
    await this.session.loaded;
    // On a site that is not enabled for this origin, never try to mint a session.
    if (this.session.status !== 'disabled') await this.chat.ask(text);
  }

  /** Forget the conversation; the next message starts a new one. */
  reset(): void {
    this.chat.reset();
  }

  // ChatHost ------------------------------------------------------------------------------------

  restoreDraft(text: string): void {
    const input = this.$<HTMLTextAreaElement>('textarea');
    if (input && !input.value.trim()) {
      input.value = text;
      this.grow();
    }
  }

  /** Follow the answer (once per frame) unless the visitor scrolled up. */
  streamed(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const log = this.$('.log');
      if (log && this.following) log.scrollTop = log.scrollHeight;
    });
  }

  // Lifecycle -----------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('siteKey') || changed.has('serviceUrl')) {
      const { serviceUrl, siteKey } = this;
      this.session.configure(siteKey, serviceUrl && siteKey ? createApi(serviceUrl, siteKey) : null);
    }
    // Show the stored conversation once the visitor can see the transcript.
    if (this.opened || !this.floating) void this.chat.restore();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('opened') || changed.has('mode')) {
      const open = this.opened && this.floating;
      this.session.setActive(open || !this.floating);
      this.viewport.track(open);
      if (open !== this.shown) {
        this.shown = open;
        emit(this, open ? 'tessera-open' : 'tessera-close', {});
        if (this.moveFocus) (open ? this.$('textarea') : this.$('.launcher'))?.focus();
      }
      this.moveFocus = false;
    }
    applyTheme(this.$('.root')!, this.$('.probe')!, this.effectiveTheme, this.accentColor);
    this.streamed();
  }

  // Events --------------------------------------------------------------------------------------

  private setOpen(open: boolean): void {
    this.moveFocus = true;
    this.opened = open;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.floating && this.opened) {
      e.stopPropagation();
      this.close();
    }
  }

  private onInputKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  private submit(e?: Event): void {
    e?.preventDefault();
    const input = this.$<HTMLTextAreaElement>('textarea');
    if (!input?.value.trim() || this.chat.busy) return;
    const text = input.value;
    input.value = '';
    this.grow();
    void this.chat.ask(text);
  }

  /** Grow the composer with its text (CSSOM, so CSP's style-src is not involved). */
  private grow(): void {
    const input = this.$<HTMLTextAreaElement>('textarea');
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + 2}px`;
  }

  private retry(): void {
    if (!this.chat.error) return this.session.load();
    const text = this.chat.retry();
    const input = this.$<HTMLTextAreaElement>('textarea');
    if (text && input?.value === text) input.value = '';
  }

  /** Scrolling up stops following the answer; reaching the end again resumes it. */
  private onScroll(e: Event): void {
    const log = e.currentTarget as HTMLElement;
    const top = log.scrollTop;
    const following = log.scrollHeight - top - log.clientHeight < 32 || (top >= this.lastTop && this.following);
    this.lastTop = top;
    if (following !== this.following) this.following = following;
  }

  private jump(): void {
    this.following = true;
    this.streamed();
    this.$('textarea')?.focus();
  }

  private newConversation(): void {
    this.reset();
    this.$('textarea')?.focus();
  }

  // Template ------------------------------------------------------------------------------------

  protected override render() {
    const s = this.strings;
    const [locale, texts] = this.lang_;
    const { config, status } = this.session;
    const theme = this.effectiveTheme;
    const chat = this.chat;
    const avatar = imageUrl(theme.avatarUrl);
    const busy = chat.phase === 'waiting' || chat.phase === 'streaming';
    const iconButton = (part: string, label: string, icon: unknown, onClick: () => void) =>
      html`<button class="icon" part="header-button ${part}" aria-label=${label} title=${label} @click=${onClick}>${icon}</button>`;
    return html`<div
      class="root"
      dir=${isRtl(locale) ? 'rtl' : 'ltr'}
      lang=${locale}
      data-scheme=${this.colorScheme ?? theme.colorScheme ?? 'light'}
      data-pos=${this.position ?? theme.position ?? 'bottom-right'}
      @keydown=${this.onKeydown}
    >
      <i class="probe"></i>
      ${
        this.floating
          ? html`<button
            class="launcher"
            part="launcher"
            aria-label=${this.opened ? s.close : s.open}
            aria-expanded=${this.opened}
            aria-controls="panel"
            @click=${this.toggle}
          >
            ${this.opened ? CLOSE : launcherIcon(theme.launcherIcon)}
          </button>`
          : nothing
      }
      <section
        id="panel"
        class="panel"
        part="panel"
        role=${this.floating ? 'dialog' : 'region'}
        aria-labelledby="title"
        ?hidden=${this.floating && !this.opened}
      >
        <div class="head" part="header">
          ${avatar ? html`<img class="avatar" part="avatar" src=${avatar} alt="" />` : nothing}
          <h2 id="title" part="title">${this.chatTitle ?? texts.title ?? config?.title ?? 'Chat'}</h2>
          ${status === 'disabled' ? nothing : iconButton('new-conversation-button', s.newConversation, NEW, this.newConversation)}
          ${this.floating ? iconButton('close-button', s.close, CLOSE, this.close) : nothing}
        </div>
        ${
          status === 'disabled'
            ? html`<p class="notice" part="notice" role="status">${errorText(this.session.error!, s, locale)}</p>`
            : html`<div class="body">
                <div
                  class="log"
                  part="transcript"
                  role="log"
                  aria-label=${s.conversation}
                  aria-busy=${busy}
                  tabindex="0"
                  @scroll=${this.onScroll}
                >
                  ${transcript({
                    s,
                    locale,
                    greeting: this.greeting ?? texts.greeting ?? config?.greeting ?? s.greeting,
                    prompts:
                      chat.messages.length || chat.busy
                        ? []
                        : (this.starterPrompts ?? texts.starterPrompts ?? config?.starterPrompts ?? []),
                    messages: chat.messages,
                    phase: chat.phase,
                    error: chat.error ?? (status === 'error' ? this.session.error : null),
                    onPrompt: (text) => void this.send(text),
                    onRetry: () => this.retry(),
                    onRate: (m, rating, comment) => void chat.rate(m, rating, comment),
                  })}
                </div>
                ${this.following ? nothing : html`<button class="jump" part="jump-button" @click=${this.jump}>${s.jump}</button>`}
              </div>
              <form part="composer" @submit=${this.submit}>
                <textarea
                  part="input"
                  rows="1"
                  aria-label=${s.message}
                  placeholder=${s.placeholder}
                  @keydown=${this.onInputKey}
                  @input=${this.grow}
                ></textarea>
                ${
                  busy
                    ? html`<button type="button" class="send" part="stop-button" aria-label=${s.stop} title=${s.stop} @click=${() => chat.stop()}>${STOP}</button>`
                    : html`<button class="send" part="send-button" aria-label=${s.send} title=${s.send}>${SEND}</button>`
                }
              </form>`
        }
      </section>
    </div>`;
  }
}
