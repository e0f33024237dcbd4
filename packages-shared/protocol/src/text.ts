/** Bounded human text: no NUL or other control characters (newlines and tabs only where allowed). */
import { z } from 'zod';

// C0 controls except \t \n \r, DEL, C1 controls, and lone surrogates are never meaningful in chat text.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Characters that make displayed text read differently from what it is: the bidirectional
 * embeddings, overrides and isolates (U+202A-202E, U+2066-2069; "Trojan Source") and invisible
 * zero-width characters (U+200B, U+2060-2064, U+FEFF, U+180E). ZWNJ and ZWJ (U+200C, U+200D) stay
 * allowed: Persian, Indic scripts and emoji sequences need them.
 */
const MISLEADING = /[\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u180E]/;

export function plainText(max: number, opts: { multiline?: boolean; min?: number; display?: boolean } = {}) {
  const control = opts.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE;
  const text = z
    .string()
    .trim()
    .min(opts.min ?? 1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` }) // check: text-max-length
    .refine((v) => !control.test(v), { message: 'must not contain control characters' }) // check: text-control-chars
    .refine((v) => v.isWellFormed(), { message: 'must be well-formed Unicode' });
  return opts.display
    ? text.refine((v) => !MISLEADING.test(v), { message: 'must not contain invisible or text-direction control characters' }) // check: display-text-misleading
    : text;
}

/** Text a person reads as a label (names, titles, greetings, starter prompts): no misleading characters. */
export function displayText(max: number, opts: { multiline?: boolean } = {}) {
  return plainText(max, { ...opts, display: true });
}

/** The shape of a BCP 47-ish language tag (for schemas that name it, such as a record's keys). */
export const LOCALE_PATTERN = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;

/** BCP 47-ish language tag, e.g. `en`, `de-CH`, `ar`. */
export const Locale = z.string().regex(LOCALE_PATTERN, { message: 'must be a language tag like en or de-CH' });
