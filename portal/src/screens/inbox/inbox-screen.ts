/**
 * <portal-inbox>: the customer's conversations, newest first. Filters (site, from/to days,
 * outcome, search text and signed-in user, both debounced) live in the URL's query, so a reload or a
 * shared link shows the same list; a signed-in visitor is shown by name (else their user id), and
 * their name filters the list to them; "Load more" follows the service's `next` cursor. Export downloads the conversations
 * of the chosen days as CSV or JSON (a plain link: the service names the file). A row opens its
 * transcript.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { exportUrl, type InboxFilters } from '../../api/portal-api.js';
import { OUTCOMES, outcomeBadge, shortVisitor } from '../../components/outcome-badge.js';
import { dateTime, number, relativeTime, utcDay } from '../../lib/format.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';
import { inboxStyles } from './inbox-screen.styles.js';
import { userLabel } from './user-label.js';

const PAGE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The select's value for "no filter" (Shoelace's select reads an empty value as nothing chosen). */
const ANY = 'any';

/** The inbox's filters: the API's, plus a signed-in user's subject (exact). */
type Filters = InboxFilters & { user?: string };

@customElement('portal-inbox')
export class InboxScreen extends SpaceScreen {
  static override styles = [shared, inboxStyles];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private filters: Filters = {};
  @state() private sites: Wire.Site[] = [];
  @state() private items: Wire.InboxItem[] | null = null;
  @state() private next: string | null = null;
  @state() private loading = false;
  @state() private error = '';
  private debounce = 0;
  private inflight: AbortController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const q = this.query;
    const outcome = q.get('outcome');
    this.filters = {
      siteId: q.get('site') || undefined,
      from: DAY.test(q.get('from') ?? '') ? q.get('from')! : undefined,
      to: DAY.test(q.get('to') ?? '') ? q.get('to')! : undefined,
      outcome: OUTCOMES.some((o) => o.value === outcome) ? (outcome as InboxFilters['outcome']) : undefined,
      q: q.get('q') || undefined,
      user: q.get('user') || undefined,
    };
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId && this.access.role) {
      void this.load();
      void this.ctx.api.sites(this.tenantId).then(
        (r) => (this.sites = r.items),
        () => (this.sites = []),
      );
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
    this.inflight?.abort();
  }

  /** The first page for the current filters, or (`more`) the page after the last one shown. */
  private async load(more = false): Promise<void> {
    this.inflight?.abort();
    const ctrl = (this.inflight = new AbortController());
    const f = this.filters;
    this.loading = true;
    this.error = '';
    if (!more) this.ctx.router.setQuery({ site: f.siteId, from: f.from, to: f.to, outcome: f.outcome, q: f.q, user: f.user });
    try {
      const page = await this.ctx.api.conversations(
        this.tenantId,
        { ...f, limit: PAGE, ...(more && this.next ? { cursor: this.next } : {}) },
        ctrl.signal,
      );
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.next = page.next;
      this.ctx.announce(
        more
          ? `${page.items.length} more conversations.`
          : `${page.items.length}${page.next ? ' or more' : ''} ${page.items.length === 1 ? 'conversation' : 'conversations'}.`,
      );
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = problem(err, 'Conversations could not be loaded');
      this.ctx.announce(this.error);
    } finally {
      if (this.inflight === ctrl) this.loading = false;
    }
  }

  private setFilter(key: keyof Filters, value: string, debounced = false): void {
    const v = value.trim();
    this.filters = { ...this.filters, [key]: v && v !== ANY ? v : undefined };
    clearTimeout(this.debounce);
    if (debounced) this.debounce = window.setTimeout(() => void this.load(), 300);
    else void this.load();
  }

  private get hasFilters(): boolean {
    return Object.values(this.filters).some(Boolean);
  }

  private clearFilters(): void {
    this.filters = {};
    void this.load();
  }

  private openRow(event: MouseEvent, id: string): void {
    if ((event.target as Element).closest('a, button')) return;
    this.ctx.router.navigate(`/t/${encodeURIComponent(this.tenantId)}/conversations/${encodeURIComponent(id)}`);
  }

  /** Export covers the chosen days, or the last 30 when none are chosen (the service needs both). */
  private exportLinks() {
    const from = this.filters.from ?? utcDay(29);
    const to = this.filters.to ?? utcDay(0);
    const chosen = this.filters.from || this.filters.to;
    return html`<div class="export" role="group" aria-label="Export conversations">
      <span class="muted">Export ${chosen ? `${from} to ${to}` : 'the last 30 days'}:</span>
      <sl-button size="small" href=${exportUrl(this.tenantId, from, to, 'csv')} download>CSV</sl-button>
      <sl-button size="small" href=${exportUrl(this.tenantId, from, to, 'json')} download>JSON</sl-button>
    </div>`;
  }

  private filterBar() {
    const f = this.filters;
    return html`<div class="filters" role="search" aria-label="Filter conversations">
      <sl-input class="search" type="search" label="Search" placeholder="Words in a question or an answer" clearable
        .value=${f.q ?? ''} @sl-input=${(e: Event) => this.setFilter('q', (e.target as HTMLInputElement).value, true)}
        @sl-clear=${() => this.setFilter('q', '')}></sl-input>
      <sl-select label="Site" .value=${f.siteId ?? ANY} @sl-change=${(e: Event) => this.setFilter('siteId', (e.target as HTMLSelectElement).value)}>
        <sl-option value=${ANY}>All sites</sl-option>
        ${this.sites.map((s) => html`<sl-option value=${s.id}>${s.name}</sl-option>`)}
      </sl-select>
      <sl-select label="Outcome" .value=${f.outcome ?? ANY} @sl-change=${(e: Event) => this.setFilter('outcome', (e.target as HTMLSelectElement).value)}>
        <sl-option value=${ANY}>Any outcome</sl-option>
        ${OUTCOMES.map((o) => html`<sl-option value=${o.value}>${o.label}</sl-option>`)}
      </sl-select>
      <sl-input type="date" label="From" .value=${f.from ?? ''} max=${f.to ?? utcDay(0)}
        @sl-change=${(e: Event) => this.setFilter('from', (e.target as HTMLInputElement).value)}></sl-input>
      <sl-input type="date" label="To" .value=${f.to ?? ''} min=${f.from ?? ''} max=${utcDay(0)}
        @sl-change=${(e: Event) => this.setFilter('to', (e.target as HTMLInputElement).value)}></sl-input>
      <sl-input class="user" label="User" placeholder="Their exact user id" clearable maxlength="255"
        .value=${f.user ?? ''} @sl-input=${(e: Event) => this.setFilter('user', (e.target as HTMLInputElement).value, true)}
        @sl-clear=${() => this.setFilter('user', '')}></sl-input>
    </div>`;
  }

  /** A signed-in user by name (a button that shows only their conversations), else the visitor id. */
  private visitor(c: Wire.InboxItem) {
    if (!c.user) return html`<code class="nowrap" title=${c.visitorId}>${shortVisitor(c.visitorId)}</code>`;
    const { user } = c;
    const name = userLabel(user);
    return html`<button type="button" class="user-filter" title=${user.subject}
        aria-label=${`${name}: show only their conversations`}
        @click=${() => this.setFilter('user', user.subject)}>${name}</button>
      ${user.email ? html`<span class="email muted">${user.email}</span>` : ''}`;
  }

  private row(c: Wire.InboxItem) {
    const link = href(`/t/${encodeURIComponent(this.tenantId)}/conversations/${encodeURIComponent(c.id)}`);
    return html`<tr @click=${(e: MouseEvent) => this.openRow(e, c.id)}>
      <td>${c.siteName}</td>
      <td class="visitor">${this.visitor(c)}</td>
      <td class="nowrap"><time datetime=${new Date(c.createdAt).toISOString()}>${dateTime(c.createdAt)}</time></td>
      <td class="nowrap">
        ${
          c.lastMessageAt === null
            ? html`<span class="muted">None</span>`
            : html`<time datetime=${new Date(c.lastMessageAt).toISOString()} title=${dateTime(c.lastMessageAt)}>${relativeTime(c.lastMessageAt)}</time>`
        }
        ${c.preview ? html`<span class="preview muted">${c.preview}</span>` : ''}
      </td>
      <td class="num">${number(c.messages)}</td>
      <td>${outcomeBadge(c.outcome, c.ratedDown)}</td>
      <th scope="row" class="question"><a href=${link}>${c.firstQuestion ?? 'No question yet'}</a></th>
    </tr>`;
  }

  private list() {
    if (this.error && !this.items) {
      return html`<sl-alert variant="danger" open>${this.error}
        <sl-button size="small" @click=${() => this.load()}>Try again</sl-button></sl-alert>`;
    }
    if (!this.items) return html`<p class="empty"><sl-spinner></sl-spinner> Loading conversations…</p>`;
    if (this.items.length === 0) {
      return this.hasFilters
        ? html`<div class="card empty"><p>No conversation matches these filters.</p>
            <sl-button size="small" @click=${this.clearFilters}>Clear the filters</sl-button></div>`
        : html`<div class="card empty"><h2>No conversations yet</h2>
            <p>They appear here as soon as a visitor asks the chat on one of your pages.</p>
            <sl-button size="small" href=${href(`/t/${encodeURIComponent(this.tenantId)}/install`)}>Check the installation</sl-button></div>`;
    }
    return html`<div class="table-wrap" role="region" aria-label="Conversations" tabindex="0">
        <table aria-busy=${this.loading ? 'true' : 'false'}>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Visitor</th>
              <th scope="col">Started</th>
              <th scope="col">Last message</th>
              <th scope="col" class="num">Messages</th>
              <th scope="col">Outcome</th>
              <th scope="col">First question</th>
            </tr>
          </thead>
          <tbody>
            ${this.items.map((c) => this.row(c))}
          </tbody>
        </table>
      </div>
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}</sl-alert>` : ''}
      <div class="more">
        ${
          this.next
            ? html`<sl-button ?loading=${this.loading} @click=${() => this.load(true)}>Load more</sl-button>`
            : html`<span class="muted">${number(this.items.length)} ${this.items.length === 1 ? 'conversation' : 'conversations'}, all shown.</span>`
        }
      </div>`;
  }

  override render() {
    if (!this.access.role) return this.notMember('Conversations');
    return html`<div class="page-header">
        <h1 tabindex="-1">Conversations</h1>
        ${this.exportLinks()}
      </div>
      ${this.filterBar()} ${this.list()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-inbox': InboxScreen;
  }
}
