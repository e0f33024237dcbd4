/**
 * <portal-onboard>: a new customer in one form (tenant, bot, site and, optionally, the first
 * member's invite), all created or none. On success: the site key, the snippet and the invite link.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/icon-button/icon-button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiError } from '../../api/client.js';
import { copyField, copyFieldStyles } from '../../components/copy-field.js';
import { type FieldErrors, helpText, invalid, otherErrors } from '../../lib/forms.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';

interface Draft {
  name: string;
  quota: string;
  origins: { key: number; value: string }[];
  title: string;
  greeting: string;
  botName: string;
  backstory: string;
  ownerEmail: string;
}

const FIELDS = [
  'tenant.name',
  'tenant.quotas.messagesPerDay',
  'site.allowedOrigins',
  'site.title',
  'site.greeting',
  'bot.name',
  'bot.backstory',
  'owner.email',
];

@customElement('portal-onboard')
export class OnboardScreen extends ScreenElement {
  static override styles = [
    shared,
    copyFieldStyles,
    css`
      fieldset {
        border: 1px solid var(--sl-color-neutral-200);
        border-radius: var(--sl-border-radius-large);
        background: var(--sl-color-neutral-0);
        padding: var(--sl-spacing-large);
        margin: 0;
        display: grid;
        gap: var(--sl-spacing-medium);
        min-inline-size: 0;
      }
      legend {
        font-weight: var(--sl-font-weight-semibold);
        padding-inline: var(--sl-spacing-x-small);
      }
      .origin {
        margin-block-end: var(--sl-spacing-small);
        display: flex;
        gap: var(--sl-spacing-x-small);
        align-items: flex-start;
      }
      .origin sl-input {
        flex: 1;
      }
      .origin sl-icon-button {
        margin-block-start: 1.6rem;
        font-size: 1.1rem;
      }
      .origins-label {
        font-size: var(--sl-input-label-font-size-medium);
        margin-block-end: var(--sl-spacing-3x-small);
      }
      .success h2 {
        margin-block-end: var(--sl-spacing-large);
      }
    `,
  ];

  @state() private draft: Draft = {
    name: '',
    quota: '',
    origins: [{ key: 0, value: '' }],
    title: '',
    greeting: '',
    botName: '',
    backstory: '',
    ownerEmail: '',
  };
  @state() private errors: FieldErrors = {};
  @state() private error = '';
  @state() private busy = false;
  @state() private result: Wire.OnboardCustomer | null = null;
  private nextKey = 1;

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft = { ...this.draft, [key]: value };
  }

  private input(key: Exclude<keyof Draft, 'origins'>) {
    return (event: Event) => this.set(key, (event.target as HTMLInputElement).value);
  }

  private setOrigin(key: number, value: string): void {
    this.set(
      'origins',
      this.draft.origins.map((o) => (o.key === key ? { key, value } : o)),
    );
  }

  private async addOrigin(): Promise<void> {
    this.set('origins', [...this.draft.origins, { key: this.nextKey++, value: '' }]);
    await this.updateComplete;
    [...this.renderRoot.querySelectorAll<HTMLElement>('.origin sl-input')].at(-1)?.focus();
  }

  private request(): Wire.OnboardCustomerRequest {
    const d = this.draft;
    const origins = d.origins.map((o) => o.value.trim()).filter(Boolean);
    const quota = d.quota.trim();
    return {
      tenant: { name: d.name.trim(), ...(quota ? { quotas: { messagesPerDay: Number(quota) } } : {}) },
      bot: { ...(d.botName.trim() ? { name: d.botName.trim() } : {}), ...(d.backstory.trim() ? { backstory: d.backstory } : {}) },
      site: {
        allowedOrigins: origins,
        ...(d.title.trim() ? { title: d.title.trim() } : {}),
        ...(d.greeting.trim() ? { greeting: d.greeting } : {}),
      },
      ...(d.ownerEmail.trim() ? { owner: { email: d.ownerEmail.trim() } } : {}),
    };
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.error = '';
    this.errors = {};
    try {
      this.result = await this.ctx.api.onboard(this.request());
      this.ctx.announce(`${this.result.tenant.name} is onboarded.`);
      await this.focusHeading();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') {
        this.errors = err.fieldErrors();
        this.error = 'Some fields need a change before the customer can be onboarded.';
      } else this.error = (err as Error).message;
      this.ctx.announce(this.error);
    } finally {
      this.busy = false;
    }
  }

  /** Origin errors come as `site.allowedOrigins.2` (after blank lines are dropped): map them back to the inputs. */
  private originError(index: number): string | undefined {
    const filled = this.draft.origins.map((o, i) => [i, o.value.trim()] as const).filter(([, v]) => v);
    const wireIndex = filled.findIndex(([i]) => i === index);
    return wireIndex >= 0 ? this.errors[`site.allowedOrigins.${wireIndex}`] : undefined;
  }

  private originsShown(): string[] {
    return Object.keys(this.errors).filter((k) => k.startsWith('site.allowedOrigins.'));
  }

  private success(r: Wire.OnboardCustomer) {
    return html`<div class="page-header">
        <h1 tabindex="-1">${r.tenant.name} is onboarded</h1>
        <div class="actions">
          <sl-button variant="primary" href=${href(`/customers/${encodeURIComponent(r.tenant.id)}`)}>Open the customer</sl-button>
          <sl-button @click=${() => this.reset()}>Onboard another</sl-button>
        </div>
      </div>
      <section class="card success" aria-labelledby="site-h">
        <h2 id="site-h">Their site</h2>
        ${copyField('Site key', r.site.siteKey)} ${copyField('Embed snippet', r.site.embedSnippet, { block: true })}
        <p class="muted">The customer pastes the snippet into every page of ${r.site.allowedOrigins.join(', ')}.</p>
      </section>
      <section class="card" aria-labelledby="invite-h">
        <h2 id="invite-h">First member</h2>
        ${
          r.invite?.existingAccount
            ? html`<p>${r.invite.email} already has an account: they see this customer the next time they sign in.</p>`
            : r.invite
              ? html`${copyField(`Invite link for ${r.invite.email}`, r.invite.inviteUrl)}
                <p class="muted">Send it to them: it works once and expires ${new Date(r.invite.expiresAt).toLocaleDateString()}.</p>`
              : html`<p class="muted">No member was invited. Invite one from the customer's page.</p>`
        }
      </section>`;
  }

  private reset(): void {
    this.result = null;
    this.draft = {
      name: '',
      quota: '',
      origins: [{ key: this.nextKey++, value: '' }],
      title: '',
      greeting: '',
      botName: '',
      backstory: '',
      ownerEmail: '',
    };
    void this.focusHeading();
  }

  override render() {
    if (this.result) return this.success(this.result);
    const d = this.draft;
    const e = this.errors;
    const others = otherErrors(e, [...FIELDS, ...this.originsShown()]);
    return html`<div class="page-header"><h1 tabindex="-1">Onboard a customer</h1></div>
      <form class="form" @submit=${this.submit} novalidate>
        ${this.error ? html`<sl-alert variant="danger" open>${this.error}${others.map((m) => html`<br />${m}`)}</sl-alert>` : ''}
        <fieldset>
          <legend>Customer</legend>
          <sl-input label="Customer name" required .value=${d.name} @sl-input=${this.input('name')} class=${invalid(e, 'tenant.name')}
            >${helpText(e, 'tenant.name')}</sl-input>
          <sl-input label="Daily message quota (optional)" type="number" min="0" inputmode="numeric" .value=${d.quota}
            @sl-input=${this.input('quota')} class=${invalid(e, 'tenant.quotas.messagesPerDay')}
            >${helpText(e, 'tenant.quotas.messagesPerDay', 'Visitor messages per day across their sites. Empty: no quota.')}</sl-input>
        </fieldset>
        <fieldset>
          <legend>Site</legend>
          <div role="group" aria-labelledby="origins-label">
            <div class="origins-label" id="origins-label">Allowed origins</div>
            ${repeat(
              d.origins,
              (o) => o.key,
              (o, i) => {
                const error = this.originError(i);
                return html`<div class="origin">
                  <sl-input label="Origin ${i + 1}" placeholder="https://www.example.com" inputmode="url" .value=${o.value}
                    class=${error ? 'invalid' : ''} @sl-input=${(ev: Event) => this.setOrigin(o.key, (ev.target as HTMLInputElement).value)}
                    >${error ? html`<div slot="help-text" class="field-error">${error}</div>` : ''}</sl-input>
                  ${
                    d.origins.length > 1
                      ? html`<sl-icon-button name="x-lg" label="Remove origin ${i + 1}" @click=${() =>
                          this.set(
                            'origins',
                            d.origins.filter((x) => x.key !== o.key),
                          )}></sl-icon-button>`
                      : ''
                  }
                </div>`;
              },
            )}
            ${e['site.allowedOrigins'] ? html`<p class="field-error">${e['site.allowedOrigins']}</p>` : ''}
            <sl-button size="small" @click=${this.addOrigin}>Add an origin</sl-button>
          </div>
          <sl-input label="Chat title (optional)" .value=${d.title} @sl-input=${this.input('title')} class=${invalid(e, 'site.title')}
            >${helpText(e, 'site.title', 'Shown in the chat header. Default: the customer name.')}</sl-input>
          <sl-textarea label="Greeting (optional)" rows="2" .value=${d.greeting} @sl-input=${this.input('greeting')} class=${invalid(e, 'site.greeting')}
            >${helpText(e, 'site.greeting', 'The first message a visitor sees.')}</sl-textarea>
        </fieldset>
        <fieldset>
          <legend>Bot</legend>
          <sl-input label="Bot name (optional)" .value=${d.botName} @sl-input=${this.input('botName')} class=${invalid(e, 'bot.name')}
            >${helpText(e, 'bot.name', 'Default: "<customer name> assistant".')}</sl-input>
          <sl-textarea label="Backstory" rows="6" resize="auto" .value=${d.backstory} @sl-input=${this.input('backstory')} class=${invalid(e, 'bot.backstory')}
            >${helpText(e, 'bot.backstory', 'What the bot knows and how it answers: the business, its hours, its tone.')}</sl-textarea>
        </fieldset>
        <fieldset>
          <legend>First member (optional)</legend>
          <sl-input label="Email" type="email" autocomplete="off" .value=${d.ownerEmail} @sl-input=${this.input('ownerEmail')} class=${invalid(e, 'owner.email')}
            >${helpText(e, 'owner.email', 'They get an owner invite link, shown after onboarding, to send them.')}</sl-input>
        </fieldset>
        <div class="form-actions">
          <sl-button type="submit" variant="primary" ?loading=${this.busy}>Onboard</sl-button>
          <sl-button href=${href('/customers')}>Cancel</sl-button>
        </div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-onboard': OnboardScreen;
  }
}
