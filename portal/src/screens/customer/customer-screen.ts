/**
 * <portal-customer>: one customer in the console. Status (suspend, resume, delete), sites, members,
 * the daily quota and the last 14 days of messages; a link into the customer's own space.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import './delete-dialog.js';
import './members-panel.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { barChart } from '../../components/sparkline.js';
import { dateTime, number } from '../../lib/format.js';
import { type FieldErrors, helpText, invalid } from '../../lib/forms.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';
import type { DeleteCustomerDialog } from './delete-dialog.js';

@customElement('portal-customer')
export class CustomerScreen extends ScreenElement {
  static override styles = [
    shared,
    copyFieldStyles,
    css`
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--sl-spacing-small);
      }
      .back {
        display: inline-block;
        margin-block-end: var(--sl-spacing-small);
        font-size: var(--sl-font-size-small);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 0 var(--sl-spacing-large);
      }
      .site + .site {
        border-block-start: 1px solid var(--sl-color-neutral-200);
        padding-block-start: var(--sl-spacing-medium);
        margin-block-start: var(--sl-spacing-medium);
      }
      .site h3 {
        margin: 0 0 var(--sl-spacing-small);
        font-size: var(--sl-font-size-medium);
      }
      .bar-chart {
        inline-size: 100%;
        block-size: 11rem;
        color: var(--sl-color-primary-600);
      }
      .bar-chart text {
        fill: var(--sl-color-neutral-600);
      }
      .big {
        font-size: var(--sl-font-size-2x-large);
        font-weight: var(--sl-font-weight-semibold);
      }
      ul.origins {
        margin: 0;
        padding-inline-start: 1.2rem;
      }
    `,
  ];

  @property() tenantId = '';
  @state() private detail: Wire.CustomerDetail | null = null;
  /** The customer's bots, asked of ChatBotKit separately (a slow or failed answer leaves the rest of the page). */
  @state() private bots: Wire.Bot[] | null = null;
  @state() private botsError = '';
  @state() private error = '';
  @state() private statusBusy = false;
  @state() private quota = '';
  @state() private quotaErrors: FieldErrors = {};
  @state() private quotaBusy = false;
  @query('portal-delete-customer') private deleteDialog!: DeleteCustomerDialog;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.detail = await this.ctx.api.customer(this.tenantId);
      this.quota = this.detail.tenant.quotas.messagesPerDay?.toString() ?? '';
      this.ctx.announce(`${this.detail.tenant.name} loaded.`);
    } catch (err) {
      this.error =
        err instanceof ApiError && err.code === 'tenant_not_found' ? 'There is no such customer.' : (err as Error).message;
      return;
    }
    try {
      this.botsError = '';
      this.bots = (await this.ctx.api.bots(this.tenantId)).items;
    } catch (err) {
      this.bots = null;
      this.botsError = `The bots could not be listed: ${(err as Error).message}`;
    }
  }

  private async setStatus(status: 'active' | 'suspended'): Promise<void> {
    if (!this.detail) return;
    this.statusBusy = true;
    try {
      const tenant = await this.ctx.api.updateTenant(this.tenantId, { status });
      this.detail = { ...this.detail, tenant };
      this.ctx.announce(
        status === 'suspended' ? `${tenant.name} is suspended: chat is off on their sites.` : `${tenant.name} is active again.`,
      );
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.statusBusy = false;
    }
  }

  private async saveQuota(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.detail) return;
    const raw = this.quota.trim();
    this.quotaBusy = true;
    this.quotaErrors = {};
    try {
      const tenant = await this.ctx.api.updateTenant(this.tenantId, {
        quotas: { messagesPerDay: raw === '' ? null : Number(raw) },
      });
      this.detail = { ...this.detail, tenant };
      this.ctx.announce(raw === '' ? 'The quota is removed.' : `The quota is now ${number(Number(raw))} messages a day.`);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      this.quotaErrors = { quota: fields['quotas.messagesPerDay'] ?? Object.values(fields)[0] ?? (err as Error).message };
      this.ctx.announce(this.quotaErrors['quota']!);
    } finally {
      this.quotaBusy = false;
    }
  }

  private site(s: Wire.Site) {
    return html`<div class="site">
      <h3>${s.title} ${s.status === 'suspended' ? html`<sl-badge variant="warning">Suspended</sl-badge>` : ''}</h3>
      ${copyField('Site key', s.siteKey)}
      <dl class="facts">
        <dt>Origins</dt>
        <dd>
          <ul class="origins">
            ${s.allowedOrigins.map((o) => html`<li><code>${o}</code></li>`)}
          </ul>
        </dd>
      </dl>
    </div>`;
  }

  override render() {
    const back = html`<a class="back" href=${href('/customers')}>← All customers</a>`;
    if (this.error && !this.detail) {
      return html`${back}
        <div class="page-header"><h1 tabindex="-1">Customer</h1></div>
        <sl-alert variant="danger" open>${this.error}</sl-alert>`;
    }
    if (!this.detail) return html`${back}<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`;
    const { tenant, sites, members, messagesToday, daily } = this.detail;
    const suspended = tenant.status === 'suspended';
    const quota = tenant.quotas.messagesPerDay;
    return html`${back}
      <div class="page-header">
        <div class="title">
          <h1 tabindex="-1">${tenant.name}</h1>
          <sl-badge variant=${suspended ? 'warning' : 'success'}>${suspended ? 'Suspended' : 'Active'}</sl-badge>
        </div>
        <div class="actions">
          <sl-button href=${href(`/t/${encodeURIComponent(tenant.id)}`)}>Open as this customer</sl-button>
          <sl-button ?loading=${this.statusBusy} @click=${() => this.setStatus(suspended ? 'active' : 'suspended')}
            >${suspended ? 'Resume' : 'Suspend'}</sl-button>
          <sl-button variant="danger" outline @click=${() => this.deleteDialog.show()}>Delete</sl-button>
        </div>
      </div>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      <div class="grid">
        <section class="card" aria-labelledby="usage-h">
          <h2 id="usage-h">Usage</h2>
          <p><span class="big">${number(messagesToday)}</span> messages today ${quota !== null ? html`of ${number(quota)}` : html`<span class="muted">(no quota)</span>`}</p>
          ${barChart(daily)}
        </section>
        <section class="card" aria-labelledby="quota-h">
          <h2 id="quota-h">Daily quota</h2>
          <form class="form" @submit=${this.saveQuota} novalidate>
            <sl-input label="Messages per day" type="number" min="0" inputmode="numeric" .value=${this.quota}
              class=${invalid(this.quotaErrors, 'quota')} @sl-input=${(e: Event) => (this.quota = (e.target as HTMLInputElement).value)}
              >${helpText(this.quotaErrors, 'quota', 'Visitor messages per UTC day across all their sites. Empty: no quota.')}</sl-input>
            <div class="form-actions"><sl-button type="submit" ?loading=${this.quotaBusy}>Save quota</sl-button></div>
          </form>
          <dl class="facts spaced">
            <dt>Customer id</dt>
            <dd><code>${tenant.id}</code></dd>
            <dt>Created</dt>
            <dd>${dateTime(tenant.createdAt)}</dd>
          </dl>
        </section>
      </div>
      <section class="card" aria-labelledby="sites-h">
        <h2 id="sites-h">Sites</h2>
        ${sites.length ? sites.map((s) => this.site(s)) : html`<p class="muted">No sites.</p>`}
      </section>
      <section class="card" aria-labelledby="bots-h">
        <h2 id="bots-h">Bots</h2>
        ${
          this.botsError
            ? html`<p role="alert">${this.botsError}</p>`
            : this.bots === null
              ? html`<p class="muted">Loading…</p>`
              : this.bots.length
                ? html`<ul class="bots">
                    ${this.bots.map(
                      (
                        b,
                      ) => html`<li><strong>${b.name ?? 'Unnamed bot'}</strong>${b.model ? html` <span class="muted">· ${b.model}</span>` : ''}
                        <code>${b.id}</code></li>`,
                    )}
                  </ul>`
                : html`<p class="muted">No bots.</p>`
        }
      </section>
      <section class="card" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <portal-members .ctx=${this.ctx} .tenantId=${tenant.id} .members=${members}></portal-members>
      </section>
      <portal-delete-customer .ctx=${this.ctx} .tenant=${tenant}></portal-delete-customer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-customer': CustomerScreen;
  }
}
