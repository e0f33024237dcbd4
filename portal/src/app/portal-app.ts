/**
 * <portal-app>: the root. Loads the brand and who is signed in, guards every route (sign-in first,
 * operators only where it says so), loads the screen's chunk, and wraps signed-in screens in the shell.
 * Owns the live region every screen announces through.
 */
import type * as Wire from '@tessera/protocol/types';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, createTransport } from '../api/client.js';
import { createPortalApi } from '../api/portal-api.js';
import { applyBrand, FALLBACK_BRAND, onColorSchemeChange } from '../brand/apply.js';
import { current, match, Router } from '../router/router.js';
import type { PortalContext } from './context.js';
import { NOT_FOUND, ROUTES, type RouteDef } from './routes.js';

@customElement('portal-app')
export class PortalApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-block-size: 100vh;
    }
    .live {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .loading {
      display: grid;
      place-items: center;
      min-block-size: 60vh;
      color: var(--sl-color-neutral-600);
    }
    .failed {
      max-inline-size: 36rem;
      margin: 4rem auto;
      padding: 0 1rem;
    }
  `;

  @state() private brand: Wire.Brand = FALLBACK_BRAND;
  /** undefined: not known yet; null: signed out. */
  @state() private me: Wire.Me | null | undefined = undefined;
  @state() private view: TemplateResult | null = null;
  @state() private route: RouteDef | null = null;
  @state() private bootError = '';
  @state() private liveMessage = '';

  private readonly router = new Router();
  private readonly api = createPortalApi(createTransport(() => this.onUnauthenticated()));
  private navigation = 0;

  private readonly ctx = (): PortalContext => ({
    api: this.api,
    router: this.router,
    brand: this.brand,
    me: this.me ?? null,
    announce: (message) => this.announce(message),
    setBrand: (brand) => {
      this.brand = brand;
      applyBrand(brand, this.route?.title);
      void this.show();
    },
    setMe: async (me) => {
      this.me = me ?? (await this.api.me().catch(() => null));
      void this.show();
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.router.addEventListener('change', () => void this.show());
    onColorSchemeChange(() => {
      applyBrand(this.brand, this.route?.title);
      this.requestUpdate();
    });
    applyBrand(this.brand);
    void this.boot();
  }

  private async boot(): Promise<void> {
    const [brand, me] = await Promise.allSettled([this.api.brand(), this.api.me()]);
    if (brand.status === 'fulfilled') this.brand = brand.value;
    if (me.status === 'fulfilled') this.me = me.value;
    else if (me.reason instanceof ApiError && me.reason.code === 'unauthenticated') this.me = null;
    else {
      this.bootError = me.reason instanceof Error ? me.reason.message : String(me.reason);
      this.me = null;
    }
    applyBrand(this.brand);
    await this.show();
  }

  private onUnauthenticated(): void {
    if (this.me === undefined) return; // booting: /me answers 401 by design
    this.me = null;
    const { path } = current();
    if (path !== '/sign-in')
      this.router.navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }

  private announce(message: string): void {
    // Cleared first so that the same message twice is read twice.
    this.liveMessage = '';
    requestAnimationFrame(() => (this.liveMessage = message));
  }

  /** Resolves the current URL to a screen (or a redirect), loads its chunk and renders it. */
  private async show(): Promise<void> {
    if (this.me === undefined) return;
    const nav = ++this.navigation;
    const { path, query } = current();
    const me = this.me;

    if (me && path === '/sign-in') return this.router.navigate(safeNext(query.get('next')), { replace: true });
    if (path === '/') {
      if (!me) return this.router.navigate('/sign-in', { replace: true });
      if (me.kind === 'operator') return this.router.navigate('/customers', { replace: true });
      const first = me.memberships[0];
      if (first) return this.router.navigate(`/t/${encodeURIComponent(first.tenantId)}`, { replace: true });
    }

    let def: RouteDef = NOT_FOUND;
    let params: Record<string, string> = {};
    for (const r of ROUTES) {
      const m = match(r.pattern, path);
      if (m) {
        def = r;
        params = m;
        break;
      }
    }
    if (path === '/' && me) def = ROUTES.find((r) => r.pattern === '/t/:tenantId')!; // a member of no customer
    if (def.access !== 'public' && !me) {
      return this.router.navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    }
    if (def.access === 'operator' && me?.kind !== 'operator') def = NOT_FOUND;

    try {
      await Promise.all([def.load(), def.access === 'public' ? null : import('../shell/portal-shell.js')]);
    } catch {
      // A new deployment replaced the chunks: the full page load fetches the new ones.
      location.reload();
      return;
    }
    if (nav !== this.navigation) return;
    const changed = this.route !== def;
    this.route = def;
    this.view = def.render(this.ctx(), params, query);
    applyBrand(this.brand, def.title);
    if (changed) {
      await this.updateComplete;
      const screen =
        this.renderRoot.querySelector('[data-screen]')?.firstElementChild ?? this.renderRoot.querySelector('portal-sign-in');
      (screen as { focusHeading?: () => Promise<void> } | null)?.focusHeading?.();
    }
  }

  override render() {
    const live = html`<div class="live" role="status" aria-live="polite">${this.liveMessage}</div>`;
    if (!this.view || !this.route) return html`<div class="loading" aria-busy="true">Loading…</div>${live}`;
    if (this.route.access === 'public') return html`${this.view}${live}`;
    return html`<portal-shell .ctx=${this.ctx()} .path=${current().path}>
        <div data-screen>${this.view}</div>
      </portal-shell>
      ${this.bootError ? html`<p class="failed">${this.bootError}</p>` : nothing}${live}`;
  }
}

/** Only a path inside the portal is a place to return to after signing in. */
function safeNext(next: string | null): string {
  if (next && /^\/portal\/(?!api\/|links\/|assets\/|brand\/)/.test(next) && !next.startsWith('//')) return next;
  return '/';
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-app': PortalApp;
  }
}
