/**
 * <portal-identity>: a site's signed-in visitors, on the Install screen. The customer's server signs
 * a short token for each signed-in user with the site's identity secret (or its own private key, the
 * public half registered here), and the chat then follows that user to every device.
 *
 * Owners create and rotate the secret (the new one is shown once; the old one keeps working for the
 * grace period chosen), register a public key, and remove keys; everyone sees the list. Editors and
 * owners turn the two site settings on and off (saved at once).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/radio-button/radio-button.js';
import '@shoelace-style/shoelace/dist/components/radio-group/radio-group.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/switch/switch.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import type * as Wire from '@tessera/protocol/types';
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import type { PortalContext } from '../../app/context.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { type FieldErrors, helpText, invalid, otherErrors } from '../../lib/forms.js';
import { dateTime, relativeTime } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';
import { problem, type SpaceAccess } from '../space/space-screen.js';
import { identityStyles } from './identity-panel.styles.js';

/** How long the current secret keeps working after a rotation (seconds), as the dialog offers it. */
const GRACE = [
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 604_800, label: '7 days' },
] as const;
const DEFAULT_GRACE = '86400';
const ALGS = [
  { alg: 'EdDSA', label: 'EdDSA (Ed25519)' },
  { alg: 'ES256', label: 'ES256 (P-256)' },
] as const;
type Toggle = 'identityRequired' | 'identityAdopt';

const value = (e: Event) => (e.target as HTMLInputElement).value;

@customElement('portal-identity')
export class IdentityPanel extends LitElement {
  static override styles = [shared, copyFieldStyles, identityStyles];

  @property({ attribute: false }) ctx!: PortalContext;
  @property() tenantId = '';
  @property({ attribute: false }) site!: Wire.Site;
  @property({ attribute: false }) access!: SpaceAccess;

  @state() private keys: Wire.IdentityKey[] | null = null;
  @state() private error = '';
  /** The secret just made: shown until the person says they have copied it (never again after). */
  @state() private secret: Wire.IdentitySecret | null = null;
  @state() private busy = '';
  @state() private rotating = false;
  @state() private grace = DEFAULT_GRACE;
  @state() private keyForm = false;
  @state() private pem = '';
  @state() private alg: Wire.AddIdentityKeyRequest['alg'] = 'EdDSA';
  @state() private keyErrors: FieldErrors = {};
  @state() private removing: Wire.IdentityKey | null = null;
  @state() private toggleError = '';

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('site') || changed.has('tenantId')) && this.site && this.tenantId && this.keys === null) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.keys = (await this.ctx.api.identityKeys(this.tenantId, this.site.id)).items;
    } catch (err) {
      this.error = problem(err, 'The identity keys could not be loaded');
    }
  }

  /** Something failed: said beside the section, and to screen readers. */
  private fail(err: unknown, action: string): void {
    this.error = problem(err, action);
    this.ctx.announce(this.error);
  }

  private get hasSecret(): boolean {
    return !!this.keys?.some((k) => k.kind === 'secret' && k.retiresAt === null);
  }

  private async createSecret(graceSeconds: number): Promise<void> {
    this.busy = 'secret';
    this.error = '';
    try {
      this.secret = await this.ctx.api.createIdentitySecret(this.tenantId, this.site.id, graceSeconds);
      this.rotating = false;
      this.ctx.announce('A new secret was created. Copy it now: it will not be shown again.');
      await this.load();
    } catch (err) {
      this.fail(err, 'The secret was not created');
    } finally {
      this.busy = '';
    }
  }

  private async addKey(e: Event): Promise<void> {
    e.preventDefault();
    this.busy = 'key';
    this.keyErrors = {};
    try {
      await this.ctx.api.addIdentityKey(this.tenantId, this.site.id, { alg: this.alg, publicKey: this.pem.trim() });
      this.keyForm = false;
      this.pem = '';
      this.ctx.announce('The public key was added.');
      await this.load();
    } catch (err) {
      this.keyErrors =
        err instanceof ApiError && err.issues.length ? err.fieldErrors() : { '': problem(err, 'The key was not added') };
      this.ctx.announce(`The key was not added: ${Object.values(this.keyErrors).join('; ')}`);
    } finally {
      this.busy = '';
    }
  }

  private async removeKey(): Promise<void> {
    const key = this.removing;
    if (!key) return;
    this.busy = key.kid;
    try {
      await this.ctx.api.removeIdentityKey(this.tenantId, this.site.id, key.kid);
      this.removing = null;
      this.ctx.announce('The key was removed: tokens signed with it no longer work.');
      await this.load();
    } catch (err) {
      this.removing = null;
      this.fail(err, 'The key was not removed');
    } finally {
      this.busy = '';
    }
  }

  private async toggle(name: Toggle, on: boolean): Promise<void> {
    this.busy = name;
    this.toggleError = '';
    try {
      this.site = await this.ctx.api.updateSite(this.tenantId, this.site.id, { [name]: on });
      this.ctx.announce('Saved.');
    } catch (err) {
      this.toggleError = problem(err, 'Not saved');
      this.ctx.announce(this.toggleError);
      this.requestUpdate(); // puts the switch back as the site has it
    } finally {
      this.busy = '';
    }
  }

  private askRotation(): void {
    this.grace = DEFAULT_GRACE;
    this.rotating = true;
  }

  private closeKeyForm(): void {
    this.keyForm = false;
    this.keyErrors = {};
  }

  private keyRow(k: Wire.IdentityKey) {
    const status = k.retiresAt === null ? 'Active' : `Retires ${relativeTime(k.retiresAt)}`;
    const kind = k.kind === 'secret' ? 'Secret' : 'Public key';
    return html`<tr>
      <th scope="row">${kind} <code class="kid">${k.kid}</code></th>
      <td class="nowrap">${
        k.retiresAt === null
          ? status
          : html`<time datetime=${new Date(k.retiresAt).toISOString()} title=${dateTime(k.retiresAt)}>${status}</time>`
      }</td>
      <td>${k.alg}</td>
      <td class="nowrap"><time datetime=${new Date(k.createdAt).toISOString()} title=${dateTime(k.createdAt)}>${relativeTime(k.createdAt)}</time></td>
      <td class="action">${
        this.access.canManageIdentity
          ? html`<sl-button size="small" ?disabled=${!!this.busy} @click=${() => (this.removing = k)}
              >Remove<span class="visually-hidden"> ${kind.toLowerCase()} ${k.kid}</span></sl-button>`
          : ''
      }</td>
    </tr>`;
  }

  private keyList() {
    if (!this.keys) return '';
    if (!this.keys.length) return html`<p class="muted">No secret or key yet: every visitor of this site is anonymous.</p>`;
    return html`<div class="table-wrap" role="region" aria-label="Identity keys of ${this.site.name}" tabindex="0">
      <table>
        <thead><tr>
          <th scope="col">Key</th><th scope="col">Status</th><th scope="col">Algorithm</th><th scope="col">Created</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr></thead>
        <tbody>${this.keys.map((k) => this.keyRow(k))}</tbody>
      </table>
    </div>`;
  }

  private newSecret(s: Wire.IdentitySecret) {
    return html`<div class="new-secret">
      <sl-alert variant="warning" open>
        <strong>Copy the secret now: it will not be shown again.</strong> Keep it on your server only, never in a page.
      </sl-alert>
      ${copyField('New identity secret', s.secret)}
      <sl-button size="small" @click=${() => (this.secret = null)}>I have copied it</sl-button>
    </div>`;
  }

  private keyFormView() {
    const e = this.keyErrors;
    return html`<form class="key-form" @submit=${this.addKey} novalidate>
      ${otherErrors(e, ['publicKey', 'alg']).map((m) => html`<p class="field-error" role="alert">${m}</p>`)}
      <sl-textarea label="Public key (PEM)" name="publicKey" rows="4" resize="auto" spellcheck="false" .value=${this.pem}
        class="mono-field ${invalid(e, 'publicKey')}" placeholder="-----BEGIN PUBLIC KEY-----"
        @sl-input=${(ev: Event) => (this.pem = value(ev))}
        >${helpText(e, 'publicKey', 'The public half of the key your server signs with. The private key stays with you.')}</sl-textarea>
      <sl-select label="Algorithm" name="alg" .value=${this.alg} hoist class=${invalid(e, 'alg')}
        @sl-change=${(ev: Event) => (this.alg = value(ev) as Wire.AddIdentityKeyRequest['alg'])}>
        ${ALGS.map((a) => html`<sl-option value=${a.alg}>${a.label}</sl-option>`)}
        ${helpText(e, 'alg')}
      </sl-select>
      <div class="form-actions">
        <sl-button type="submit" variant="primary" ?loading=${this.busy === 'key'}>Add key</sl-button>
        <sl-button @click=${this.closeKeyForm}>Cancel</sl-button>
      </div>
    </form>`;
  }

  private actions() {
    if (!this.access.canManageIdentity) {
      return html`<p class="read-only-note" role="note">Only an owner of this customer can create secrets and add keys.</p>`;
    }
    const busy = !!this.busy;
    return html`<div class="form-actions">
        ${
          this.hasSecret
            ? html`<sl-button ?disabled=${busy} @click=${this.askRotation}>Rotate secret</sl-button>`
            : html`<sl-button variant="primary" ?loading=${this.busy === 'secret'} ?disabled=${busy} @click=${() => this.createSecret(Number(DEFAULT_GRACE))}>Create secret</sl-button>`
        }
        ${this.keyForm ? '' : html`<sl-button ?disabled=${busy} @click=${() => (this.keyForm = true)}>Use a public key instead</sl-button>`}
      </div>
      ${this.keyForm ? this.keyFormView() : ''}`;
  }

  private toggles() {
    const noKey = !this.keys?.length;
    const switchOf = (name: Toggle, label: string, help: string, disabled = false) =>
      html`<sl-switch .checked=${this.site[name]} ?disabled=${!this.access.canEdit || this.busy === name || disabled} help-text=${help}
        @sl-change=${(e: Event) => this.toggle(name, (e.target as HTMLInputElement).checked)}>${label}</sl-switch>`;
    return html`<div class="toggles">
      ${switchOf(
        'identityRequired',
        'Only signed-in visitors can chat',
        noKey && !this.site.identityRequired ? 'Create a secret or add a key first.' : 'Anonymous visitors see no chat button.',
        noKey && !this.site.identityRequired,
      )}
      ${
        this.site.identityRequired && noKey
          ? html`<p class="field-error" role="alert">No visitor can chat now: this site has no secret or key.</p>`
          : ''
      }
      ${switchOf(
        'identityAdopt',
        'Keep the conversation a visitor started before signing in',
        'It becomes the signed-in user’s, on every device.',
      )}
      ${this.toggleError ? html`<p class="field-error" role="alert">${this.toggleError}</p>` : ''}
    </div>`;
  }

  override render() {
    if (!this.site) return '';
    return html`<h3 id="identity-${this.site.id}">Signed-in visitors</h3>
      <p class="muted intro">
        If people sign in to your site, your server can sign a short token for each of them: the chat then knows who is asking
        and keeps their conversations on every device. Create a secret for your server to sign with (or register your own public
        key), and pass the token to the chat with <code>Tessera.identify(token)</code>.
      </p>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      ${this.secret ? this.newSecret(this.secret) : ''}
      ${this.keyList()}
      ${this.actions()}
      ${this.toggles()}
      <sl-dialog label="Rotate the secret?" ?open=${this.rotating}
        @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.rotating = false))}>
        <p>A new secret is created. Your server signs with it from now on; the current one keeps working for a while, so you can deploy without signing anyone out.</p>
        <sl-radio-group label="Keep the current secret working for" .value=${this.grace}
          @sl-change=${(e: Event) => (this.grace = value(e))}>
          ${GRACE.map((g) => html`<sl-radio-button value=${String(g.seconds)}>${g.label}</sl-radio-button>`)}
        </sl-radio-group>
        <sl-button slot="footer" @click=${() => (this.rotating = false)}>Cancel</sl-button>
        <sl-button slot="footer" variant="primary" ?loading=${this.busy === 'secret'} @click=${() => this.createSecret(Number(this.grace))}
          >Rotate secret</sl-button>
      </sl-dialog>
      <sl-dialog label="Remove this key?" ?open=${!!this.removing}
        @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.removing = null))}>
        <p>Tokens signed with it stop working at once: visitors who signed in with one are anonymous on their next visit.</p>
        <sl-button slot="footer" @click=${() => (this.removing = null)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" ?loading=${!!this.removing && this.busy === this.removing.kid} @click=${this.removeKey}
          >Remove key</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-identity': IdentityPanel;
  }
}
