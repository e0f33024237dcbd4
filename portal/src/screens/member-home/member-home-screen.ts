/**
 * <portal-member-home>: a member's landing page (the customer's own space comes later): which
 * customer and role, a switcher when they belong to several, and a nudge to add a passkey or a
 * password when they can only sign in through links. Operators reach it through "Open as this customer".
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { href } from '../../router/router.js';
import { ScreenElement } from '../screen.js';

const ROLE_TEXT = {
  owner: 'Owner: you manage the chat and who has access.',
  editor: 'Editor: you change the chat’s settings.',
  viewer: 'Viewer: you see the chat’s settings and usage.',
} as const;

@customElement('portal-member-home')
export class MemberHomeScreen extends ScreenElement {
  @property() tenantId = '';
  /** An operator opening a customer's portal: that customer's name, once loaded. */
  @state() private viewedName: string | null = null;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('tenantId') && this.ctx.me?.kind === 'operator' && this.tenantId) void this.loadName();
  }

  private async loadName() {
    try {
      this.viewedName = (await this.ctx.api.customer(this.tenantId)).tenant.name;
    } catch {
      this.viewedName = null;
    }
  }

  override render() {
    const me = this.ctx.me;
    if (!me) return '';
    const memberships = me.memberships;
    const current = memberships.find((m) => m.tenantId === this.tenantId);
    if (!this.tenantId || (!current && me.kind !== 'operator')) {
      return html`<div class="page-header"><h1 tabindex="-1">Welcome</h1></div>
        <p>${this.tenantId ? 'You are not a member of this customer.' : 'You are not a member of any customer yet.'} Ask the person who invited you for a new invitation.</p>`;
    }
    const name = current?.tenantName ?? this.viewedName ?? 'this customer';
    const noCredentials = !me.credentials.password && me.credentials.passkeys === 0;
    return html`<div class="page-header">
        <h1 tabindex="-1">Your chat for ${name}</h1>
        ${
          memberships.length > 1
            ? html`<sl-select label="Customer" value=${this.tenantId} size="small"
                @sl-change=${(e: Event) => this.ctx.router.navigate(`/t/${encodeURIComponent((e.target as HTMLSelectElement).value)}`)}>
                ${memberships.map((m) => html`<sl-option value=${m.tenantId}>${m.tenantName}</sl-option>`)}
              </sl-select>`
            : ''
        }
      </div>
      ${
        noCredentials && me.kind === 'member'
          ? html`<sl-alert variant="primary" open>
              <strong>Make signing in easier.</strong> Add a passkey or a password so that you do not need a link each time.
              <sl-button size="small" variant="primary" href=${href('/account')}>Set it up</sl-button>
            </sl-alert>`
          : ''
      }
      ${
        me.kind === 'operator'
          ? html`<sl-alert variant="warning" open class="viewing-as">
              <strong>You are looking at ${name}'s portal as ${me.email}, an operator.</strong>
              Every change you make here is recorded in the audit log under your name.
              <a href=${href(`/customers/${encodeURIComponent(this.tenantId)}`)}>Back to the console</a>
            </sl-alert>`
          : ''
      }
      <section class="card">
        ${current ? html`<p>${ROLE_TEXT[current.role]}</p>` : html`<p>You are viewing this customer as an operator.</p>`}
        <p class="muted">The chat’s settings, conversations and usage will appear here.</p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-member-home': MemberHomeScreen;
  }
}
