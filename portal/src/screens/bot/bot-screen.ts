/**
 * <portal-bot>: the customer's bot(s): name, description and backstory (the instructions the bot
 * answers by). Editors and owners save; only changed fields are sent. Where the service does not
 * return a bot's backstory, the field starts empty and an empty field keeps the current one.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { dateTime } from '../../lib/format.js';
import { type FieldErrors, helpText, invalid, otherErrors } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';

/** A bot as the service answers it; `backstory` only where the service includes it. */
type BotWithBackstory = Wire.Bot & { backstory?: string | null };

interface BotForm {
  bot: BotWithBackstory;
  name: string;
  description: string;
  backstory: string;
  /** The backstory as last saved from here (or as the service gave it): not sent again unchanged. */
  savedBackstory: string;
  errors: FieldErrors;
  error: string;
  status: string;
  saving: boolean;
}

function formOf(bot: BotWithBackstory): BotForm {
  const backstory = bot.backstory ?? '';
  return {
    bot,
    name: bot.name ?? '',
    description: bot.description ?? '',
    backstory,
    savedBackstory: backstory,
    errors: {},
    error: '',
    status: '',
    saving: false,
  };
}

function changes(f: BotForm): Wire.UpdateBotRequest | null {
  const body: Wire.UpdateBotRequest = {};
  if (f.name.trim() !== (f.bot.name ?? '')) body.name = f.name.trim();
  if (f.description.trim() !== (f.bot.description ?? '')) body.description = f.description.trim();
  if (f.backstory.trim() && f.backstory.trim() !== f.savedBackstory.trim()) body.backstory = f.backstory.trim();
  return Object.keys(body).length ? body : null;
}

@customElement('portal-bot')
export class BotScreen extends SpaceScreen {
  static override styles = [
    shared,
    css`
      .form {
        max-inline-size: 52rem;
      }
      .facts {
        font-size: var(--sl-font-size-small);
      }
      sl-textarea.backstory::part(textarea) {
        font-family: var(--sl-font-mono);
        font-size: var(--sl-font-size-small);
      }
    `,
  ];

  /** `?improve=<question>`: arrived from a badly rated answer in a transcript. */
  @property({ attribute: false }) query = new URLSearchParams();
  @state() private forms: BotForm[] | null = null;
  @state() private error = '';

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('tenantId') && this.tenantId && this.access.role) void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.forms = (await this.ctx.api.bots(this.tenantId)).items.map(formOf);
    } catch (err) {
      this.error = problem(err, 'The bots could not be loaded');
    }
  }

  private patchForm(i: number, next: Partial<BotForm>): void {
    this.forms = this.forms!.map((f, j) => (j === i ? { ...f, ...next } : f));
  }

  /** A change typed into the form: the last save's note no longer applies. */
  private edit(i: number, next: Partial<BotForm>): void {
    this.patchForm(i, { ...next, status: '' });
  }

  private async save(i: number, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const f = this.forms![i]!;
    const body = changes(f);
    if (!body) {
      this.patchForm(i, { status: 'Nothing changed since the last save.' });
      this.ctx.announce(this.forms![i]!.status);
      return;
    }
    this.patchForm(i, { saving: true, errors: {}, error: '' });
    try {
      const bot: BotWithBackstory = await this.ctx.api.updateBot(this.tenantId, f.bot.id, body);
      const savedBackstory = bot.backstory ?? body.backstory ?? f.savedBackstory;
      this.patchForm(i, {
        bot,
        name: bot.name ?? '',
        description: bot.description ?? '',
        savedBackstory,
        status: 'Saved. The bot answers by it from the next message on.',
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request')
        this.patchForm(i, { errors: err.fieldErrors(), error: 'Not saved: some fields need a change.' });
      else this.patchForm(i, { error: problem(err, 'Not saved') });
    } finally {
      this.patchForm(i, { saving: false });
      const after = this.forms![i]!;
      this.ctx.announce(after.error || after.status);
    }
  }

  private botForm(f: BotForm, i: number) {
    const disabled = !this.access.canEdit;
    const e = f.errors;
    const others = otherErrors(e, ['name', 'description', 'backstory']);
    const knowsBackstory = f.bot.backstory !== undefined;
    const id = `bot-${i}`;
    return html`<section class="card" aria-labelledby=${id}>
      <h2 id=${id}>${f.bot.name ?? 'Unnamed bot'}</h2>
      <form class="form" @submit=${(ev: SubmitEvent) => this.save(i, ev)} novalidate>
        ${f.error ? html`<sl-alert variant="danger" open>${f.error}${others.map((m) => html`<br />${m}`)}</sl-alert>` : ''}
        <sl-input label="Name" .value=${f.name} ?disabled=${disabled} class=${invalid(e, 'name')}
          @sl-input=${(ev: Event) => this.edit(i, { name: (ev.target as HTMLInputElement).value })}>${helpText(e, 'name')}</sl-input>
        <sl-textarea label="Description" rows="2" resize="auto" .value=${f.description} ?disabled=${disabled} class=${invalid(e, 'description')}
          @sl-input=${(ev: Event) => this.edit(i, { description: (ev.target as HTMLTextAreaElement).value })}
          >${helpText(e, 'description', 'For your team: what this bot is for. Visitors do not see it.')}</sl-textarea>
        <sl-textarea class="backstory ${invalid(e, 'backstory')}" label="Backstory" rows="14" .value=${f.backstory} ?disabled=${disabled}
          placeholder=${knowsBackstory ? '' : 'Leave empty to keep the current backstory.'}
          @sl-input=${(ev: Event) => this.edit(i, { backstory: (ev.target as HTMLTextAreaElement).value })}
          >${helpText(
            e,
            'backstory',
            knowsBackstory
              ? 'What the bot knows and how it answers: your opening hours, prices, tone. Up to 20,000 characters.'
              : 'What the bot knows and how it answers (up to 20,000 characters). The current one is not shown here: leave this empty to keep it, or write the whole new one.',
          )}</sl-textarea>
        ${
          disabled
            ? ''
            : html`<div class="form-actions">
                <sl-button type="submit" variant="primary" ?loading=${f.saving}>Save the bot</sl-button>
                <span class="muted" role="status">${f.status}</span>
              </div>`
        }
      </form>
      <dl class="facts spaced">
        ${f.bot.model ? html`<dt>Model</dt><dd>${f.bot.model}</dd>` : ''}
        <dt>Created</dt>
        <dd>${dateTime(f.bot.createdAt)}</dd>
      </dl>
    </section>`;
  }

  override render() {
    if (!this.access.role) return this.notMember('Bot');
    const header = html`<div class="page-header"><h1 tabindex="-1">${this.forms && this.forms.length > 1 ? 'Bots' : 'Bot'}</h1></div>`;
    if (this.error) return html`${header}<sl-alert variant="danger" open>${this.error}</sl-alert>`;
    if (!this.forms) return html`${header}<p class="empty"><sl-spinner></sl-spinner> Loading…</p>`;
    if (!this.forms.length) return html`${header}<div class="card empty"><p>This customer has no bot yet.</p></div>`;
    const improve = this.query.get('improve');
    return html`${header}
      ${
        improve
          ? html`<sl-alert variant="primary" open class="improve">
              <strong>A visitor rated an answer down.</strong> They had asked: <q>${improve}</q> Add what the bot should know
              or say about it to the backstory below, then save: the next answer uses it.
            </sl-alert>`
          : ''
      }
      ${this.access.canEdit ? '' : this.readOnlyNote('You can read the bot’s settings, not change them: your role is viewer. Ask an editor or an owner.')}
      ${this.forms.map((f, i) => this.botForm(f, i))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-bot': BotScreen;
  }
}
