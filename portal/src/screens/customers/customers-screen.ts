/**
 * <portal-customers>: every customer of the partner. Search (debounced), sorting and the page live
 * in the URL's query, so a reload or a shared link shows the same list.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CustomerSort } from '../../api/portal-api.js';
import { sparkline } from '../../components/sparkline.js';
import { dateTime, number, relativeTime } from '../../lib/format.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';
import { customersStyles } from './customers-screen.styles.js';

const PAGE_SIZE = 25;
const SORTS: readonly CustomerSort[] = ['name', 'createdAt', 'messagesToday', 'lastActivityAt'];

@customElement('portal-customers')
export class CustomersScreen extends ScreenElement {
  static override styles = [shared, customersStyles];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private q = '';
  @state() private sort: CustomerSort = 'name';
  @state() private direction: 'asc' | 'desc' = 'asc';
  @state() private page = 1;
  @state() private data: Wire.CustomersPage | null = null;
  @state() private loading = false;
  @state() private error = '';
  private debounce = 0;
  private inflight: AbortController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.q = this.query.get('q') ?? '';
    const sort = this.query.get('sort') as CustomerSort | null;
    if (sort && SORTS.includes(sort)) this.sort = sort;
    this.direction = this.query.get('dir') === 'desc' ? 'desc' : 'asc';
    this.page = Math.max(1, Number(this.query.get('page')) || 1);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
    this.inflight?.abort();
  }

  private async load(): Promise<void> {
    this.inflight?.abort();
    const ctrl = (this.inflight = new AbortController());
    this.loading = true;
    this.error = '';
    this.ctx.router.setQuery({
      q: this.q || undefined,
      sort: this.sort === 'name' ? undefined : this.sort,
      dir: this.direction === 'asc' ? undefined : this.direction,
      page: this.page > 1 ? String(this.page) : undefined,
    });
    try {
      this.data = await this.ctx.api.customers(
        { q: this.q || undefined, sort: this.sort, dir: this.direction, page: this.page, pageSize: PAGE_SIZE },
        ctrl.signal,
      );
      this.ctx.announce(`${this.data.total} ${this.data.total === 1 ? 'customer' : 'customers'}`);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = (err as Error).message;
      this.ctx.announce(`Customers could not be loaded: ${this.error}`);
    } finally {
      if (this.inflight === ctrl) this.loading = false;
    }
  }

  private onSearch(event: Event): void {
    this.q = (event.target as HTMLInputElement).value.trim();
    this.page = 1;
    clearTimeout(this.debounce);
    this.debounce = window.setTimeout(() => void this.load(), 300);
  }

  private sortBy(column: CustomerSort): void {
    if (this.sort === column) this.direction = this.direction === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = column;
      this.direction = column === 'name' ? 'asc' : 'desc';
    }
    this.page = 1;
    void this.load();
  }

  private goTo(page: number): void {
    this.page = page;
    void this.load();
  }

  private header(label: string, column: CustomerSort, className = '') {
    const active = this.sort === column;
    const ariaSort = active ? (this.direction === 'asc' ? 'ascending' : 'descending') : undefined;
    const arrow = active ? (this.direction === 'asc' ? 'M2 8l4-5 4 5z' : 'M2 4l4 5 4-5z') : 'M2 5l4-4 4 4zM2 7l4 4 4-4z';
    return html`<th scope="col" class=${className} aria-sort=${ariaSort ?? 'none'}>
      <button type="button" @click=${() => this.sortBy(column)}>
        ${label}<svg class="arrow" viewBox="0 0 12 12" aria-hidden="true">${svg`<path d=${arrow} fill="currentColor" />`}</svg>
      </button>
    </th>`;
  }

  private openRow(event: MouseEvent, id: string): void {
    if ((event.target as Element).closest('a, button')) return;
    this.ctx.router.navigate(`/customers/${encodeURIComponent(id)}`);
  }

  private row(c: Wire.CustomerRow) {
    const quota = c.messagesPerDay;
    const pct = quota ? Math.min(100, (c.messagesToday / quota) * 100) : 0;
    return html`<tr @click=${(e: MouseEvent) => this.openRow(e, c.id)}>
      <th scope="row"><a href=${href(`/customers/${encodeURIComponent(c.id)}`)}>${c.name}</a></th>
      <td>
        <sl-badge variant=${c.status === 'active' ? 'success' : 'warning'}>${c.status === 'active' ? 'Active' : 'Suspended'}</sl-badge>
      </td>
      <td class="num">${number(c.sites)}</td>
      <td class="usage ${pct >= 90 ? 'high' : ''}">
        ${
          quota === null
            ? html`<span class="nowrap">${number(c.messagesToday)}</span> <span class="muted">· no quota</span>`
            : html`<span class="nowrap">${number(c.messagesToday)} / ${number(quota)}</span>
                <progress max="100" .value=${pct} aria-label="Messages today: ${Math.round(pct)}% of the daily quota"></progress>`
        }
      </td>
      <td class="nowrap">
        ${c.lastActivityAt === null ? html`<span class="muted">Never</span>` : html`<time datetime=${new Date(c.lastActivityAt).toISOString()} title=${dateTime(c.lastActivityAt)}>${relativeTime(c.lastActivityAt)}</time>`}
      </td>
      <td>${sparkline(c.daily)}</td>
    </tr>`;
  }

  private body() {
    if (this.error) {
      return html`<sl-alert variant="danger" open>
        Customers could not be loaded: ${this.error}
        <sl-button size="small" @click=${() => this.load()}>Try again</sl-button>
      </sl-alert>`;
    }
    if (!this.data) return html`<p class="empty"><sl-spinner></sl-spinner> Loading customers…</p>`;
    if (this.data.items.length === 0) {
      return this.q
        ? html`<div class="card empty"><p>No customer matches “${this.q}”.</p></div>`
        : html`<div class="card empty">
            <h2>No customers yet</h2>
            <p>Onboard the first one: it takes one form.</p>
            <sl-button variant="primary" href=${href('/customers/new')}>Onboard a customer</sl-button>
          </div>`;
    }
    const { total, page, pageSize, items } = this.data;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const first = (page - 1) * pageSize + 1;
    return html`<div class="table-wrap" role="region" aria-label="Customers" tabindex="0">
        <table aria-busy=${this.loading ? 'true' : 'false'}>
          <thead>
            <tr>
              ${this.header('Name', 'name')}
              <th scope="col">Status</th>
              <th scope="col" class="num">Sites</th>
              ${this.header('Messages today', 'messagesToday')} ${this.header('Last activity', 'lastActivityAt')}
              <th scope="col">Last 14 days</th>
            </tr>
          </thead>
          <tbody>
            ${items.map((c) => this.row(c))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <span>${number(first)}–${number(first + items.length - 1)} of ${number(total)}</span>
        <span class="buttons">
          <sl-button size="small" ?disabled=${page <= 1} @click=${() => this.goTo(page - 1)}>Previous</sl-button>
          <span class="muted">Page ${page} of ${pages}</span>
          <sl-button size="small" ?disabled=${page >= pages} @click=${() => this.goTo(page + 1)}>Next</sl-button>
        </span>
      </nav>`;
  }

  override render() {
    return html`<div class="page-header">
        <h1 tabindex="-1">Customers</h1>
        <div class="actions"><sl-button variant="primary" href=${href('/customers/new')}>Onboard a customer</sl-button></div>
      </div>
      <div class="toolbar" role="search">
        <sl-input type="search" label="Search customers" placeholder="Name" clearable .value=${this.q} @sl-input=${this.onSearch}
          @sl-clear=${this.onSearch}></sl-input>
        ${this.loading && this.data ? html`<sl-spinner aria-hidden="true"></sl-spinner>` : ''}
      </div>
      ${this.body()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-customers': CustomersScreen;
  }
}
