/**
 * <portal-widget>: a site's chat settings (title, subtitle, greeting, starter prompts, per language
 * too; interface language, allowed origins, theme) beside a live preview of the real widget with the
 * unsaved values, in the language whose texts are edited. Save sends a JSON merge patch of only
 * what the person changed (see draft.ts); a refused save keeps every value typed and puts each of
 * the service's messages beside its field (showing the language it is about). Viewers see the form
 * disabled but may look at every language. With several sites, the site is chosen at the top (and
 * kept in the URL).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import './widget-preview.js';
import { LIMITS } from '@tessera/protocol/limits';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { type FieldErrors, helpText, invalid, otherErrors } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';
import { type Draft, draftOf, fieldErrors, sitePatch, THEME_KEYS, type ThemeKey } from './draft.js';
import { LanguageEditor } from './language-editor.js';
import { listField, listFieldStyles } from './list-field.js';
import { textPath, textsFieldStyles } from './texts-fields.js';
import { LAUNCHER_ICONS, themeFields, themeFieldStyles } from './theme-fields.js';
import { widgetStyles } from './widget-screen.styles.js';

const LOCALES: [string, string][] = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['ar', 'العربية (Arabic)'],
];
const AUTO = 'auto';

/** Every field the form shows an error beside (the texts of the language edited), so no other error is dropped. */
function shownPaths(d: Draft, editing: string): string[] {
  const prompts = textPath(editing, 'starterPrompts');
  const rows = editing ? d.translations[editing]!.starterPrompts : d.starterPrompts;
  return [
    textPath(editing, 'title'),
    textPath(editing, 'subtitle'),
    textPath(editing, 'greeting'),
    prompts,
    ...rows.map((_, i) => `${prompts}.${i}`),
    'locale',
    'allowedOrigins',
    ...d.allowedOrigins.map((_, i) => `allowedOrigins.${i}`),
    ...THEME_KEYS.map((k) => `theme.${k}`),
  ];
}

@customElement('portal-widget')
export class WidgetScreen extends SpaceScreen {
  static override styles = [shared, listFieldStyles, themeFieldStyles, textsFieldStyles, widgetStyles];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private sites: Wire.Site[] | null = null;
  @state() private site: Wire.Site | null = null;
  @state() private draft: Draft | null = null;
  @state() private launcherImage = false;
  @state() private errors: FieldErrors = {};
  @state() private error = '';
  @state() private status = '';
  @state() private saving = false;
  private readonly languages = new LanguageEditor(this, {
    draft: () => this.draft!,
    change: (next) => this.change(next),
    announce: (text) => this.ctx.announce(text),
  });

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId && this.access.role) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.sites = (await this.ctx.api.sites(this.tenantId)).items;
      const wanted = this.query.get('site');
      this.pick(this.sites.find((s) => s.id === wanted) ?? this.sites[0] ?? null);
    } catch (err) {
      this.error = problem(err, 'The sites could not be loaded');
    }
  }

  private pick(site: Wire.Site | null): void {
    this.languages.keep(site, site?.id === this.site?.id);
    this.site = site;
    this.draft = site ? draftOf(site) : null;
    const icon = site?.theme.launcherIcon;
    this.launcherImage = !!icon && !(LAUNCHER_ICONS as readonly string[]).includes(icon);
    this.errors = {};
    this.status = '';
    if (site && this.sites && this.sites.length > 1) this.ctx.router.setQuery({ site: site.id });
  }

  private change(next: Partial<Draft>): void {
    this.draft = { ...this.draft!, ...next };
    this.status = '';
  }

  private setTheme = (key: ThemeKey, value: string): void => {
    this.change({ theme: { ...this.draft!.theme, [key]: value } });
  };

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const site = this.site;
    const draft = this.draft;
    if (!site || !draft || !this.access.canEdit) return;
    const patch = sitePatch(site, draft);
    if (!patch) {
      this.status = 'Nothing changed since the last save.';
      this.ctx.announce(this.status);
      return;
    }
    this.saving = true;
    this.errors = {};
    this.error = '';
    try {
      const saved = await this.ctx.api.updateSite(this.tenantId, site.id, patch);
      this.sites = this.sites!.map((s) => (s.id === saved.id ? saved : s));
      this.pick(saved);
      this.status = 'Saved. Visitors see it on their next page load.';
      this.ctx.announce(this.status);
    } catch (err) {
      // The draft stays as typed: nothing is lost, and each message goes beside its field.
      if (err instanceof ApiError && err.code === 'invalid_request') {
        this.errors = fieldErrors(err.fieldErrors(), draft);
        this.error = 'Not saved: some fields need a change.';
        const language = this.languages.showIssues(this.errors, draft);
        if (language) this.error = `Not saved: some fields need a change (the ${language} texts).`;
        // Take the person to the first field to fix (the alert is at the top, the button at the bottom).
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.invalid')?.focus());
      } else this.error = problem(err, 'Not saved');
      this.ctx.announce(`${this.error} ${Object.values(this.errors).join(' ')}`);
    } finally {
      this.saving = false;
    }
  }

  private discard(): void {
    this.pick(this.site);
    this.ctx.announce('Changes discarded.');
  }

  private textFields(d: Draft, disabled: boolean) {
    const e = this.errors;
    const locales =
      d.locale && !LOCALES.some(([v]) => v === d.locale) ? [...LOCALES, [d.locale, d.locale] as [string, string]] : LOCALES;
    return html`<fieldset>
      <legend>Texts</legend>
      ${this.languages.fields(d, e, disabled)}
      <sl-select label="Interface language" .value=${d.locale || AUTO} ?disabled=${disabled} class=${invalid(e, 'locale')}
        @sl-change=${(ev: Event) => {
          const v = (ev.target as HTMLSelectElement).value;
          this.change({ locale: v === AUTO ? '' : v });
        }}>
        <sl-option value=${AUTO}>Automatic (the page’s, else the browser’s)</sl-option>
        ${locales.map(([v, label]) => html`<sl-option value=${v}>${label}</sl-option>`)}
        ${helpText(e, 'locale', 'The language of the widget’s own buttons and messages.')}
      </sl-select>
      ${this.languages.dialogs(d)}
    </fieldset>`;
  }

  private form(d: Draft) {
    const disabled = !this.access.canEdit;
    const e = this.errors;
    const others = otherErrors(e, shownPaths(d, this.languages.editing));
    const dirty = !!(this.site && sitePatch(this.site, d));
    return html`<form @submit=${this.save} novalidate aria-label="Widget settings">
      ${disabled ? this.readOnlyNote('You can see these settings but not change them: your role is viewer. Ask an editor or an owner.') : ''}
      ${this.error ? html`<sl-alert variant="danger" open>${this.error}${others.map((m) => html`<br />${m}`)}</sl-alert>` : ''}
      ${this.textFields(d, disabled)}
      <fieldset>
        <legend>Where it runs</legend>
        ${listField({
          name: 'allowedOrigins',
          label: 'Allowed origins',
          hint: 'The sites whose pages may show the chat, like https://www.example.com (no path). The Install page shows where it was loaded from.',
          itemLabel: (i) => `Origin ${i + 1}`,
          rows: d.allowedOrigins,
          errors: e,
          max: LIMITS.allowedOrigins,
          min: 1,
          disabled,
          placeholder: 'https://www.example.com',
          inputmode: 'url',
          addLabel: 'Add an origin',
          onChange: (rows) => this.change({ allowedOrigins: rows }),
        })}
      </fieldset>
      <fieldset>
        <legend>Look</legend>
        ${themeFields({
          theme: d.theme,
          errors: e,
          disabled,
          launcherImage: this.launcherImage,
          set: this.setTheme,
          setLauncherImage: (on) => (this.launcherImage = on),
        })}
      </fieldset>
      ${
        disabled
          ? ''
          : html`<div class="save-bar">
              <sl-button type="submit" variant="primary" ?loading=${this.saving}>Save changes</sl-button>
              <sl-button ?disabled=${!dirty || this.saving} @click=${this.discard}>Discard changes</sl-button>
              <span class="status" role="status">${this.status || (dirty ? 'Unsaved changes.' : '')}</span>
            </div>`
      }
    </form>`;
  }

  override render() {
    if (!this.access.role) return this.notMember('Widget');
    const sites = this.sites;
    const header = html`<div class="page-header">
      <h1 tabindex="-1">Widget</h1>
      ${
        sites && sites.length > 1
          ? html`<sl-select class="site-picker" label="Site" .value=${this.site?.id ?? ''}
              @sl-change=${(e: Event) => this.pick(sites.find((s) => s.id === (e.target as HTMLSelectElement).value) ?? null)}>
              ${sites.map((s) => html`<sl-option value=${s.id}>${s.name}</sl-option>`)}
            </sl-select>`
          : ''
      }
    </div>`;
    if (this.error && !sites) return html`${header}<sl-alert variant="danger" open>${this.error}</sl-alert>`;
    if (!sites) return html`${header}<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`;
    if (!this.site || !this.draft) return html`${header}<div class="card empty"><p>This customer has no site yet.</p></div>`;
    return html`${header}
      <div class="layout">
        ${this.form(this.draft)}
        <section class="card preview" aria-labelledby="preview-h">
          <h2 id="preview-h">Preview</h2>
          <p class="muted">With your unsaved changes. To chat, use it on your own site.</p>
          <portal-widget-preview .siteKey=${this.site.siteKey} .draft=${this.draft} .language=${this.languages.editing}></portal-widget-preview>
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-widget': WidgetScreen;
  }
}
