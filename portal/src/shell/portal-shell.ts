/**
 * <portal-shell>: the frame of every signed-in screen. Header with the brand, the console's
 * navigation (operators), the account menu; on narrow screens the navigation and the account items
 * move into a drawer. The screen is slotted into <main>; the footer carries the brand's support links.
 */
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/drawer/drawer.js';
import '@shoelace-style/shoelace/dist/components/dropdown/dropdown.js';
import '@shoelace-style/shoelace/dist/components/icon-button/icon-button.js';
import '@shoelace-style/shoelace/dist/components/menu/menu.js';
import '@shoelace-style/shoelace/dist/components/menu-item/menu-item.js';
import '@shoelace-style/shoelace/dist/components/divider/divider.js';
import type SlDrawer from '@shoelace-style/shoelace/dist/components/drawer/drawer.js';
import type SlMenuItem from '@shoelace-style/shoelace/dist/components/menu-item/menu-item.js';
import { html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { PortalContext } from '../app/context.js';
import { CONSOLE_NAV } from '../app/routes.js';
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

  private nav(inDrawer: boolean) {
    if (this.ctx.me?.kind !== 'operator') return '';
    return html`<nav class=${inDrawer ? 'drawer-nav' : 'primary'} aria-label="Console">
      <ul>
        ${CONSOLE_NAV.map(
          (item) => html`<li>
            <a href=${href(item.path)} aria-current=${this.isCurrent(item.path) ? 'page' : 'false'} @click=${inDrawer ? this.closeDrawer : null}
              >${item.label}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private isCurrent(path: string): boolean {
    return this.path === path || this.path.startsWith(`${path}/`);
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
      <main id="main" tabindex="-1"><slot></slot></main>
      ${brand.supportUrl || brand.supportEmail ? html`<footer>${supportLinks(brand)}</footer>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-shell': PortalShell;
  }
}
