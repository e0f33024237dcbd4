/**
 * <portal-widget-preview>: the real widget (the service's own /widget.js, same origin, so the CSP
 * allows it) showing the unsaved settings: inline, as a visitor sees the open chat, and as the
 * closed launcher in the corner of a small page (position, icon), in the language whose texts are
 * edited (its own words too, when the widget has them). The preview overrides the saved config
 * through the element's properties, as the demo's theme playground does. It is inert: a
 * message from here would come from the portal's origin, which is not the customer's site.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { draftTheme, type Draft, listOut, THEME_KEYS } from './draft.js';

let widgetScript: Promise<void> | null = null;

/** Loads /widget.js once per page; it registers <tessera-chat> (and mounts nothing without a site key on its tag). */
function loadWidget(): Promise<void> {
  if (customElements.get('tessera-chat')) return Promise.resolve();
  widgetScript ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      widgetScript = null;
      reject(new Error('The widget could not be loaded.'));
    };
    document.head.append(script);
  });
  return widgetScript;
}

@customElement('portal-widget-preview')
export class WidgetPreview extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: var(--sl-spacing-medium);
    }
    .inline {
      block-size: 34rem;
      border-radius: var(--sl-border-radius-large);
      overflow: hidden;
    }
    /* A page corner: the floating launcher is fixed to this box (a transformed box contains fixed children). */
    .page {
      position: relative;
      block-size: 7.5rem;
      transform: translateZ(0);
      overflow: hidden;
      border: 1px dashed var(--sl-color-neutral-300);
      border-radius: var(--sl-border-radius-large);
      background: var(--sl-color-neutral-50);
    }
    .page-label {
      position: absolute;
      inset-block-start: var(--sl-spacing-x-small);
      inset-inline-start: var(--sl-spacing-small);
      font-size: var(--sl-font-size-x-small);
      color: var(--sl-color-neutral-700);
    }
    .failed {
      color: var(--sl-color-danger-700);
    }
  `;

  @property() siteKey = '';
  @property({ attribute: false }) draft: Draft | null = null;
  /** The language whose texts are edited ('' for the default ones). */
  @property() language = '';
  private failed = '';

  override connectedCallback(): void {
    super.connectedCallback();
    loadWidget().catch((err: Error) => {
      this.failed = err.message;
      this.requestUpdate();
    });
  }

  /** Every setting the form edits, unset ones as undefined: the preview shows the widget's default for them, not the saved value. */
  private theme() {
    const theme = draftTheme(this.draft!);
    return Object.fromEntries(THEME_KEYS.map((k) => [k, theme[k]]));
  }

  override render() {
    if (this.failed) return html`<p class="failed">${this.failed}</p>`;
    if (!this.draft || !this.siteKey) return '';
    const d = this.draft;
    const theme = this.theme();
    // A language's text where it has one, else the default text, as a visitor of that language sees them.
    const t = (this.language && d.translations[this.language]) || null;
    const title = t?.title.trim() || d.title.trim() || null;
    const subtitle = t?.subtitle.trim() || d.subtitle.trim() || null;
    const greeting = t?.greeting.trim() || d.greeting.trim() || null;
    const own = t ? listOut(t.starterPrompts).values : [];
    const prompts = own.length ? own : listOut(d.starterPrompts).values;
    const chat = (mode: 'inline' | 'floating') =>
      html`<tessera-chat mode=${mode} site-key=${this.siteKey} service-url=${location.origin} .theme=${theme}
        .chatTitle=${title} .subtitle=${subtitle} .greeting=${greeting} .starterPrompts=${prompts}
        .locale=${(t && this.language) || d.locale || null}></tessera-chat>`;
    return html`<div class="inline" inert>${chat('inline')}</div>
      <div class="page" inert><span class="page-label">Your page, with the chat closed</span>${chat('floating')}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-widget-preview': WidgetPreview;
  }
}
