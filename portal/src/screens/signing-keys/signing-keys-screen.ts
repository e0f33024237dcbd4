/** <portal-signing-keys>: the keys that sign visitor tokens, and rotation (after a confirmation). */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { dateTime } from '../../lib/format.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';

@customElement('portal-signing-keys')
export class SigningKeysScreen extends ScreenElement {
  static override styles = [shared];

  @state() private items: Wire.SigningKey[] | null = null;
  @state() private error = '';
  @state() private confirming = false;
  @state() private rotating = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.items = (await this.ctx.api.signingKeys()).items;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async rotate(): Promise<void> {
    this.rotating = true;
    this.error = '';
    try {
      await this.ctx.api.rotateSigningKey();
      await this.load();
      this.ctx.announce('A new signing key is active. The previous one still verifies tokens it signed.');
    } catch (err) {
      this.error = (err as Error).message;
      this.ctx.announce(`The key was not rotated: ${this.error}`);
    } finally {
      this.rotating = false;
      this.confirming = false;
    }
  }

  override render() {
    const fromEnv = this.items?.some((k) => k.status === 'active' && k.source === 'environment');
    return html`<div class="page-header">
        <h1 tabindex="-1">Signing keys</h1>
        <div class="actions"><sl-button variant="primary" ?disabled=${!this.items || fromEnv} @click=${() => (this.confirming = true)}>Rotate key</sl-button></div>
      </div>
      <p class="muted">These keys sign the short-lived tokens of chat visitors. Rotating starts signing with a new key; the old one keeps verifying the tokens it already signed.</p>
      ${fromEnv ? html`<sl-alert variant="neutral" open>The active key comes from the service's configuration (TESSERA_SIGNING_KEYS): rotate it there.</sl-alert>` : ''}
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      ${
        this.items
          ? html`<div class="table-wrap" role="region" aria-label="Signing keys" tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Key id</th>
                    <th scope="col">Algorithm</th>
                    <th scope="col">Status</th>
                    <th scope="col">Source</th>
                    <th scope="col">Created</th>
                    <th scope="col">Retired</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.items.map(
                    (k) => html`<tr>
                      <th scope="row"><code>${k.kid}</code></th>
                      <td>${k.alg}</td>
                      <td>${k.status === 'active' ? html`<sl-badge variant="success">Active</sl-badge>` : html`<sl-badge variant="neutral">Retired</sl-badge>`}</td>
                      <td>${k.source === 'environment' ? 'Configuration' : 'Stored'}</td>
                      <td>${dateTime(k.createdAt)}</td>
                      <td>${k.retiredAt ? dateTime(k.retiredAt) : html`<span class="muted">—</span>`}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : this.error
            ? ''
            : html`<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`
      }
      <sl-dialog label="Rotate the signing key?" ?open=${this.confirming} @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.confirming = false))}>
        <p>New visitor tokens will be signed with a new key. Tokens signed with the current key stay valid until they expire.</p>
        <sl-button slot="footer" @click=${() => (this.confirming = false)}>Cancel</sl-button>
        <sl-button slot="footer" variant="primary" ?loading=${this.rotating} @click=${this.rotate}>Rotate</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-signing-keys': SigningKeysScreen;
  }
}
