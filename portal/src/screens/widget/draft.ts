/**
 * The widget form's state and what to save. The draft holds the form as typed; `sitePatch` turns
 * it into a JSON merge patch (RFC 7396) of what differs from the site as last saved, and nothing
 * else: a theme setting the customer never set stays unset (the widget's default keeps following
 * the visitor's color scheme), one they cleared is sent as null. Lists are sent whole (the API
 * replaces them), without their empty rows; `fieldErrors` maps the service's `allowedOrigins.N`
 * back to the row the person sees. The texts per language are a merge patch of their own: a language
 * removed is sent as null, a text emptied as null (the default one shows again), and only the texts
 * of a language that changed are named.
 */
import type * as Wire from '@tessera/protocol/types';
import type { SitePatch } from '../../api/portal-api.js';

export const THEME_KEYS = [
  'accentColor',
  'backgroundColor',
  'textColor',
  'radius',
  'density',
  'fontFamily',
  'colorScheme',
  'position',
  'launcherIcon',
  'avatarUrl',
] as const satisfies readonly (keyof Wire.Theme)[];
export type ThemeKey = (typeof THEME_KEYS)[number];

/** Theme settings as typed: a string per setting, '' for "the widget's default". */
export type ThemeDraft = Record<ThemeKey, string>;

/** One language's texts as typed; '' (or no prompt) for "the default text". */
export interface TextsDraft {
  title: string;
  /** The line under the title in the widget's header. */
  subtitle: string;
  greeting: string;
  starterPrompts: string[];
}

export interface Draft extends TextsDraft {
  /** '' for automatic (the page's language, then the browser's). */
  locale: string;
  allowedOrigins: string[];
  theme: ThemeDraft;
  /** By lower-case language tag, in the order the languages were added. */
  translations: Record<string, TextsDraft>;
}

const textsDraft = (t: Wire.SiteTexts): TextsDraft => ({
  title: t.title ?? '',
  subtitle: t.subtitle ?? '',
  greeting: t.greeting ?? '',
  starterPrompts: [...(t.starterPrompts ?? [])],
});

/** A language just added: every text is the default one. */
export const emptyTexts = (): TextsDraft => ({ title: '', subtitle: '', greeting: '', starterPrompts: [] });

export function draftOf(site: Wire.Site): Draft {
  const theme = Object.fromEntries(
    THEME_KEYS.map((k) => [k, site.theme[k] === undefined ? '' : String(site.theme[k])]),
  ) as ThemeDraft;
  return {
    title: site.title,
    subtitle: site.subtitle ?? '',
    greeting: site.greeting ?? '',
    starterPrompts: [...site.starterPrompts],
    locale: site.locale ?? '',
    allowedOrigins: [...site.allowedOrigins],
    theme,
    translations: Object.fromEntries(Object.entries(site.translations).map(([tag, t]) => [tag, textsDraft(t)])),
  };
}

/** The non-empty rows of a list, trimmed, with the draft row each came from. */
export function listOut(rows: readonly string[]): { values: string[]; rowOf: number[] } {
  const values: string[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    if (r.trim()) {
      values.push(r.trim());
      rowOf.push(i);
    }
  });
  return { values, rowOf };
}

/** A theme setting's value as the API takes it (radius is a number; an unparsable one is sent as typed, for the service to explain). */
function themeValue(key: ThemeKey, raw: string): string | number | undefined {
  const v = raw.trim();
  if (!v) return undefined;
  if (key === 'radius') return /^\d+$/.test(v) ? Number(v) : v;
  return v;
}

/** The theme as the draft stands, for the live preview: only settings that hold a value. */
export function draftTheme(draft: Draft): Partial<Wire.Theme> {
  const out: Record<string, unknown> = {};
  for (const k of THEME_KEYS) {
    const v = themeValue(k, draft.theme[k]);
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<Wire.Theme>;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** One language's texts as the API keeps them: the texts typed, without the empty ones. */
export function textsOut(d: TextsDraft): Wire.SiteTexts {
  const out: Wire.SiteTexts = {};
  if (d.title.trim()) out.title = d.title.trim();
  if (d.subtitle.trim()) out.subtitle = d.subtitle.trim();
  if (d.greeting.trim()) out.greeting = d.greeting.trim();
  const prompts = listOut(d.starterPrompts).values;
  if (prompts.length) out.starterPrompts = prompts;
  return out;
}

/** The texts per language that changed, as a merge patch; null when none did. */
function translationsPatch(saved: Wire.Translations, drafts: Record<string, TextsDraft>): Wire.TranslationsPatch | null {
  const patch: Record<string, Record<string, unknown> | null> = {};
  for (const tag of Object.keys(saved)) if (!(tag in drafts)) patch[tag] = null;
  for (const [tag, draft] of Object.entries(drafts)) {
    const after = textsOut(draft);
    const before = saved[tag];
    if (!before) {
      patch[tag] = after;
      continue;
    }
    const texts: Record<string, unknown> = {};
    if (after.title !== before.title) texts.title = after.title ?? null;
    if (after.subtitle !== before.subtitle) texts.subtitle = after.subtitle ?? null;
    if (after.greeting !== before.greeting) texts.greeting = after.greeting ?? null;
    if (!same(after.starterPrompts ?? [], before.starterPrompts ?? [])) texts.starterPrompts = after.starterPrompts ?? null;
    if (Object.keys(texts).length) patch[tag] = texts;
  }
  return Object.keys(patch).length ? (patch as Wire.TranslationsPatch) : null;
}

/** What changed since `site` was saved, as a merge patch; null when nothing did. */
export function sitePatch(site: Wire.Site, draft: Draft): SitePatch | null {
  const patch: SitePatch = {};
  const title = draft.title.trim();
  if (title !== site.title) patch.title = title;
  const subtitle = draft.subtitle.trim() || null;
  if (subtitle !== (site.subtitle ?? null)) patch.subtitle = subtitle;
  const greeting = draft.greeting.trim() || null;
  if (greeting !== (site.greeting ?? null)) patch.greeting = greeting;
  const prompts = listOut(draft.starterPrompts).values;
  if (!same(prompts, site.starterPrompts)) patch.starterPrompts = prompts;
  const locale = draft.locale.trim() || null;
  if (locale !== (site.locale ?? null)) patch.locale = locale;
  const origins = listOut(draft.allowedOrigins).values;
  if (!same(origins, site.allowedOrigins)) patch.allowedOrigins = origins;
  const theme: Record<string, unknown> = {};
  for (const k of THEME_KEYS) {
    const after = themeValue(k, draft.theme[k]);
    if (after !== site.theme[k]) theme[k] = after ?? null;
  }
  if (Object.keys(theme).length) patch.theme = theme as Wire.ThemePatch;
  const translations = translationsPatch(site.translations, draft.translations);
  if (translations) patch.translations = translations;
  return Object.keys(patch).length ? patch : null;
}

/**
 * The service's issues by draft field: `allowedOrigins.2` of the sent list becomes the row it came
 * from (so does `translations.fr.starterPrompts.2`), `theme.radius` stays as is. Issues with no
 * field of the form are kept under their own path.
 */
export function fieldErrors(issues: Record<string, string>, draft: Draft): Record<string, string> {
  const rowsOf = (list: string): number[] => {
    const t = /^translations\.([^.]+)\.starterPrompts$/.exec(list);
    const rows = t ? draft.translations[t[1]!]?.starterPrompts : draft[list as 'allowedOrigins' | 'starterPrompts'];
    return listOut(rows ?? []).rowOf;
  };
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    const m = /^(allowedOrigins|starterPrompts|translations\.[^.]+\.starterPrompts)\.(\d+)$/.exec(path);
    const key = m ? `${m[1]}.${rowsOf(m[1]!)[Number(m[2])] ?? m[2]}` : path;
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}

/** The language whose texts an issue is about (`translations.fr.greeting` → `fr`), else null. */
export function languageOf(path: string): string | null {
  return /^translations\.([^.]+)\./.exec(path)?.[1] ?? null;
}
