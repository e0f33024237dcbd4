/** <portal-operators>: the partner's people with console access: list, invite (a link to send), remove. */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { dateTime, relativeTime } from '../../lib/format.js';
import { type FieldErrors, formValues, helpText, invalid } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';

@customElement('portal-operators')
export class OperatorsScreen extends ScreenElement {
  static override styles = [shared, copyFieldStyles];

  @state() private items: Wire.Operator[] | null = null;
  @state() private error = '';
  @state() private errors: FieldErrors = {};
  @state() private inviting = false;
  @state() private invite: Wire.OperatorInvite | null = null;
  @state() private removing: Wire.Operator | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.items = (await this.ctx.api.operators()).items;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async sendInvite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { email = '' } = formValues(form);
    this.inviting = true;
    this.errors = {};
    this.invite = null;
    try {
      this.invite = await this.ctx.api.inviteOperator(email.trim());
      this.ctx.announce(`Invite link for ${this.invite.email} is ready to copy.`);
      form.reset();
      await this.load();
    } catch (err) {
      this.errors =
        err instanceof ApiError && err.code === 'invalid_request' ? err.fieldErrors() : { email: (err as Error).message };
      this.ctx.announce(Object.values(this.errors).join(' '));
    } finally {
      this.inviting = false;
    }
  }

  private async confirmRemove(): Promise<void> {
    const op = this.removing;
    if (!op) return;
    this.removing = null;
    try {
      await this.ctx.api.removeOperator(op.id);
      this.items = (this.items ?? []).filter((o) => o.id !== op.id);
      this.ctx.announce(`${op.email} was removed.`);
    } catch (err) {
      this.error = `${op.email} was not removed: ${(err as Error).message}`;
      this.ctx.announce(this.error);
    }
  }

  private table(items: Wire.Operator[]) {
    const me = this.ctx.me?.userId;
    return html`<div class="table-wrap" role="region" aria-label="Operators" tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">Last sign-in</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (o) => html`<tr>
              <th scope="row">${o.email} ${o.id === me ? html`<span class="muted">(you)</span>` : ''}</th>
              <td>${o.status === 'active' ? html`<sl-badge variant="success">Active</sl-badge>` : html`<sl-badge variant="neutral">Invited</sl-badge>`}</td>
              <td>${dateTime(o.createdAt)}</td>
              <td class="muted">${o.lastSignInAt ? relativeTime(o.lastSignInAt) : 'Never'}</td>
              <td>
                ${o.id === me ? '' : html`<sl-button size="small" variant="text" @click=${() => (this.removing = o)}>Remove<span class="visually-hidden"> ${o.email}</span></sl-button>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    return html`<div class="page-header"><h1 tabindex="-1">Operators</h1></div>
      <p class="muted">Operators see and manage every customer, the brand and the signing keys.</p>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      ${this.items ? this.table(this.items) : this.error ? '' : html`<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`}
      <section class="card spaced" aria-labelledby="invite-h">
        <h2 id="invite-h">Invite an operator</h2>
        <form @submit=${this.sendInvite} novalidate>
          <div class="row">
            <sl-input class="grow ${invalid(this.errors, 'email')}" name="email" type="email" label="Email" autocomplete="off"
              >${helpText(this.errors, 'email')}</sl-input>
            <sl-button type="submit" variant="primary" ?loading=${this.inviting}>Invite</sl-button>
          </div>
        </form>
        ${this.invite ? html`<p></p>${copyField(`Invite link for ${this.invite.email}`, this.invite.inviteUrl)}<p class="muted">It works once and expires ${dateTime(this.invite.expiresAt)}.</p>` : ''}
      </section>
      <sl-dialog label="Remove operator" ?open=${!!this.removing} @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.removing = null))}>
        <p>Remove <strong>${this.removing?.email}</strong>? They are signed out and lose console access at once.</p>
        <sl-button slot="footer" @click=${() => (this.removing = null)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" @click=${this.confirmRemove}>Remove</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-operators': OperatorsScreen;
  }
}
