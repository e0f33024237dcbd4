/**
 * <portal-account>: how the signed-in person signs in. Passkeys (add, remove), the password (set or
 * change; 12 characters at least, nothing else asked), and signing out on every device.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { dateTime, relativeTime } from '../../lib/format.js';
import { type FieldErrors, formValues, helpText, invalid } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';

@customElement('portal-account')
export class AccountScreen extends ScreenElement {
  static override styles = [shared];

  /** Arrived from an invite link with no password or passkey yet. */
  @property({ type: Boolean }) welcome = false;
  @state() private passkeys: Wire.Passkey[] | null = null;
  @state() private passkeyError = '';
  @state() private adding = false;
  @state() private removing: Wire.Passkey | null = null;
  @state() private pwErrors: FieldErrors = {};
  @state() private pwError = '';
  @state() private pwSaved = false;
  @state() private pwBusy = false;
  @state() private everywhere = false;
  private readonly webauthn = browserSupportsWebAuthn();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPasskeys();
  }

  private async loadPasskeys(): Promise<void> {
    try {
      this.passkeys = (await this.ctx.api.passkeys()).items;
    } catch (err) {
      this.passkeyError = (err as Error).message;
    }
  }

  private async addPasskey(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { name = '' } = formValues(form);
    this.adding = true;
    this.passkeyError = '';
    try {
      const { challengeId, options } = await this.ctx.api.passkeyRegistrationOptions();
      const response = await startRegistration({ optionsJSON: options as never });
      const added = await this.ctx.api.addPasskey(challengeId, response, name.trim() || undefined);
      this.passkeys = [...(this.passkeys ?? []), added];
      form.reset();
      this.ctx.announce(`Passkey “${added.name}” added.`);
      await this.ctx.setMe();
    } catch (err) {
      this.passkeyError =
        err instanceof ApiError
          ? err.message
          : (err as Error).name === 'NotAllowedError'
            ? 'No passkey was created.'
            : `The passkey could not be created: ${(err as Error).message}`;
      this.ctx.announce(this.passkeyError);
    } finally {
      this.adding = false;
    }
  }

  private async removePasskey(): Promise<void> {
    const pk = this.removing;
    this.removing = null;
    if (!pk) return;
    try {
      await this.ctx.api.removePasskey(pk.id);
      this.passkeys = (this.passkeys ?? []).filter((p) => p.id !== pk.id);
      this.ctx.announce(`Passkey “${pk.name}” removed.`);
      await this.ctx.setMe();
    } catch (err) {
      this.passkeyError = (err as Error).message;
    }
  }

  private async savePassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { password = '', currentPassword = '', confirm = '' } = formValues(form);
    this.pwErrors = {};
    this.pwError = '';
    this.pwSaved = false;
    if (password !== confirm) {
      this.pwErrors = { confirm: 'Does not match the new password.' };
      this.ctx.announce(this.pwErrors['confirm']!);
      return;
    }
    this.pwBusy = true;
    try {
      await this.ctx.api.setPassword(password, currentPassword || undefined);
      form.reset();
      this.pwSaved = true;
      this.ctx.announce('Your password is saved.');
      await this.ctx.setMe();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') this.pwErrors = err.fieldErrors();
      else if (err instanceof ApiError && err.code === 'sign_in_failed')
        this.pwErrors = { currentPassword: 'This is not your current password.' };
      else this.pwError = (err as Error).message;
      this.ctx.announce(this.pwError || Object.values(this.pwErrors).join(' '));
    } finally {
      this.pwBusy = false;
    }
  }

  private async signOutEverywhere(): Promise<void> {
    try {
      await this.ctx.api.signOutEverywhere();
    } catch {
      // Already signed out: the sign-in screen is right either way.
    }
    await this.ctx.setMe();
    this.ctx.router.navigate('/sign-in', { replace: true });
  }

  private passkeyList(items: Wire.Passkey[]) {
    if (!items.length)
      return html`<p class="muted">No passkeys yet. A passkey signs you in with your device's screen lock: nothing to type or remember.</p>`;
    return html`<div class="table-wrap" role="region" aria-label="Passkeys" tabindex="0">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Added</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (p) => html`<tr>
              <th scope="row">${p.name}</th>
              <td>${dateTime(p.createdAt)}</td>
              <td>${p.lastUsedAt ? relativeTime(p.lastUsedAt) : html`<span class="muted">Never</span>`}</td>
              <td><sl-button size="small" variant="text" @click=${() => (this.removing = p)}>Remove<span class="visually-hidden"> ${p.name}</span></sl-button></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const me = this.ctx.me;
    const hasPassword = me?.credentials.password ?? false;
    return html`<div class="page-header"><h1 tabindex="-1">Account settings</h1></div>
      <p class="muted">Signed in as <strong>${me?.email}</strong>.</p>
      ${
        this.welcome && me && !me.credentials.password && me.credentials.passkeys === 0
          ? html`<sl-alert variant="primary" open>Welcome! Add a passkey or set a password below, so that you can sign in again without a link.</sl-alert>`
          : ''
      }
      <section class="card" aria-labelledby="pk-h">
        <h2 id="pk-h">Passkeys</h2>
        ${this.passkeyError ? html`<sl-alert variant="danger" open>${this.passkeyError}</sl-alert>` : ''}
        ${this.passkeys ? this.passkeyList(this.passkeys) : html`<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`}
        ${
          this.webauthn
            ? html`<form class="spaced" @submit=${this.addPasskey} novalidate>
                <div class="row">
                  <sl-input class="grow" name="name" label="Name of the new passkey (optional)" placeholder="Work laptop" maxlength="80"></sl-input>
                  <sl-button type="submit" variant="primary" ?loading=${this.adding}>Add a passkey</sl-button>
                </div>
              </form>`
            : html`<p class="muted">This browser cannot create passkeys.</p>`
        }
      </section>
      <section class="card" aria-labelledby="pw-h">
        <h2 id="pw-h">${hasPassword ? 'Change your password' : 'Set a password'}</h2>
        ${this.pwError ? html`<sl-alert variant="danger" open>${this.pwError}</sl-alert>` : ''}
        ${this.pwSaved ? html`<sl-alert variant="success" open>Your password is saved.</sl-alert>` : ''}
        <form class="form" @submit=${this.savePassword} novalidate>
          <input type="text" name="username" autocomplete="username" .value=${me?.email ?? ''} hidden />
          ${
            hasPassword
              ? html`<sl-input name="currentPassword" type="password" label="Current password" autocomplete="current-password" password-toggle
                  class=${invalid(this.pwErrors, 'currentPassword')}>${helpText(this.pwErrors, 'currentPassword')}</sl-input>`
              : ''
          }
          <sl-input name="password" type="password" label="New password" autocomplete="new-password" password-toggle minlength="12"
            class=${invalid(this.pwErrors, 'password')}>${helpText(this.pwErrors, 'password', 'At least 12 characters. A phrase of a few words works well.')}</sl-input>
          <sl-input name="confirm" type="password" label="New password again" autocomplete="new-password" password-toggle
            class=${invalid(this.pwErrors, 'confirm')}>${helpText(this.pwErrors, 'confirm')}</sl-input>
          <div class="form-actions"><sl-button type="submit" ?loading=${this.pwBusy}>${hasPassword ? 'Change password' : 'Set password'}</sl-button></div>
        </form>
      </section>
      <section class="card" aria-labelledby="so-h">
        <h2 id="so-h">Sessions</h2>
        <p>Signed in on a device you no longer use? Sign out everywhere, this browser included.</p>
        <sl-button variant="danger" outline @click=${() => (this.everywhere = true)}>Sign out everywhere</sl-button>
      </section>
      <sl-dialog label="Remove passkey" ?open=${!!this.removing} @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.removing = null))}>
        <p>Remove the passkey <strong>${this.removing?.name}</strong>? It will no longer sign you in.</p>
        <sl-button slot="footer" @click=${() => (this.removing = null)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" @click=${this.removePasskey}>Remove</sl-button>
      </sl-dialog>
      <sl-dialog label="Sign out everywhere?" ?open=${this.everywhere} @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.everywhere = false))}>
        <p>Every session of your account ends, on every device, this one included.</p>
        <sl-button slot="footer" @click=${() => (this.everywhere = false)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" @click=${this.signOutEverywhere}>Sign out everywhere</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-account': AccountScreen;
  }
}
