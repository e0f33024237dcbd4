/** Locale choice (tenant config, else the page's `lang`, else the browser) and string formatting. */
import { LOCALES, type Locale, type Strings } from './strings.js';

export type { Locale, Strings };

/** The first candidate whose language we have (`de-CH` → `de`); English when none matches. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const tag of candidates) {
    const lang = tag?.toLowerCase().split(/[-_]/)[0];
    if (lang && Object.hasOwn(LOCALES, lang)) return lang as Locale;
  }
  return 'en';
}

export const stringsFor = (locale: Locale): Strings => LOCALES[locale];

export const isRtl = (locale: Locale): boolean => locale === 'ar';

/** Fill `{name}` placeholders. */
export function fmt(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
