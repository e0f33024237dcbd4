/** Pieces of the <tessera-chat> template that need no element state: transcript contents, errors, icons. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { MESSAGE_TEXT_MAX } from '@tessera/protocol/limits';
import { hasCode, type ApiError, type WidgetErrorCode } from '../api/errors.js';
import type { ChatMessage, ChatPhase } from '../controllers/chat.controller.js';
import { fmt, type Strings } from '../i18n/index.js';
import { THUMB } from '../theme/icons.js';

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
    if (wait[1] <= 90) return fmt(s.waitSeconds, { n: Math.ceil(left / 1000) });
    return fmt(s.waitUntil, { time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(wait[0]) });
  }
  // Typed as the known codes, so a case that is not one fails to compile.
  switch (error.code as WidgetErrorCode) {
    case 'offline':
      return s.offline;
    case 'too_long':
      return fmt(s.tooLong, { n: MESSAGE_TEXT_MAX });
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
  onPrompt(text: string): void;
  onRetry(): void;
  onRate(m: ChatMessage, rating: 'up' | 'down', comment?: string): void;
  /** Render again in `ms` (0: no need): a rate limit's wait counts down while it is on screen. */
  wake(ms: number): void;
}

/** Thumbs up and down under a complete answer, then an optional comment after a thumbs down. */
function feedback(m: ChatMessage, v: TranscriptView): TemplateResult {
  const { s } = v;
  const thumb = (rating: 'up' | 'down', label: string) =>
    html`<button class=${rating} part="feedback-button" aria-label=${label} aria-pressed=${m.rating === rating}
      @click=${() => v.onRate(m, rating)}>${THUMB}</button>`;
  return html`<div class="fb" part="feedback">${thumb('up', s.helpful)}${thumb('down', s.notHelpful)}${
    m.rating === 'down' && !m.commented
      ? html`<form @submit=${(e: Event) => {
          e.preventDefault();
          v.onRate(m, 'down', ((e.target as HTMLFormElement)[0] as HTMLInputElement).value.trim());
        }}><input aria-label=${s.whatWrong} placeholder=${s.whatWrong} maxlength="500" /><button>${s.send}</button></form>`
      : nothing
  }</div>`;
}

/** Greeting, starter prompts, messages, typing indicator and the error with its retry button. */
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
  return html`<div class="msg bot" part="message bot-message greeting"><span class="sr">${s.bot} </span>${v.greeting}</div>
    ${
      v.prompts.length
        ? html`<div class="chips" part="starter-prompts">
          ${v.prompts.map((p) => html`<button part="starter-prompt" @click=${() => v.onPrompt(p)}>${p}</button>`)}
        </div>`
        : nothing
    }
    ${v.messages.map((m) =>
      m.role === 'user'
        ? html`<div class="msg user" part="message user-message"><span class="sr">${s.you} </span><div dir="auto">${m.text}</div></div>`
        : html`<div class="msg bot" part="message bot-message">
            <span class="sr">${s.bot} </span>${m.view?.el}${m.stopped ? html`<span class="note">${s.stopped}</span>` : nothing}
            ${m.id ? feedback(m, v) : nothing}
          </div>`,
    )}
    ${
      v.phase === 'waiting' || v.phase === 'loading'
        ? html`<div class="msg bot typing" part="typing"><span class="sr">${s.typing}</span><i></i><i></i><i></i></div>`
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

export function imageUrl(url: string | undefined): string | undefined {
  return url && /^(https?:|data:image\/)/i.test(url) ? url : undefined;
}
