/**
 * <portal-transcript>: one conversation, every message in order (visitor and bot, with times), and
 * its facts (a signed-in visitor's name, else their user id, and their email when the site sent one). Editors and owners can delete it (after a confirmation), which returns to the inbox.
 * Texts are shown as plain text (never as HTML).
 *
 * A long conversation renders a few messages at first and the rest a chunk per animation frame,
 * so no main-thread task grows with its length: in one task, 200 messages took 130 ms (65 ms of
 * CPU in layout alone) on the bench's machine (`pnpm bench transcript`).
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/spinner/spinner.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { outcomeBadge } from '../../components/outcome-badge.js';
import { userLabel } from '../inbox/user-label.js';
import { dateTime, number } from '../../lib/format.js';
import { href } from '../../router/router.js';
import { shared } from '../../styles/shared.js';
import { problem, SpaceScreen } from '../space/space-screen.js';

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
/**
 * Messages rendered with the rest of the screen, then in each animation frame after it (a chunk
 * took 6-8 ms of main-thread time on the bench's machine).
 */
const FIRST = 5;
const CHUNK = 15;

@customElement('portal-transcript')
export class TranscriptScreen extends SpaceScreen {
  static override styles = [
    shared,
    css`
      .back {
        display: inline-block;
        margin-block-end: var(--sl-spacing-small);
        font-size: var(--sl-font-size-small);
      }
      dl.facts {
        grid-template-columns: max-content minmax(0, 1fr);
      }
      /* Block flow, not grids: a chunk added at the end lays out only itself (a grid, every message). */
      ol.messages {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .message {
        max-inline-size: min(44rem, 88%);
      }
      .message + .message {
        margin-block-start: var(--sl-spacing-medium);
      }
      .message.user {
        inline-size: fit-content;
        margin-inline-start: auto;
      }
      .meta {
        display: block;
        margin-block-end: var(--sl-spacing-3x-small);
        font-size: var(--sl-font-size-x-small);
        color: var(--sl-color-neutral-600);
      }
      .user .meta {
        text-align: end;
      }
      .feedback {
        margin: calc(var(--sl-spacing-3x-small) + var(--sl-spacing-2x-small)) 0 0;
        font-size: var(--sl-font-size-small);
        color: var(--sl-color-neutral-700);
      }
      .feedback.down {
        color: var(--sl-color-danger-700);
      }
      .feedback .improve {
        display: inline-block;
        margin-block-start: var(--sl-spacing-2x-small);
      }
      .feedback q {
        display: block;
        margin-block-start: var(--sl-spacing-3x-small);
        font-style: italic;
      }
      .bubble {
        padding: var(--sl-spacing-small) var(--sl-spacing-medium);
        border-radius: var(--sl-border-radius-large);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        line-height: var(--sl-line-height-normal);
      }
      .bot .bubble {
        background: var(--sl-color-neutral-100);
        border-start-start-radius: var(--sl-border-radius-small);
      }
      .user .bubble {
        background: var(--sl-color-primary-600);
        color: var(--sl-color-neutral-0);
        border-start-end-radius: var(--sl-border-radius-small);
      }
    `,
  ];

  @property() conversationId = '';
  @state() private transcript: Wire.Transcript | null = null;
  /** How many of the transcript's messages are rendered so far. */
  @state() private shown = 0;
  private nextChunk = 0;
  @state() private error = '';
  @state() private confirming = false;
  @state() private deleting = false;
  @state() private deleteError = '';

  private get inbox(): string {
    return `/t/${encodeURIComponent(this.tenantId)}/conversations`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('tenantId') || changed.has('conversationId')) && this.tenantId && this.access.role) void this.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.transcript) this.showRest(this.transcript);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.nextChunk);
  }

  private async load(): Promise<void> {
    this.error = '';
    cancelAnimationFrame(this.nextChunk);
    try {
      const transcript = await this.ctx.api.conversation(this.tenantId, this.conversationId);
      this.transcript = transcript;
      this.shown = Math.min(FIRST, transcript.items.length);
      this.showRest(transcript);
    } catch (err) {
      this.error = problem(err, 'The conversation could not be loaded');
      this.ctx.announce(this.error);
    }
  }

  private async deleteIt(): Promise<void> {
    this.deleting = true;
    this.deleteError = '';
    try {
      await this.ctx.api.deleteConversation(this.tenantId, this.conversationId);
      this.confirming = false;
      this.ctx.announce('The conversation is deleted.');
      this.ctx.router.navigate(this.inbox);
    } catch (err) {
      this.deleteError = problem(err, 'The conversation was not deleted');
      this.ctx.announce(this.deleteError);
    } finally {
      this.deleting = false;
    }
  }

  /** One more chunk each animation frame, until every message of `transcript` is rendered. */
  private showRest(transcript: Wire.Transcript): void {
    if (this.shown >= transcript.items.length) return;
    this.nextChunk = requestAnimationFrame(() => {
      if (this.transcript !== transcript) return;
      this.shown = Math.min(this.shown + CHUNK, transcript.items.length);
      this.showRest(transcript);
    });
  }

  /** The visitor's question that the answer at `at` answered (the user message just before it). */
  private questionBefore(at: number): string | undefined {
    const items = this.transcript?.items ?? [];
    for (let i = at - 1; i >= 0; i--) if (items[i]!.role === 'user') return items[i]!.text;
    return undefined;
  }

  private message(m: Wire.TranscriptMessage, at: number) {
    const who = m.role === 'user' ? 'Visitor' : 'Bot';
    return html`<li class="message ${m.role}">
      <span class="meta">${who} · <time datetime=${new Date(m.createdAt).toISOString()} title=${dateTime(m.createdAt)}>${timeOnly.format(m.createdAt)}</time></span>
      <div class="bubble">${m.text}</div>
      ${
        m.feedback
          ? html`<p class="feedback ${m.feedback.rating}">
              ${m.feedback.rating === 'up' ? 'The visitor found this helpful.' : 'The visitor rated this answer down.'}
              ${m.feedback.comment ? html`<q>${m.feedback.comment}</q>` : ''}
              ${
                m.feedback.rating === 'down' && this.access.canEdit
                  ? html`<a class="improve" href=${href(`/t/${encodeURIComponent(this.tenantId)}/bot?improve=${encodeURIComponent(this.questionBefore(at) ?? '')}`)}
                      >Improve this answer in the bot's backstory</a>`
                  : ''
              }
            </p>`
          : ''
      }
    </li>`;
  }

  override render() {
    if (!this.access.role) return this.notMember('Conversation');
    const back = html`<a class="back" href=${href(this.inbox)}>← All conversations</a>`;
    if (this.error) {
      return html`${back}<div class="page-header"><h1 tabindex="-1">Conversation</h1></div>
        <sl-alert variant="danger" open>${this.error}</sl-alert>`;
    }
    const t = this.transcript;
    if (!t) return html`${back}<p class="empty"><sl-spinner></sl-spinner> Loading the conversation…</p>`;
    const c = t.conversation;
    const canDelete = this.access.canEdit;
    const user = c.user;
    const inboxOfUser = user ? `${this.inbox}?user=${encodeURIComponent(user.subject)}` : '';
    return html`${back}
      <div class="page-header">
        <h1 tabindex="-1">${user ? `Conversation with ${userLabel(user)}, ${dateTime(c.createdAt)}` : `Conversation of ${dateTime(c.createdAt)}`}</h1>
        ${
          canDelete
            ? html`<div class="actions"><sl-button variant="danger" outline @click=${() => (this.confirming = true)}>Delete</sl-button></div>`
            : ''
        }
      </div>
      <section class="card" aria-label="About this conversation">
        <dl class="facts">
          <dt>Site</dt>
          <dd>${c.siteName}</dd>
          ${
            user
              ? html`<dt>User</dt>
                  <dd>${userLabel(user)}${user.name !== null ? html` <code>${user.subject}</code>` : ''}
                    · <a href=${href(inboxOfUser)}>All their conversations</a></dd>
                  ${user.email ? html`<dt>Email</dt><dd><a href=${`mailto:${user.email}`}>${user.email}</a></dd>` : ''}`
              : ''
          }
          <dt>Visitor</dt>
          <dd><code>${c.visitorId}</code></dd>
          <dt>Messages</dt>
          <dd>${number(c.messages)}</dd>
          <dt>Outcome</dt>
          <dd>${outcomeBadge(c.outcome, c.ratedDown)}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="messages-h">
        <h2 id="messages-h">Messages</h2>
        ${
          t.items.length
            ? html`<ol class="messages" aria-busy=${this.shown < t.items.length ? 'true' : 'false'}>
                ${t.items.slice(0, this.shown).map((m, at) => this.message(m, at))}
              </ol>`
            : html`<p class="muted">This conversation has no messages.</p>`
        }
      </section>
      ${canDelete ? '' : this.readOnlyNote('Only editors and owners can delete a conversation.')}
      <sl-dialog label="Delete this conversation?" ?open=${this.confirming}
        @sl-after-hide=${(e: Event) => e.target === e.currentTarget && ((this.confirming = false))}>
        <p>Every message of it is deleted for good. This cannot be undone.</p>
        ${this.deleteError ? html`<p class="field-error" role="alert">${this.deleteError}</p>` : ''}
        <sl-button slot="footer" @click=${() => (this.confirming = false)}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" ?loading=${this.deleting} @click=${this.deleteIt}>Delete</sl-button>
      </sl-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-transcript': TranscriptScreen;
  }
}
