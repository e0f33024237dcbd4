/**
 * <portal-home>: the customer's home. Usage for the last 7, 30 or 90 days, of all sites or one (both
 * in the URL), against the period before it: traffic (sessions, conversations, messages) and
 * quality (answers completed or failed, thumbs up and down) with their change, daily charts (uPlot)
 * and the same numbers as a table (shown on request, always there for screen readers), the totals
 * per site, and the daily quota left.
 * Also: which customer and role, a switcher for people in several customers, and a nudge to add a
 * passkey or a password for people who can only sign in through links.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/radio-button/radio-button.js';
import '@shoelace-style/shoelace/dist/components/radio-group/radio-group.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import { QUALITY_SERIES, TRAFFIC_SERIES } from '../../components/usage-chart.js';
import type * as Wire from '@tessera/protocol/types';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { number } from '../../lib/format.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';
import { homeStyles } from './home-screen.styles.js';
import { change, fillDays, METRICS, type Metric, type PeriodDays, PERIODS, periods, QUALITY, share, TRAFFIC } from './usage.js';

const ROLE_TEXT = {
  owner: 'You are an owner: you manage the chat and who has access.',
  editor: 'You are an editor: you change the chat’s settings.',
  viewer: 'You are a viewer: you see the chat’s settings, conversations and usage.',
  operator: 'You are viewing this customer as an operator.',
} as const;

interface Loaded {
  days: Wire.UsageDay[];
  totals: Wire.UsageCounts;
  previous: Wire.UsageCounts;
  sites: Wire.Usage['sites'];
}

@customElement('portal-home')
export class HomeScreen extends SpaceScreen {
  static override styles = [shared, homeStyles];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private days: PeriodDays = 30;
  /** One site's figures, or '' for all of them. */
  @state() private siteId = '';
  @state() private usage: Loaded | null = null;
  @state() private detail: Wire.CustomerDetail | null = null;
  @state() private error = '';
  @state() private loading = false;
  @state() private showTable = false;
  private inflight: AbortController | null = null;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const before = [this.days, this.siteId].join();
    if (changed.has('query')) {
      const days = Number(this.query.get('days'));
      this.days = (PERIODS as readonly number[]).includes(days) ? (days as PeriodDays) : 30;
      this.siteId = this.query.get('site') ?? '';
    }
    const moved = [this.days, this.siteId].join() !== before;
    if ((changed.has('tenantId') || moved) && this.tenantId && this.access.role) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.inflight?.abort();
  }

  private async load(): Promise<void> {
    this.inflight?.abort();
    const ctrl = (this.inflight = new AbortController());
    const { current, previous } = periods(this.days);
    this.loading = true;
    this.error = '';
    const detail = this.ctx.api.customer(this.tenantId).then(
      (d) => (this.detail = d),
      () => null, // the quota is a nicety: usage without it is still the page
    );
    try {
      const siteId = this.siteId || undefined;
      const [now, before] = await Promise.all([
        this.ctx.api.usage(this.tenantId, { ...current, siteId }, ctrl.signal),
        this.ctx.api.usage(this.tenantId, { ...previous, siteId }, ctrl.signal),
      ]);
      this.usage = { days: fillDays(now, current), totals: now.totals, previous: before.totals, sites: now.sites };
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.error = problem(err, 'Usage could not be loaded');
      this.ctx.announce(this.error);
    } finally {
      if (this.inflight === ctrl) this.loading = false;
    }
    await detail;
  }

  private setPeriod(event: Event): void {
    const days = Number((event.target as HTMLInputElement).value) as PeriodDays;
    if (days === this.days) return;
    this.days = days;
    this.ctx.router.setQuery(this.queryOf());
    void this.load();
  }

  private setSite(siteId: string): void {
    if (siteId === this.siteId) return;
    this.siteId = siteId;
    this.ctx.router.setQuery(this.queryOf());
    void this.load();
  }

  /** The period and the site as the URL keeps them (the defaults left out). */
  private queryOf(siteId = this.siteId): Record<string, string | undefined> {
    return { days: this.days === 30 ? undefined : String(this.days), site: siteId || undefined };
  }

  private siteName(): string | undefined {
    return this.usage?.sites.find((s) => s.siteId === this.siteId)?.name;
  }

  private stat(metric: Metric, label: string, note?: string) {
    const u = this.usage!;
    const now = u.totals[metric];
    const before = u.previous[metric];
    const c = change(now, before);
    const arrow = c.direction === 'up' ? '↑' : c.direction === 'down' ? '↓' : '→';
    const shown =
      c.percent === null ? 'new' : c.direction === 'same' ? 'no change' : `${c.percent > 0 ? '+' : '−'}${Math.abs(c.percent)} %`;
    const spoken =
      c.direction === 'same'
        ? `the same as the previous ${this.days} days`
        : `${c.direction} ${c.percent === null ? '' : `${Math.abs(c.percent)}% `}from ${number(before)} in the previous ${this.days} days`;
    return html`<li class="stat">
      <span class="stat-label">${label}</span>
      <span class="stat-value">${number(now)}${note ? html` <span class="stat-note">${note}</span>` : nothing}</span>
      <span class="stat-change"
        ><span aria-hidden="true"><span class="arrow">${arrow}</span> ${shown} · ${number(before)} before</span
        ><span class="visually-hidden">${spoken}</span></span
      >
    </li>`;
  }

  private quota() {
    const tenant = this.detail?.tenant;
    const quota = tenant?.quotas.messagesPerDay;
    if (!this.detail || quota === null || quota === undefined) return nothing;
    const used = this.detail.messagesToday;
    const left = Math.max(0, quota - used);
    return html`<li class="stat quota ${left / Math.max(1, quota) < 0.1 ? 'low' : ''}">
      <span class="stat-label">Messages left today</span>
      <span class="stat-value">${number(left)}</span>
      <span class="stat-change">${number(used)} of ${number(quota)} used · resets at 00:00 UTC</span>
      <progress max=${quota} .value=${Math.min(used, quota)} aria-label="Used today: ${number(used)} of ${number(quota)} messages"></progress>
    </li>`;
  }

  private table() {
    const u = this.usage!;
    // Hidden from sight (not from screen readers) until asked for; never focusable while hidden.
    return html`<div class=${this.showTable ? 'table-wrap daily' : 'visually-hidden'} id="daily"
      role="region" aria-label="Daily usage" tabindex=${this.showTable ? '0' : '-1'}>
      <table>
        <caption class="visually-hidden">Daily usage, ${u.days[0]?.day} to ${u.days.at(-1)?.day} (UTC days)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            ${METRICS.map((m) => html`<th scope="col" class="num">${m.short}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${[...u.days].reverse().map(
            (d) => html`<tr>
              <th scope="row"><time datetime=${d.day}>${d.day}</time></th>
              ${METRICS.map((m) => html`<td class="num">${number(d[m.key])}</td>`)}
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            ${METRICS.map((m) => html`<td class="num">${number(u.totals[m.key])}</td>`)}
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  /** The period's totals per site, each a way into that site's figures. */
  private bySite() {
    const u = this.usage!;
    if (u.sites.length < 2) return nothing;
    return html`<section class="card" aria-labelledby="sites-h">
      <h2 id="sites-h">By site</h2>
      <div class="table-wrap by-site" role="region" aria-labelledby="sites-h" tabindex="0">
        <table>
          <caption class="visually-hidden">Totals per site for the last ${this.days} days</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              ${METRICS.map((m) => html`<th scope="col" class="num">${m.short}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${u.sites.map(
              (site) => html`<tr class=${site.siteId === this.siteId ? 'chosen' : ''}>
                <th scope="row">
                  <a href=${href(`/t/${encodeURIComponent(this.tenantId)}`, this.queryOf(site.siteId))}
                    aria-current=${site.siteId === this.siteId ? 'true' : 'false'}
                    @click=${(e: MouseEvent) => {
                      e.preventDefault();
                      this.setSite(site.siteId);
                    }}>${site.name}</a>
                </th>
                ${METRICS.map((m) => html`<td class="num">${number(site.totals[m.key])}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private usageSection() {
    if (this.error) {
      return html`<sl-alert variant="danger" open>${this.error}
        <sl-button size="small" @click=${() => this.load()}>Try again</sl-button></sl-alert>`;
    }
    if (!this.usage) return html`<p class="empty"><sl-spinner></sl-spinner> Loading usage…</p>`;
    const t = this.usage.totals;
    const answered = share(t.answersCompleted, t.answersFailed);
    const liked = share(t.thumbsUp, t.thumbsDown);
    const scope = this.siteName() ?? 'all sites';
    return html`<h2 class="group-h" id="traffic-h">Traffic</h2>
      <ul class="stats" aria-labelledby="traffic-h" aria-describedby="period-note">
        ${TRAFFIC.map((m) => this.stat(m.key, m.label))} ${this.siteId ? nothing : this.quota()}
      </ul>
      <h2 class="group-h" id="quality-h">Answers</h2>
      <ul class="stats" aria-labelledby="quality-h" aria-describedby="period-note">
        ${QUALITY.map((m) =>
          this.stat(
            m.key,
            m.label,
            m.key === 'answersCompleted' && answered !== null
              ? `${answered} %`
              : m.key === 'thumbsUp' && liked !== null
                ? `${liked} %`
                : undefined,
          ),
        )}
      </ul>
      <p class="visually-hidden" id="period-note">Totals for the last ${this.days} days, ${scope}; percentages are shares of all answers and of all ratings.</p>
      <section class="card" aria-labelledby="chart-h" aria-busy=${this.loading ? 'true' : 'false'}>
        <div class="chart-head">
          <h2 id="chart-h">Per day</h2>
          <sl-button size="small" aria-controls="daily" aria-expanded=${this.showTable ? 'true' : 'false'}
            @click=${() => (this.showTable = !this.showTable)}>${this.showTable ? 'Hide the table' : 'Show as table'}</sl-button>
        </div>
        <h3 class="chart-h">Traffic</h3>
        <portal-usage-chart .days=${this.usage.days} .series=${TRAFFIC_SERIES} label="Daily traffic chart"></portal-usage-chart>
        <h3 class="chart-h">Answers and ratings</h3>
        <portal-usage-chart .days=${this.usage.days} .series=${QUALITY_SERIES} label="Daily answers and ratings chart"></portal-usage-chart>
        ${this.table()}
      </section>
      ${this.bySite()}`;
  }

  override render() {
    const me = this.ctx.me;
    if (!me) return '';
    const access = this.access;
    if (!this.tenantId || !access.role) {
      return html`<div class="page-header"><h1 tabindex="-1">Welcome</h1></div>
        <p>${this.tenantId ? 'You are not a member of this customer.' : 'You are not a member of any customer yet.'} Ask the person who invited you for a new invitation.</p>`;
    }
    const name = access.tenantName ?? this.detail?.tenant.name ?? 'this customer';
    const memberships = me.memberships;
    const noCredentials = me.kind === 'member' && !me.credentials.password && me.credentials.passkeys === 0;
    return html`<div class="page-header">
        <h1 tabindex="-1">Your chat for ${name}</h1>
        ${
          memberships.length > 1
            ? html`<sl-select label="Customer" value=${this.tenantId} size="small"
                @sl-change=${(e: Event) => this.ctx.router.navigate(`/t/${encodeURIComponent((e.target as HTMLSelectElement).value)}`)}>
                ${memberships.map((m) => html`<sl-option value=${m.tenantId}>${m.tenantName}</sl-option>`)}
              </sl-select>`
            : ''
        }
      </div>
      ${
        noCredentials
          ? html`<sl-alert variant="primary" open class="nudge">
              <span><strong>Make signing in easier.</strong> Add a passkey or a password so that you do not need a link each time.</span>
              <sl-button size="small" variant="primary" href=${href('/account')}>Set it up</sl-button>
            </sl-alert>`
          : ''
      }
      <div class="toolbar">
        <p class="muted">${ROLE_TEXT[access.role]}</p>
        <div class="filters">
          ${
            (this.usage?.sites.length ?? 0) > 1
              ? html`<sl-select label="Site" size="small" value=${this.siteId || 'all'}
                  @sl-change=${(e: Event) => {
                    const v = (e.target as HTMLSelectElement).value;
                    this.setSite(v === 'all' ? '' : v);
                  }}>
                  <sl-option value="all">All sites</sl-option>
                  ${this.usage!.sites.map((site) => html`<sl-option value=${site.siteId}>${site.name}</sl-option>`)}
                </sl-select>`
              : nothing
          }
          <sl-radio-group label="Period" size="small" value=${String(this.days)} @sl-change=${this.setPeriod}>
            ${PERIODS.map((d) => html`<sl-radio-button value=${String(d)}>Last ${d} days</sl-radio-button>`)}
          </sl-radio-group>
        </div>
      </div>
      ${this.usageSection()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-home': HomeScreen;
  }
}
