/**
 * Locale choice (the element's, the tenant config's, the page's `lang`, the browser's), the site's
 * texts for it, and string formatting.
 */
import { LOCALES, type Locale, type Strings } from './strings.js';

export type { Locale, Strings };
export { isRtl, pickLocale } from './locale.js';

export const stringsFor = (locale: Locale): Strings => LOCALES[locale];

/** Fill `{name}` placeholders. */
export function fmt(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
