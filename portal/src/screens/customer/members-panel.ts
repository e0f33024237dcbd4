/**
 * <portal-members>: a customer's members (email, role, status) with role changes, removal and the
 * invite form (the invite link is shown to copy). Used on the console's customer page and on the
 * Team page of the customer's own space, where people who may not manage the team get the list
 * only (`readonly`).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import type SlSelect from '@shoelace-style/shoelace/dist/components/select/select.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import type { PortalContext } from '../../app/context.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { relativeTime } from '../../lib/format.js';
import { type FieldErrors, formValues, helpText, invalid } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';

const ROLES: { value: Wire.Role; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'editor', label: 'Editor' },
  { value: 'viewer', label: 'Viewer' },
];

@customElement('portal-members')
export class MembersPanel extends LitElement {
  static override styles = [
    shared,
    copyFieldStyles,
    css`
      .invite {
        margin-block-start: var(--sl-spacing-large);
      }
      .invite .row sl-select {
        inline-size: 9rem;
      }
      td sl-select {
        min-inline-size: 8rem;
      }
      /* The table's column says "Role"; the select keeps its full name for screen readers only. */
      td sl-select::part(form-control-label) {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) ctx!: PortalContext;
  @property() tenantId = '';
  @property({ attribute: false }) members: Wire.Member[] = [];
  /** The list only: no role changes, removals or invitations. */
  @property({ type: Boolean }) readonly = false;
  @state() private error = '';
  @state() private errors: FieldErrors = {};
  @state() private invite: Wire.MemberInvite | null = null;
  @state() private inviting = false;
  @state() private removing: Wire.Member | null = null;

  private async reload(): Promise<void> {
    this.members = (await this.ctx.api.members(this.tenantId)).items;
  }

  private async changeRole(member: Wire.Member, event: Event): Promise<void> {
    const select = event.target as SlSelect;
    const role = select.value as Wire.Role;
    if (role === member.role) return;
    this.error = '';
    try {
      const updated = await this.ctx.api.updateMember(this.tenantId, member.id, role);
      this.members = this.members.map((m) => (m.id === member.id ? updated : m));
      this.ctx.announce(`${member.email} is now ${role}.`);
    } catch (err) {
      select.value = member.role;
      this.error = `The role of ${member.email} was not changed: ${(err as Error).message}`;
      this.ctx.announce(this.error);
    }
  }

  private async confirmRemove(): Promise<void> {
    const member = this.removing;
    if (!member) return;
    try {
      await this.ctx.api.removeMember(this.tenantId, member.id);
      this.members = this.members.filter((m) => m.id !== member.id);
      this.ctx.announce(`${member.email} was removed.`);
    } catch (err) {
      this.error = `${member.email} was not removed: ${(err as Error).message}`;
      this.ctx.announce(this.error);
    }
    this.removing = null;
  }

  private async sendInvite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { email = '', role = 'viewer' } = formValues(form);
    this.inviting = true;
    this.errors = {};
    this.invite = null;
    try {
      this.invite = await this.ctx.api.inviteMember(this.tenantId, email.trim(), role as Wire.Role);
      this.ctx.announce(`Invite link for ${this.invite.email} is ready to copy.`);
      form.reset();
      await this.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') this.errors = err.fieldErrors();
      else this.errors = { email: (err as Error).message };
      this.ctx.announce(Object.values(this.errors).join(' '));
    } finally {
      this.inviting = false;
    }
  }

  /** A new link for someone who has not signed in yet (the old one stops working). */
  private async resend(m: Wire.Member): Promise<void> {
    this.error = '';
    try {
      this.invite = await this.ctx.api.resendInvite(this.tenantId, m.id);
      this.ctx.announce(`A new invite link for ${m.email} is ready to copy.`);
    } catch (err) {
      this.error = (err as Error).message;
      this.ctx.announce(this.error);
    }
  }

  private row(m: Wire.Member) {
    return html`<tr>
      <th scope="row">${m.email}</th>
      <td>
        ${
          this.readonly
            ? ROLES.find((r) => r.value === m.role)?.label
            : html`<sl-select size="small" value=${m.role} label="Role of ${m.email}" class="role" @sl-change=${(e: Event) => this.changeRole(m, e)}>
                ${ROLES.map((r) => html`<sl-option value=${r.value}>${r.label}</sl-option>`)}
              </sl-select>`
        }
      </td>
      <td>
        ${m.status === 'active' ? html`<sl-badge variant="success">Active</sl-badge>` : html`<sl-badge variant="neutral">Invited</sl-badge>`}
      </td>
      <td class="muted">${m.lastSignInAt ? relativeTime(m.lastSignInAt) : 'Never'}</td>
      ${
        this.readonly
          ? ''
          : html`<td class="actions">
              ${
                m.status === 'invited'
                  ? html`<sl-button size="small" variant="text" @click=${() => this.resend(m)}>Resend invite<span class="visually-hidden"> to ${m.email}</span></sl-button>`
                  : ''
              }
              <sl-button size="small" variant="text" @click=${() => (this.removing = m)}>Remove<span class="visually-hidden"> ${m.email}</span></sl-button>
            </td>`
      }
    </tr>`;
  }

  override render() {
    return html`
      ${this.error ? html`<sl-alert variant="danger" open closable @sl-after-hide=${() => (this.error = '')}>${this.error}</sl-alert>` : ''}
      ${
        this.members.length
          ? html`<div class="table-wrap" role="region" aria-label="Members" tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last sign-in</th>
                    ${this.readonly ? '' : html`<th scope="col"><span class="visually-hidden">Actions</span></th>`}
                  </tr>
                </thead>
                <tbody>
                  ${this.members.map((m) => this.row(m))}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">No members yet.</p>`
      }
      ${this.readonly ? '' : this.inviteForm()}
      ${this.readonly ? '' : this.removeDialog()}`;
  }

  private inviteForm() {
    return html`<form class="invite" @submit=${this.sendInvite} novalidate aria-labelledby="invite-h">
        <h3 id="invite-h" class="visually-hidden">Invite a member</h3>
        <div class="row">
          <sl-input class="grow ${invalid(this.errors, 'email')}" name="email" type="email" label="Invite by email" autocomplete="off"
            >${helpText(this.errors, 'email')}</sl-input>
          <sl-select name="role" label="Role" value="editor" class=${invalid(this.errors, 'role')}>
            ${ROLES.map((r) => html`<sl-option value=${r.value}>${r.label}</sl-option>`)} ${helpText(this.errors, 'role')}
          </sl-select>
          <sl-button type="submit" variant="default" ?loading=${this.inviting}>Invite</sl-button>
        </div>
      </form>
      ${
        this.invite
          ? this.invite.existingAccount
            ? html`<div class="invite"><p role="status">${this.invite.email} already has an account: they see this customer the next time they sign in, at ${this.invite.inviteUrl}.</p></div>`
            : html`<div class="invite">${copyField(`Invite link for ${this.invite.email}`, this.invite.inviteUrl)}</div>`
          : ''
      }`;
  }

  private removeDialog() {
    return html`<sl-dialog label="Remove member" ?open=${!!this.removing} @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.removing = null))}>
        <p>Remove <strong>${this.removing?.email}</strong>? They lose access to this customer at once.</p>
        <sl-button slot="footer" @click=${() => (this.removing = null)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" @click=${this.confirmRemove}>Remove</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-members': MembersPanel;
  }
}
