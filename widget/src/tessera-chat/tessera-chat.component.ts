/**
 * <tessera-chat>: the part of the widget every page loads, written without Lit to stay small and
 * nearly free to run: the element (its attributes, properties and public API), the launcher, the
 * site's config, the visitor's session and the theme. The panel (header, transcript, composer,
 * markdown; Lit) is a module of its own, made on intent: the pointer over or focus on the
 * launcher, at once in inline mode, and whenever the panel is asked for (open(), send(), a click);
 * its module is fetched before that, once the browser is idle after the config. The visitor's words
 * (a language other than English: the launcher's labels too) are fetched at once. A site that is
 * not enabled here (origin not allowed, suspended, unknown) shows nothing at all; the console says
 * why, once.
 *
 * The element is the reactive host of its controllers (session here, chat and viewport in the
 * panel): requestUpdate() schedules one update per microtask, updateComplete waits for it, as
 * Lit's ReactiveElement does. No side effects here; tessera-chat.ts registers the tag.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Wire from '@tessera/protocol/types';
import { createApi } from '../api/client.js';
import { SessionController } from '../controllers/session.controller.js';
import { emit } from '../events/events.js';
import { loadLocale } from '../i18n/load.js';
import { isRtl, LAUNCHER, type Locale, pickLocale } from '../i18n/locale.js';
import type { Strings } from '../i18n/strings.js';
import type { MarkdownLabels } from '../markdown/view.js';
import { applyTheme } from '../theme/apply.js';
import { icon, isIcon } from '../theme/launcher-icons.js';
import type { Panel } from '../panel/panel.js';
import { shellStyles } from './shell.styles.js';

export type Mode = 'floating' | 'inline';
type Theme = Wire.Theme;

/** Attributes and the properties they set. */
const ATTRIBUTES: Record<string, string> = {
  'site-key': 'siteKey',
  'service-url': 'serviceUrl',
  mode: 'mode',
  open: 'opened',
  locale: 'locale',
  position: 'position',
  'color-scheme': 'colorScheme',
  'accent-color': 'accentColor',
  'chat-title': 'chatTitle',
  subtitle: 'subtitle',
  greeting: 'greeting',
  'identity-token': 'identityToken',
};
/** Every reactive property (set as properties too: theme and starterPrompts only so), and its default. */
const DEFAULTS: Record<string, unknown> = { siteKey: '', serviceUrl: '', mode: 'floating', opened: false };
const PROPERTIES = [...Object.values(ATTRIBUTES), 'theme', 'starterPrompts'];

/**
 * The panel's module: a chunk for bundlers; in the script-tag build a file the service serves
 * beside widget.js, which vite.config.ts names here (its name carries its hash: cached for good).
 */
const loadPanelModule = (_serviceUrl: string): Promise<typeof import('../panel/panel.js')> => import('../panel/panel.js');

export class TesseraChat extends HTMLElement implements ReactiveControllerHost {
  static readonly observedAttributes = Object.keys(ATTRIBUTES);

  // Reactive properties: accessors defined below the class.
  /** The site's public key (`pk_…`). */
  declare siteKey: string;
  /** Base URL of the token service; the script-tag build takes it from its own `src`. */
  declare serviceUrl: string;
  declare mode: Mode;
  /** Whether the panel is open (attribute `open`); open()/close()/toggle() also move focus. */
  declare opened: boolean;
  /** These override the tenant config (locale also the page's `lang`). */
  declare locale: string | null;
  declare position: Theme['position'] | null;
  declare colorScheme: Theme['colorScheme'] | null;
  declare accentColor: string | null;
  declare chatTitle: string | null;
  /** The line under the title in the panel's header ("AI assistant · answers instantly"). */
  declare subtitle: string | null;
  declare greeting: string | null;
  /** Theme values that override the tenant config (a partner's live preview, a site's own choice). */
  declare theme: Partial<Theme> | null;
  /** Starter prompts that replace the tenant config's. */
  declare starterPrompts: string[] | null;
  /**
   * An identity token the site's backend signed for its signed-in user (attribute `identity-token`):
   * the visitor is that user (see identify()); removing it signs out.
   */
  declare identityToken: string | null;

  readonly session: SessionController;
  /** The panel, once its module has loaded. */
  panel: Panel | null = null;
  readonly root: HTMLElement;
  /** The reactive properties' values (accessors below the class). */
  readonly values: Record<string, unknown> = {};
  private readonly controllers = new Set<ReactiveController>();
  private readonly probe: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  /** The number of answers that completed while the panel was closed, on the launcher's corner. */
  private readonly badge: HTMLElement;
  private unread = 0;
  private pending: Promise<void> | null = null;
  private loading: Promise<void> | null = null;
  private configured = '';
  private iconKey = '';
  /** The open state last announced with tessera-open/-close. */
  private shown = false;
  /** Whether the visitor can chat (panel open, or inline). */
  private active = false;
  /** The visitor or the page asked to open/close (not the initial `open` attribute): move focus. */
  moveFocus = false;
  /** The identity token the session was last given. */
  private identity: string | null = null;

  constructor() {
    super();
    // Properties set before the element was defined are instance fields hiding the accessors.
    for (const p of PROPERTIES) {
      if (Object.hasOwn(this, p)) {
        const value = (this as Record<string, unknown>)[p];
        delete (this as Record<string, unknown>)[p];
        (this as Record<string, unknown>)[p] = value;
      }
    }
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [shellStyles];
    const root = (this.root = document.createElement('div'));
    root.className = 'root';
    root.addEventListener('keydown', (e) => this.onKeydown(e));
    this.probe = root.appendChild(document.createElement('i'));
    this.probe.className = 'probe';
    const launcher = (this.launcher = root.appendChild(document.createElement('button')));
    launcher.className = 'launcher';
    launcher.setAttribute('part', 'launcher');
    launcher.hidden = true;
    launcher.addEventListener('click', () => this.toggle());
    // Intent: fetch the panel before the click, so that opening it is instant.
    for (const type of ['pointerenter', 'focus', 'touchstart']) launcher.addEventListener(type, () => void this.loadPanel());
    const badge = (this.badge = root.appendChild(document.createElement('span')));
    badge.className = 'badge';
    badge.setAttribute('part', 'unread-badge');
    badge.ariaHidden = 'true'; // the launcher's name says it
    badge.hidden = true;
    // An answer that completes while the floating panel is closed is unread until it opens (the
    // page's title is the page's: never touched).
    this.addEventListener('tessera-message-received', () => {
      if (this.floating && !this.opened) {
        this.unread++;
        this.requestUpdate();
      }
    });
    shadow.append(root);
    this.session = new SessionController(this);
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
    await this.session.loaded;
    // On a site that is not enabled for this origin, never try to mint a session.
    if (this.session.status === 'disabled') return;
    await this.loadPanel();
    await this.updateComplete;
    await this.panel!.chat.ask(text);
  }

  /** Forget the conversation; the next message starts a new one. */
  reset(): void {
    if (this.panel) this.panel.chat.reset();
    else this.session.forgetConversation(); // nothing of it is on screen yet
  }

  /**
   * Sign the visitor in as the site's user this identity token names (a short-lived JWT the site's
   * backend signed: see docs/identity.md): that user's conversations, on any device. Null signs out.
   */
  identify(token: string | null): void {
    if (token) this.identityToken = token;
    else this.logout();
  }

  /** Sign out: back to a new anonymous visitor; nothing of the user stays here or in the visitor's other tabs. */
  logout(): void {
    this.identityToken = this.identity = null;
    this.panel?.chat.stop();
    this.session.logout();
  }

  // The chat controller's host (it lives in the panel) ------------------------------------------

  get labels(): MarkdownLabels {
    return this.panel!.strings;
  }

  streamed(): void {
    this.panel?.streamed();
  }

  restoreDraft(text: string): void {
    this.panel?.restoreDraft(text);
  }

  // Reactive host -------------------------------------------------------------------------------

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  requestUpdate(): void {
    this.pending ??= Promise.resolve().then(() => {
      this.pending = null;
      this.update();
    });
  }

  /** Settles once no update is pending (also after the updates that one requested). */
  get updateComplete(): Promise<boolean> {
    return (async () => {
      while (this.pending) await this.pending;
      return true;
    })();
  }

  connectedCallback(): void {
    for (const c of this.controllers) c.hostConnected?.();
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    for (const c of this.controllers) c.hostDisconnected?.();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    (this as Record<string, unknown>)[ATTRIBUTES[name]!] = name === 'open' ? value !== null : value;
  }

  // What the panel reads ------------------------------------------------------------------------

  get floating(): boolean {
    return this.mode !== 'inline';
  }

  /** The visitor's language and the site's texts in it (the element's own properties win over them). */
  get language(): [Locale, Wire.SiteTexts] {
    const config = this.session.config;
    return pickLocale(config?.translations, this.locale, config?.locale, document.documentElement.lang, navigator.language);
  }

  /** The tenant's theme with the element's own overrides on top. */
  get effectiveTheme(): Theme {
    return { ...this.session.config?.theme, ...this.theme };
  }

  /** The widget's words by language, as they load (English's come with the panel, the launcher's labels here). */
  readonly words: Partial<Record<Locale, Strings>> = {};
  private wordsLoading: Partial<Record<Locale, Promise<void>>> = {};

  /**
   * Load the panel's module and make the panel (once); the next update renders it. The visitor's
   * words load beside the module, not after it: the panel's first render is in their language,
   * and a panel fetched on intent costs no extra round trip when opened.
   */
  loadPanel(): Promise<void> {
    const words = this.loadWords(this.language[0]);
    this.loading ??= Promise.all([loadPanelModule(this.serviceUrl), words]).then(
      ([{ Panel }]) => {
        this.panel = new Panel(this);
        this.requestUpdate();
      },
      (err: unknown) => {
        this.loading = null; // a later intent tries again
        throw err;
      },
    );
    return this.loading;
  }

  /**
   * While the browser is idle: fetch and evaluate the panel's module (the words are in or on their
   * way: update()), but make no panel yet (its first render is the costly part of loading:
   * measured, it made the page's longest task 7-12 ms longer at the median). Intent (hover, focus,
   * open) then makes it from what is here.
   */
  private prefetchPanel(): void {
    loadPanelModule(this.serviceUrl).catch(() => {});
  }

  /** Load the widget's words in `locale` (once; English's are the panel's); the next update shows them. */
  loadWords(locale: Locale): Promise<void> {
    if (locale === 'en') return Promise.resolve();
    return (this.wordsLoading[locale] ??= loadLocale(this.serviceUrl, locale).then(
      (strings) => {
        this.words[locale] = strings;
        this.requestUpdate();
      },
      () => {
        // The launcher and the panel speak English meanwhile; the next update tries again.
        delete this.wordsLoading[locale];
      },
    ));
  }

  setOpen(open: boolean): void {
    this.moveFocus = true;
    this.opened = open;
  }

  // Update --------------------------------------------------------------------------------------

  private update(): void {
    const { session, root, launcher } = this;
    const key = `${this.siteKey} ${this.serviceUrl}`;
    if (key !== this.configured) {
      this.configured = key;
      const { serviceUrl, siteKey } = this;
      session.configure(siteKey, serviceUrl && siteKey ? createApi(serviceUrl, siteKey) : null);
      // Once the config is in, fetch the panel while the browser has nothing else to do.
      void session.loaded.then(() => {
        if (session.status !== 'disabled') (window.requestIdleCallback ?? setTimeout)(() => this.prefetchPanel());
      });
    }
    if (this.identityToken !== this.identity) void session.identify((this.identity = this.identityToken));
    if (this.getAttribute('mode') !== this.mode) this.setAttribute('mode', this.mode);
    this.toggleAttribute('open', this.opened);
    const theme = this.effectiveTheme;
    const [locale] = this.language;
    root.dir = isRtl(locale) ? 'rtl' : 'ltr';
    root.lang = locale;
    root.dataset['scheme'] = this.colorScheme ?? theme.colorScheme ?? 'light';
    root.dataset['pos'] = this.position ?? theme.position ?? 'bottom-right';
    // Nothing to see where the site is not enabled, and no launcher in the default look while the
    // site's own is still on its way.
    const disabled = session.status === 'disabled';
    this.hidden = disabled && this.floating;
    // The launcher's labels come with the visitor's words (English's are here): fetched at once,
    // beside the config, so that they are in by the time the launcher shows, or soon after (it
    // shows an icon: only its name changes). A language the config then picks is fetched then.
    if (!disabled) void this.loadWords(locale);
    // Inline, there is no launcher at all.
    if (!this.floating) launcher.remove();
    else if (!launcher.parentNode) this.probe.after(launcher);
    // Where the site lets only its signed-in users chat, none until the page signs one in.
    launcher.hidden = disabled || session.status === 'loading' || session.signIn;
    const shown = this.opened && this.floating;
    if (shown) this.unread = 0;
    const unread = this.unread && this.panel && !disabled ? this.panel.unreadLabel(this.unread) : '';
    this.badge.hidden = !unread;
    this.badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
    launcher.setAttribute(
      'aria-label',
      (this.words[locale] ?? LAUNCHER)[this.opened ? 'close' : 'open'] + (unread && `, ${unread}`),
    );
    launcher.setAttribute('aria-expanded', String(this.opened));
    this.launcherIcon(this.opened ? 'close' : (theme.launcherIcon ?? 'chat'));
    applyTheme(root, this.probe, theme, this.accentColor);

    if (!this.panel) {
      // Inline, the panel is the page's: it also says when chat is not enabled.
      if (!this.floating || (shown && !disabled)) void this.loadPanel().catch(() => {});
      return;
    }
    this.panel.render();
    // Once the panel it controls is there.
    launcher.setAttribute('aria-controls', 'panel');
    // The session keeps its token fresh while the visitor can chat.
    const active = shown || !this.floating;
    if (active !== this.active) session.setActive((this.active = active));
    if (shown !== this.shown) {
      this.shown = shown;
      this.panel.track(shown);
      emit(this, shown ? 'tessera-open' : 'tessera-close', {});
      if (this.moveFocus) (shown ? this.panel.input() : launcher)?.focus();
    }
    this.moveFocus = false;
  }

  /** A built-in icon by name, or the tenant's image (checked to be https or a data: image by the service). */
  private launcherIcon(name: string): void {
    if (name === this.iconKey) return;
    this.iconKey = name;
    const src = /^(https?:|data:image\/)/i.test(name) ? name : '';
    let child: Element;
    if (isIcon(name) || !src) child = icon(isIcon(name) ? name : 'chat');
    else {
      const img = document.createElement('img');
      img.src = src;
      img.alt = '';
      child = img;
    }
    this.launcher.replaceChildren(child);
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.floating && this.opened) {
      e.stopPropagation();
      this.close();
    }
  }
}

for (const p of PROPERTIES) {
  Object.defineProperty(TesseraChat.prototype, p, {
    get(this: TesseraChat) {
      return Object.hasOwn(this.values, p) ? this.values[p] : (DEFAULTS[p] ?? null);
    },
    set(this: TesseraChat, value: unknown) {
      if (this.values[p] === value) return;
      this.values[p] = value;
      this.requestUpdate();
    },
  });
}
