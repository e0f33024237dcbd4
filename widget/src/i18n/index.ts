/**
 * The panel's side of i18n: its words in the visitor's language, plural forms, string formatting.
 * English comes with the panel; the element loads the visitor's other language beside the panel
 * (load.ts) and keeps it (`words`), so the panel reads it synchronously on every render.
 */
import { isRtl, type Locale, pickLocale } from './locale.js';
import en from './locales/en.js';
import type { Plural, Strings } from './strings.js';

export type { Locale, Plural, Strings };
export { isRtl, pickLocale };

/** What the panel's words need of the element (TesseraChat). */
export interface Speaker {
  /** The visitor's language first. */
  readonly language: readonly [Locale, ...unknown[]];
  /** The words loaded so far, by language. */
  readonly words: Partial<Record<Locale, Strings>>;
  /** Load the words of `locale`; the element updates once they are in. */
  loadWords(locale: Locale): Promise<void>;
}

/**
 * The words in the element's language: loaded with the panel, so English here only for a language
 * chosen after the panel came (the site's config arrived later) until its words are in, or when
 * they failed to load.
 */
export function stringsFor(host: Speaker): Strings {
  const [locale] = host.language;
  const words = locale === 'en' ? en : host.words[locale];
  if (!words) void host.loadWords(locale);
  return words ?? en;
}

/** `forms` for the count `n` in `locale` (`{n}` the number as the locale writes it). */
export function plural(forms: Plural, n: number, locale: string): string {
  const text = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
  return text.replace('{n}', new Intl.NumberFormat(locale).format(n));
}

/** Fill `{name}` placeholders. */
export function fmt(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
