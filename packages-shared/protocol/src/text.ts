/** Bounded human text: no NUL or other control characters (newlines and tabs only where allowed). */
import { z } from 'zod';

// C0 controls except \t \n \r, DEL, C1 controls, and lone surrogates are never meaningful in chat text.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;

export function plainText(max: number, opts: { multiline?: boolean; min?: number } = {}) {
  const control = opts.multiline ? CONTROL_MULTILINE : CONTROL_SINGLE_LINE;
  return z
    .string()
    .trim()
    .min(opts.min ?? 1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((v) => !control.test(v), { message: 'must not contain control characters' })
    .refine((v) => v.isWellFormed(), { message: 'must be well-formed Unicode' });
}

/** BCP 47-ish language tag, e.g. `en`, `de-CH`, `ar`. */
export const Locale = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/, { message: 'must be a language tag like en or de-CH' });
