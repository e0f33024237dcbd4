/**
 * <portal-team>: who has access to this customer. Owners (and operators) invite people, change
 * roles and remove members, with the same panel as the console's customer page; editors and
 * viewers see the list.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import '../customer/members-panel.js';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';

const ROLES_TEXT =
  'Owners manage the chat and the team; editors change the chat’s settings and delete conversations; viewers read.';

@customElement('portal-team')
export class TeamScreen extends SpaceScreen {
  static override styles = [shared];

  @state() private members: Wire.Member[] | null = null;
  @state() private error = '';

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId && this.access.role) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.members = (await this.ctx.api.members(this.tenantId)).items;
    } catch (err) {
      this.error = problem(err, 'The team could not be loaded');
    }
  }

  override render() {
    if (!this.access.role) return this.notMember('Team');
    const header = html`<div class="page-header"><h1 tabindex="-1">Team</h1></div>`;
    if (this.error) return html`${header}<sl-alert variant="danger" open>${this.error}</sl-alert>`;
    if (!this.members) return html`${header}<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`;
    const manage = this.access.canManageTeam;
    return html`${header}
      <p class="muted">${ROLES_TEXT}</p>
      ${manage ? '' : this.readOnlyNote('Only owners invite people, change roles and remove members.')}
      <section class="card" aria-label="Members">
        <portal-members .ctx=${this.ctx} .tenantId=${this.tenantId} .members=${this.members} ?readonly=${!manage}></portal-members>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-team': TeamScreen;
  }
}
