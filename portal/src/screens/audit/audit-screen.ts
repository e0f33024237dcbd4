/** <portal-audit>: who did what, newest first, filtered by actor, action and customer; "Load more" pages back. */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { dateTime } from '../../lib/format.js';
import { type FieldErrors, formValues, helpText, invalid } from '../../lib/forms.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';

interface Filters {
  actor: string;
  action: string;
  tenantId: string;
}

@customElement('portal-audit')
export class AuditScreen extends ScreenElement {
  static override styles = [
    shared,
    css`
      form .row sl-input {
        flex: 1 1 12rem;
      }
      td {
        white-space: nowrap;
      }
      .more {
        display: flex;
        justify-content: center;
        margin-block-start: var(--sl-spacing-medium);
      }
    `,
  ];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private filters: Filters = { actor: '', action: '', tenantId: '' };
  @state() private items: Wire.AuditEntry[] | null = null;
  @state() private next: string | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private errors: FieldErrors = {};

  override connectedCallback(): void {
    super.connectedCallback();
    this.filters = {
      actor: this.query.get('actor') ?? '',
      action: this.query.get('action') ?? '',
      tenantId: this.query.get('tenantId') ?? '',
    };
    void this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    this.loading = true;
    this.error = '';
    this.errors = {};
    const f = this.filters;
    try {
      const page = await this.ctx.api.audit({
        actor: f.actor || undefined,
        action: f.action || undefined,
        tenantId: f.tenantId || undefined,
        before: more ? (this.next ?? undefined) : undefined,
        limit: 50,
      });
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.next = page.next;
      this.ctx.announce(more ? `${page.items.length} more entries` : `${page.items.length} entries`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') this.errors = err.fieldErrors();
      else this.error = (err as Error).message;
      this.ctx.announce(this.error || Object.values(this.errors).join(' '));
    } finally {
      this.loading = false;
    }
  }

  private filter(event: SubmitEvent): void {
    event.preventDefault();
    const v = formValues(event.target as HTMLFormElement);
    this.filters = { actor: v['actor']?.trim() ?? '', action: v['action']?.trim() ?? '', tenantId: v['tenantId']?.trim() ?? '' };
    this.ctx.router.setQuery({ actor: this.filters.actor, action: this.filters.action, tenantId: this.filters.tenantId });
    void this.load(false);
  }

  private row(a: Wire.AuditEntry) {
    return html`<tr>
      <td><time datetime=${new Date(a.at).toISOString()}>${dateTime(a.at)}</time></td>
      <td>${a.actor}</td>
      <td><code>${a.action}</code></td>
      <td>${a.targetType}${a.targetId ? html` <code>${a.targetId}</code>` : ''}</td>
      <td>${a.tenantId ? html`<a href=${href(`/customers/${encodeURIComponent(a.tenantId)}`)}><code>${a.tenantId}</code></a>` : html`<span class="muted">—</span>`}</td>
      <td>${a.ip ?? html`<span class="muted">—</span>`}</td>
    </tr>`;
  }

  override render() {
    const f = this.filters;
    const e = this.errors;
    return html`<div class="page-header"><h1 tabindex="-1">Audit log</h1></div>
      <form class="card" @submit=${this.filter} novalidate role="search" aria-label="Filter the audit log">
        <div class="row">
          <sl-input name="actor" label="Actor" placeholder="Email, admin-api, cli" .value=${f.actor} class=${invalid(e, 'actor')}>${helpText(e, 'actor')}</sl-input>
          <sl-input name="action" label="Action" placeholder="inviteMember" .value=${f.action} class=${invalid(e, 'action')}>${helpText(e, 'action')}</sl-input>
          <sl-input name="tenantId" label="Customer id" placeholder="tn_…" .value=${f.tenantId} class=${invalid(e, 'tenantId')}>${helpText(e, 'tenantId')}</sl-input>
          <sl-button type="submit" variant="primary">Filter</sl-button>
        </div>
      </form>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      ${
        this.items === null
          ? this.loading
            ? html`<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`
            : ''
          : this.items.length === 0
            ? html`<div class="card empty"><p>No entries${f.actor || f.action || f.tenantId ? ' match these filters' : ' yet'}.</p></div>`
            : html`<div class="table-wrap" role="region" aria-label="Audit entries" tabindex="0">
                  <table aria-busy=${this.loading ? 'true' : 'false'}>
                    <thead>
                      <tr>
                        <th scope="col">Time</th>
                        <th scope="col">Actor</th>
                        <th scope="col">Action</th>
                        <th scope="col">Target</th>
                        <th scope="col">Customer</th>
                        <th scope="col">IP</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${this.items.map((a) => this.row(a))}
                    </tbody>
                  </table>
                </div>
                ${this.next ? html`<div class="more"><sl-button ?loading=${this.loading} @click=${() => this.load(true)}>Load more</sl-button></div>` : ''}`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-audit': AuditScreen;
  }
}
