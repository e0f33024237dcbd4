/**
 * <portal-delete-customer>: the dialog that deletes a customer. The name must be typed; deleting
 * the ChatBotKit sub-account as well is a separate, unticked choice (it cannot be undone).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/checkbox/checkbox.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import type SlDialog from '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import type * as Wire from '@tessera/protocol/types';
import { html, LitElement } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { PortalContext } from '../../app/context.js';
import { shared } from '../../styles/shared.js';

@customElement('portal-delete-customer')
export class DeleteCustomerDialog extends LitElement {
  static override styles = [shared];

  @property({ attribute: false }) ctx!: PortalContext;
  @property({ attribute: false }) tenant!: Wire.Tenant;
  @state() private typed = '';
  @state() private purge = false;
  @state() private busy = false;
  @state() private error = '';
  @query('sl-dialog') private dialog!: SlDialog;

  show(): void {
    this.typed = '';
    this.purge = false;
    this.error = '';
    void this.dialog.show();
  }

  private async confirm(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.ctx.api.deleteTenant(this.tenant.id, this.purge);
      await this.dialog.hide();
      this.ctx.announce(`${this.tenant.name} was deleted.`);
      this.ctx.router.navigate('/customers');
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const name = this.tenant?.name ?? '';
    return html`<sl-dialog label="Delete ${name}">
      <p>Chat stops on all of ${name}'s sites and the customer disappears from the console.</p>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      <sl-input label="Type the customer's name to confirm" autocomplete="off" .value=${this.typed}
        @sl-input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}>
        <div slot="help-text">${name}</div>
      </sl-input>
      <p></p>
      <sl-checkbox .checked=${this.purge} @sl-change=${(e: Event) => (this.purge = (e.target as HTMLInputElement).checked)}
        >Also delete the ChatBotKit sub-account (its bots and conversations; this cannot be undone)</sl-checkbox>
      <sl-button slot="footer" @click=${() => this.dialog.hide()}>Cancel</sl-button>
      <sl-button slot="footer" variant="danger" ?disabled=${this.typed.trim() !== name} ?loading=${this.busy} @click=${this.confirm}
        >Delete customer</sl-button>
    </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-delete-customer': DeleteCustomerDialog;
  }
}
