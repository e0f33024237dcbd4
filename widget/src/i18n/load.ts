/**
 * The panel's words in a language other than English: a module of their own per language, which
 * the element loads beside the panel for the visitors who speak it. For bundlers these are chunks;
 * the script-tag build replaces this module (vite.config.ts, localesFromService) with imports of the
 * files the panel's build emitted (`widget-locale-<tag>.<hash>.js`), served beside widget.js.
 */
import type { Locale } from './locale.js';
import type { Strings } from './strings.js';

const MODULES: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Strings }>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  it: () => import('./locales/it.js'),
  pt: () => import('./locales/pt.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  sv: () => import('./locales/sv.js'),
  tr: () => import('./locales/tr.js'),
  ru: () => import('./locales/ru.js'),
  uk: () => import('./locales/uk.js'),
  ar: () => import('./locales/ar.js'),
  he: () => import('./locales/he.js'),
  hi: () => import('./locales/hi.js'),
  ja: () => import('./locales/ja.js'),
  zh: () => import('./locales/zh.js'),
  ko: () => import('./locales/ko.js'),
  id: () => import('./locales/id.js'),
  vi: () => import('./locales/vi.js'),
};

export const loadLocale = (_serviceUrl: string, locale: Exclude<Locale, 'en'>): Promise<Strings> =>
  MODULES[locale]().then((m) => m.default);
