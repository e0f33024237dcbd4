/** Pieces of the <tessera-chat> template that need no element state: transcript contents, errors, icons. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { MESSAGE_TEXT_MAX } from '@tessera/protocol/limits';
import { hasCode, type ApiError, type WidgetErrorCode } from '../api/errors.js';
import type { ChatMessage, ChatPhase } from '../controllers/chat.controller.js';
import { fmt, plural, type Strings } from '../i18n/index.js';
import type * as Wire from '@tessera/protocol/types';
import { ARROW, CHECK, COPY, THUMB } from '../theme/icons.js';

/** The codes that say "too many, wait": their text tells when to retry (a stream error has no 429). */
const RATE_LIMITED: readonly WidgetErrorCode[] = ['rate_limited', 'quota_exceeded', 'too_many_streams', 'upstream_rate_limited'];

/** When each rate-limited error may be retried (epoch ms), counted from when it was first shown. */
const deadlines = new WeakMap<ApiError, number>();

/**
 * A rate-limited error's wait: when a retry may succeed, and the seconds it was (over 90 it is said
 * as a clock time rather than counted down); null for other errors.
 */
function waitOf(error: ApiError): [at: number, seconds: number] | null {
  if (!hasCode(error, RATE_LIMITED) && error.status !== 429) return null;
  const wait = error.retryAfter ?? 10;
  let at = deadlines.get(error);
  if (at === undefined) deadlines.set(error, (at = Date.now() + wait * 1000));
  return [at, wait];
}

/** What the visitor reads for an error: what happened and, when known, when to try again. */
export function errorText(error: ApiError, s: Strings, locale: string): string {
  const wait = waitOf(error);
  if (wait) {
    const left = wait[0] - Date.now();
    if (left <= 0) return s.retryNow;
    if (wait[1] <= 90) return plural(s.waitSeconds, Math.ceil(left / 1000), locale);
    return fmt(s.waitUntil, { time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(wait[0]) });
  }
  // Typed as the known codes, so a case that is not one fails to compile.
  switch (error.code as WidgetErrorCode) {
    case 'offline':
      return s.offline;
    case 'too_long':
      return plural(s.tooLong, MESSAGE_TEXT_MAX, locale);
    case 'stream_interrupted':
      return s.interrupted;
    case 'origin_not_allowed':
      return s.notEnabled;
    case 'site_not_found':
    case 'site_suspended':
    case 'network':
    case 'upstream_unavailable':
    case 'service_unavailable':
      return s.unavailable;
  }
  return s.failed;
}

export interface TranscriptView {
  s: Strings;
  locale: string;
  greeting: string;
  prompts: string[];
  messages: ChatMessage[];
  phase: ChatPhase;
  error: ApiError | null;
  /** The bot's face beside its messages: the site's avatar, or the title's first letter. */
  face: TemplateResult;
  /** The visitor's other conversations, on the welcome screen (latest first). */
  recent: readonly Wire.ConversationSummary[];
  onPrompt(text: string): void;
  onOpen(conversationId: string): void;
  onRetry(): void;
  onRate(m: ChatMessage, rating: 'up' | 'down', comment?: string): void;
  /** Render again in `ms` (0: no need): a rate limit's wait counts down while it is on screen. */
  wake(ms: number): void;
  /** Render again (a copy confirmation has ended). */
  refresh(): void;
}

/** Answers whose text was just copied (their button says so for a moment). */
const copied = new WeakSet<ChatMessage>();

/** A message's time, shown beside it on hover and focus (CSS, from `data-time`: not part of its text). */
function timeOf(m: ChatMessage, locale: string): string {
  const { at } = m;
  if (!at) return '';
  const day = new Date(at).toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(locale, day ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** "5 minutes ago", "yesterday": when a recent conversation last moved. */
function ago(at: number, locale: string): string {
  // In seconds, then in each next unit.
  let n = (at - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  for (const [unit, size] of [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
  ] as const) {
    if (Math.abs(n) < size) return rtf.format(unit === 'second' ? 0 : Math.round(n), unit);
    n /= size;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
}

/** Copy, then thumbs up and down under a complete answer; an optional comment after a thumbs down. */
function actions(m: ChatMessage, v: TranscriptView): TemplateResult {
  const { s } = v;
  const thumb = (rating: 'up' | 'down', label: string) =>
    html`<button class=${rating} part="feedback-button" aria-label=${label} title=${label} aria-pressed=${m.rating === rating}
      @click=${() => v.onRate(m, rating)}>${THUMB}</button>`;
  const done = copied.has(m);
  const copy = () =>
    void navigator.clipboard?.writeText(m.text).then(
      () => {
        copied.add(m);
        v.refresh();
        setTimeout(() => {
          copied.delete(m);
          v.refresh();
        }, 2000);
      },
      () => {},
    ); // refused (no permission): the button just does not say "Copied"
  return html`<div class="fb" part="feedback">
    <button class="copy-msg" part="copy-message-button" aria-label=${done ? s.copied : s.copyMessage} title=${s.copyMessage} @click=${copy}>${done ? CHECK : COPY}</button>
    ${thumb('up', s.helpful)}${thumb('down', s.notHelpful)}${
      m.rating === 'down' && !m.commented
        ? html`<form @submit=${(e: Event) => {
            e.preventDefault();
            v.onRate(m, 'down', ((e.target as HTMLFormElement)[0] as HTMLInputElement).value.trim());
          }}><input aria-label=${s.whatWrong} placeholder=${s.whatWrong} maxlength="500" /><button>${s.send}</button></form>`
        : nothing
    }</div>`;
}

/**
 * The welcome screen, while the conversation is empty: the greeting under the bot's face, the
 * starter prompts as cards, and the visitor's recent conversations to reopen.
 */
function welcome(v: TranscriptView): TemplateResult {
  const { s } = v;
  return html`<div class="welcome" part="welcome">
    <div class="hello">${v.face}<p class="greet" part="message bot-message greeting" dir="auto"><span class="sr">${s.bot} </span>${v.greeting}</p></div>
    ${
      v.prompts.length
        ? html`<div class="cards" part="starter-prompts">
          ${v.prompts.map((p) => html`<button part="starter-prompt" dir="auto" @click=${() => v.onPrompt(p)}>${p}</button>`)}
        </div>`
        : nothing
    }
    ${
      v.recent.length
        ? html`<section class="recent" part="recent-conversations" aria-labelledby="recent">
          <h3 id="recent">${s.recent}</h3>
          <ul>${v.recent.map(
            (c) => html`<li><button part="recent-conversation" @click=${() => v.onOpen(c.conversationId)}>
              <span class="preview" dir="auto">${c.title ?? c.preview ?? '…'}</span>
              <span class="ago">${ago(c.lastMessageAt ?? c.createdAt, v.locale)}</span>${ARROW}
            </button></li>`,
          )}</ul>
        </section>`
        : nothing
    }
  </div>`;
}

/** Welcome screen or messages, typing indicator and the error with its retry button. */
export function transcript(v: TranscriptView): TemplateResult {
  const { s } = v;
  const wait = v.error && waitOf(v.error);
  const left = wait ? wait[0] - Date.now() : 0;
  const counting = left > 0 && wait![1] <= 90;
  // The error is an alert, announced as it appears; once its countdown has moved it is not (a live
  // region would read every second out; a nested aria-live="off" does not stop Chromium's, whose
  // live root skips "off"). Retry stays focusable while it waits (aria-disabled), described by the
  // text that says how long.
  const moved = counting && Math.ceil(left / 1000) < Math.ceil(wait![1]);
  // The next second of the countdown, or the end of a wait said as a clock time.
  v.wake(left > 0 ? (counting ? left % 1000 || 1000 : left) : 0);
  const empty = !v.messages.length && v.phase === 'idle';
  return html`${
    empty
      ? welcome(v)
      : html`<div class="msg bot" part="message bot-message greeting">${v.face}<span class="sr">${s.bot} </span>${v.greeting}</div>
    ${v.messages.map((m) =>
      m.role === 'user'
        ? html`<div class="msg user" part="message user-message" data-time=${timeOf(m, v.locale)}><span class="sr">${s.you} </span><div dir="auto">${m.text}</div></div>`
        : html`<div class="msg bot" part="message bot-message" data-time=${timeOf(m, v.locale)}>
            ${v.face}<span class="sr">${s.bot} </span>${m.view?.el}${m.stopped ? html`<span class="note">${s.stopped}</span>` : nothing}
            ${m.id ? actions(m, v) : nothing}
          </div>`,
    )}`
  }
    ${
      v.phase === 'waiting' || v.phase === 'loading'
        ? html`<div class="msg bot typing" part="typing">${v.face}<span class="sr">${s.typing}</span><i></i><i></i><i></i></div>`
        : nothing
    }
    ${
      v.error
        ? html`<div class="err" part="error" role=${moved ? nothing : 'alert'}>
          <span id="error-text">${errorText(v.error, s, v.locale)}</span>
          ${
            v.error.retryable
              ? html`<button part="retry-button" aria-disabled=${left > 0} aria-describedby="error-text"
                  @click=${() => left > 0 || v.onRetry()}>${s.retry}</button>`
              : nothing
          }
        </div>`
        : nothing
    }`;
}

/** Milliseconds until a rate-limited error may be retried (0: not waiting): sending waits too. */
export function waitLeft(error: ApiError | null): number {
  const wait = error && waitOf(error);
  return wait ? Math.max(0, wait[0] - Date.now()) : 0;
}

export function imageUrl(url: string | undefined): string | undefined {
  return url && /^(https?:|data:image\/)/i.test(url) ? url : undefined;
}
