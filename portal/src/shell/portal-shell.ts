/**
 * <portal-shell>: the frame of every signed-in screen. Header with the brand, the navigation (the
 * console's for operators; inside a customer's space, that space's), the account menu; on narrow
 * screens the navigation and the account items move into a drawer. An operator inside a customer's
 * space sees a banner saying whose portal they are looking at. The screen is slotted into <main>;
 * the footer carries the brand's support links.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/drawer/drawer.js';
import '@shoelace-style/shoelace/dist/components/dropdown/dropdown.js';
import '@shoelace-style/shoelace/dist/components/icon-button/icon-button.js';
import '@shoelace-style/shoelace/dist/components/menu/menu.js';
import '@shoelace-style/shoelace/dist/components/menu-item/menu-item.js';
import '@shoelace-style/shoelace/dist/components/divider/divider.js';
import type SlDrawer from '@shoelace-style/shoelace/dist/components/drawer/drawer.js';
import type SlMenuItem from '@shoelace-style/shoelace/dist/components/menu-item/menu-item.js';
import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { PortalContext } from '../app/context.js';
import { CONSOLE_NAV, SPACE_NAV, spaceTenant } from '../app/routes.js';
import { href } from '../router/router.js';
import { brandMark, supportLinks } from './brand-mark.js';
import { shellStyles } from './portal-shell.styles.js';

@customElement('portal-shell')
export class PortalShell extends LitElement {
  static override styles = shellStyles;

  @property({ attribute: false }) ctx!: PortalContext;
  /** The current path under the portal, for aria-current. */
  @property() path = '/';
  @query('sl-drawer') private drawer!: SlDrawer;
  @query('main') private main!: HTMLElement;

  /** An operator inside a customer's space: that customer's name, once loaded. */
  @state() private viewedName: string | null = null;
  private viewedTenant: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const tenantId = spaceTenant(this.path);
    if (changed.has('path') && tenantId !== this.viewedTenant) {
      this.viewedTenant = tenantId;
      this.viewedName = null;
      if (tenantId && this.ctx.me?.kind === 'operator') void this.loadName(tenantId);
    }
  }

  private async loadName(tenantId: string): Promise<void> {
    try {
      const { tenant } = await this.ctx.api.customer(tenantId);
      if (this.viewedTenant === tenantId) this.viewedName = tenant.name;
    } catch {
      // The screen says what is wrong with this customer; the banner keeps a neutral wording.
    }
  }

  private links(label: string, items: readonly { href: string; label: string; current: boolean }[], inDrawer: boolean) {
    return html`<nav class=${inDrawer ? 'drawer-nav' : 'primary'} aria-label=${label}>
      ${inDrawer ? html`<p class="nav-label" aria-hidden="true">${label}</p>` : ''}
      <ul>
        ${items.map(
          (item) => html`<li>
            <a href=${item.href} aria-current=${item.current ? 'page' : 'false'} @click=${inDrawer ? this.closeDrawer : null}
              >${item.label}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private spaceNav(tenantId: string, inDrawer: boolean) {
    const base = `/t/${encodeURIComponent(tenantId)}`;
    const items = SPACE_NAV.map((item) => {
      const path = base + item.path;
      // Home is current on its own path only; the others on their sub-pages too (a transcript).
      const current = item.path === '' ? this.path === path : this.isCurrent(path);
      return { href: href(path), label: item.label, current };
    });
    return this.links(this.ctx.me?.kind === 'operator' ? 'This customer' : 'Your chat', items, inDrawer);
  }

  private consoleNav(inDrawer: boolean) {
    if (this.ctx.me?.kind !== 'operator') return '';
    const items = CONSOLE_NAV.map((item) => ({ href: href(item.path), label: item.label, current: this.isCurrent(item.path) }));
    return this.links('Console', items, inDrawer);
  }

  /** The header's navigation: the space's inside a customer's space, else the console's. */
  private nav(inDrawer: boolean) {
    const tenantId = spaceTenant(this.path);
    if (!tenantId) return this.consoleNav(inDrawer);
    // In the drawer an operator keeps the way back to the console, below the customer's.
    return html`${this.spaceNav(tenantId, inDrawer)}${inDrawer ? this.consoleNav(true) : ''}`;
  }

  private isCurrent(path: string): boolean {
    return this.path === path || this.path.startsWith(`${path}/`);
  }

  /** An operator looking at a customer's space: whose, as whom, and that it is on the record. */
  private viewingAs() {
    const tenantId = spaceTenant(this.path);
    const me = this.ctx.me;
    if (!tenantId || me?.kind !== 'operator') return '';
    const name = this.viewedName ?? 'this customer';
    return html`<sl-alert variant="warning" open class="viewing-as">
      <strong>You are looking at ${name}'s portal as ${me.email}, an operator.</strong>
      Every change you make here is recorded in the audit log under your name.
      <a href=${href(`/customers/${encodeURIComponent(tenantId)}`)}>Back to the console</a>
    </sl-alert>`;
  }

  private closeDrawer = () => void this.drawer?.hide();

  private async signOut(): Promise<void> {
    try {
      await this.ctx.api.signOut();
    } catch {
      // Signed out already, or the service is away: the sign-in screen is right either way.
    }
    await this.ctx.setMe(undefined);
    this.ctx.router.navigate('/sign-in', { replace: true });
  }

  private onAccountSelect(event: CustomEvent<{ item: SlMenuItem }>): void {
    const value = event.detail.item.value;
    if (value === 'account') this.ctx.router.navigate('/account');
    if (value === 'sign-out') void this.signOut();
  }

  private skip(event: Event): void {
    event.preventDefault();
    this.main.focus();
  }

  override render() {
    const { brand, me } = this.ctx;
    const homePath = me?.kind === 'operator' ? '/customers' : '/';
    return html`
      <a class="skip" href="#main" @click=${this.skip}>Skip to content</a>
      <header>
        <sl-icon-button class="menu-button" name="list" label="Menu" @click=${() => this.drawer.show()}></sl-icon-button>
        <a class="home" href=${href(homePath)}>${brandMark(brand)}</a>
        ${this.nav(false)}
        <span class="spacer"></span>
        <sl-dropdown class="account" placement="bottom-end">
          <sl-button slot="trigger" class="account-trigger" variant="text" caret>${me?.email ?? 'Account'}</sl-button>
          <sl-menu @sl-select=${this.onAccountSelect}>
            <sl-menu-item value="account">Account settings</sl-menu-item>
            <sl-divider></sl-divider>
            <sl-menu-item value="sign-out">Sign out</sl-menu-item>
          </sl-menu>
        </sl-dropdown>
      </header>
      <sl-drawer label=${brand.productName} placement="start">
        ${this.nav(true)}
        <div class="drawer-account">
          <p>Signed in as ${me?.email}</p>
          <nav aria-label="Account">
            <ul>
              <li><a href=${href('/account')} @click=${this.closeDrawer}>Account settings</a></li>
            </ul>
          </nav>
          <sl-button variant="default" @click=${() => this.signOut()}>Sign out</sl-button>
        </div>
      </sl-drawer>
      <main id="main" tabindex="-1">${this.viewingAs()}<slot></slot></main>
      ${brand.supportUrl || brand.supportEmail ? html`<footer>${supportLinks(brand)}</footer>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-shell': PortalShell;
  }
}
