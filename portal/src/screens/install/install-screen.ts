/**
 * <portal-install>: per site, the snippet to paste (with a copy button) and the installation check:
 * every origin the widget was loaded from, whether it is allowed, when it was first and last seen,
 * and how often. An origin the site refused can be allowed from here (editors and owners): the
 * site's allow-list as it stands plus that origin, sent whole, as the API replaces lists. Below,
 * the site's signed-in visitors (identity-panel.ts).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { dateTime, number, relativeTime } from '../../lib/format.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';
import './identity-panel.js';

interface SiteInstall {
  site: Wire.Site;
  status: Wire.InstallStatus | null;
  error: string;
}

@customElement('portal-install')
export class InstallScreen extends SpaceScreen {
  static override styles = [
    shared,
    copyFieldStyles,
    css`
      .site h2 {
        margin-block-end: var(--sl-spacing-medium);
      }
      h3 {
        font-size: var(--sl-font-size-medium);
        margin: var(--sl-spacing-large) 0 var(--sl-spacing-x-small);
      }
      .allowed {
        font-size: var(--sl-font-size-small);
      }
      .allowed code {
        margin-inline-end: var(--sl-spacing-x-small);
      }
      .not-seen {
        padding: var(--sl-spacing-large);
        border: 1px dashed var(--sl-color-neutral-300);
        border-radius: var(--sl-border-radius-large);
        text-align: center;
        color: var(--sl-color-neutral-700);
      }
      .nowrap {
        white-space: nowrap;
      }
      td.action {
        text-align: end;
      }
    `,
  ];

  @state() private installs: SiteInstall[] | null = null;
  @state() private error = '';
  /** The origin being allowed, `siteId origin`. */
  @state() private allowing = '';
  @state() private rowErrors: Record<string, string> = {};

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId && this.access.role) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      const sites = (await this.ctx.api.sites(this.tenantId)).items;
      this.installs = await Promise.all(sites.map((site) => this.check(site)));
    } catch (err) {
      this.error = problem(err, 'The sites could not be loaded');
    }
  }

  private async check(site: Wire.Site): Promise<SiteInstall> {
    try {
      return { site, status: await this.ctx.api.install(this.tenantId, site.id), error: '' };
    } catch (err) {
      return { site, status: null, error: problem(err, 'The installation check could not be loaded') };
    }
  }

  private async allow(entry: SiteInstall, origin: string): Promise<void> {
    const key = `${entry.site.id} ${origin}`;
    this.allowing = key;
    this.rowErrors = { ...this.rowErrors, [key]: '' };
    try {
      const current = entry.status?.allowedOrigins ?? entry.site.allowedOrigins;
      const site = await this.ctx.api.updateSite(this.tenantId, entry.site.id, { allowedOrigins: [...current, origin] });
      const next = await this.check(site);
      this.installs = this.installs!.map((i) => (i.site.id === site.id ? next : i));
      this.ctx.announce(`${origin} is allowed now: the chat works on its pages.`);
    } catch (err) {
      const message = problem(err, `${origin} was not allowed`);
      this.rowErrors = { ...this.rowErrors, [key]: message };
      this.ctx.announce(message);
    } finally {
      this.allowing = '';
    }
  }

  private originRow(entry: SiteInstall, o: Wire.SeenOrigin) {
    const key = `${entry.site.id} ${o.origin}`;
    const error = this.rowErrors[key];
    return html`<tr>
      <th scope="row"><code>${o.origin}</code>${error ? html`<div class="field-error" role="alert">${error}</div>` : ''}</th>
      <td>${o.allowed ? html`<sl-badge variant="success">Allowed</sl-badge>` : html`<sl-badge variant="danger">Refused</sl-badge>`}</td>
      <td class="nowrap"><time datetime=${new Date(o.firstSeenAt).toISOString()} title=${dateTime(o.firstSeenAt)}>${relativeTime(o.firstSeenAt)}</time></td>
      <td class="nowrap"><time datetime=${new Date(o.lastSeenAt).toISOString()} title=${dateTime(o.lastSeenAt)}>${relativeTime(o.lastSeenAt)}</time></td>
      <td class="num">${number(o.loads)}</td>
      <td class="action">
        ${
          !o.allowed && this.access.canEdit
            ? html`<sl-button size="small" ?loading=${this.allowing === key} ?disabled=${!!this.allowing && this.allowing !== key}
                @click=${() => this.allow(entry, o.origin)}>Allow this origin<span class="visually-hidden"> ${o.origin}</span></sl-button>`
            : ''
        }
      </td>
    </tr>`;
  }

  private seen(entry: SiteInstall) {
    const status = entry.status!;
    if (!status.origins.length) {
      return html`<p class="not-seen">Not seen yet: paste the snippet into your pages. Each page that loads the chat shows up here.</p>`;
    }
    const refused = status.origins.some((o) => !o.allowed);
    return html`<div class="table-wrap" role="region" aria-label="Where the chat of ${entry.site.name} was loaded" tabindex="0">
        <table>
          <thead>
            <tr>
              <th scope="col">Origin</th>
              <th scope="col">Allowed</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col" class="num">Loads</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${status.origins.map((o) => this.originRow(entry, o))}
          </tbody>
        </table>
      </div>
      ${refused && !this.access.canEdit ? this.readOnlyNote('The chat does not open on refused origins. An editor or an owner can allow them.') : ''}`;
  }

  private siteCard(entry: SiteInstall) {
    const { site, status } = entry;
    const allowed = status?.allowedOrigins ?? site.allowedOrigins;
    return html`<section class="card site" aria-labelledby="site-${site.id}">
      <h2 id="site-${site.id}">${site.name}</h2>
      ${copyField('Embed snippet', status?.embedSnippet ?? site.embedSnippet, { block: true })}
      <p class="muted">Paste it before <code>&lt;/body&gt;</code> on every page that should show the chat.</p>
      <p class="allowed">
        Allowed origins: ${allowed.map((o) => html`<code>${o}</code>`)}
        <a href=${href(`/t/${encodeURIComponent(this.tenantId)}/widget`, { site: site.id })}>Change<span class="visually-hidden"> the allowed origins of ${site.name}</span></a>
      </p>
      <h3>Installation check</h3>
      ${entry.error ? html`<sl-alert variant="danger" open>${entry.error}</sl-alert>` : status ? this.seen(entry) : ''}
      <portal-identity .ctx=${this.ctx} .tenantId=${this.tenantId} .site=${site} .access=${this.access}></portal-identity>
    </section>`;
  }

  override render() {
    if (!this.access.role) return this.notMember('Install');
    const header = html`<div class="page-header"><h1 tabindex="-1">Install</h1>
      <sl-button size="small" @click=${() => this.load()}>Check again</sl-button></div>`;
    if (this.error) return html`${header}<sl-alert variant="danger" open>${this.error}</sl-alert>`;
    if (!this.installs) return html`${header}<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`;
    if (!this.installs.length) return html`${header}<div class="card empty"><p>This customer has no site yet.</p></div>`;
    return html`${header}${this.installs.map((i) => this.siteCard(i))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-install': InstallScreen;
  }
}
