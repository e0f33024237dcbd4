/**
 * The widget form's state and what to save. The draft holds the form as typed; `sitePatch` turns
 * it into a JSON merge patch (RFC 7396) of what differs from the site as last saved, and nothing
 * else: a theme setting the customer never set stays unset (the widget's default keeps following
 * the visitor's color scheme), one they cleared is sent as null. Lists are sent whole (the API
 * replaces them), without their empty rows; `sentIndex` maps the service's `allowedOrigins.N`
 * back to the row the person sees.
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

export interface Draft {
  title: string;
  greeting: string;
  starterPrompts: string[];
  /** '' for automatic (the page's language, then the browser's). */
  locale: string;
  allowedOrigins: string[];
  theme: ThemeDraft;
}

export function draftOf(site: Wire.Site): Draft {
  const theme = Object.fromEntries(
    THEME_KEYS.map((k) => [k, site.theme[k] === undefined ? '' : String(site.theme[k])]),
  ) as ThemeDraft;
  return {
    title: site.title,
    greeting: site.greeting ?? '',
    starterPrompts: [...site.starterPrompts],
    locale: site.locale ?? '',
    allowedOrigins: [...site.allowedOrigins],
    theme,
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

/** What changed since `site` was saved, as a merge patch; null when nothing did. */
export function sitePatch(site: Wire.Site, draft: Draft): SitePatch | null {
  const patch: SitePatch = {};
  const title = draft.title.trim();
  if (title !== site.title) patch.title = title;
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
  return Object.keys(patch).length ? patch : null;
}

/**
 * The service's issues by draft field: `allowedOrigins.2` of the sent list becomes the row it came
 * from, `theme.radius` stays as is. Issues with no field of the form are kept under their own path.
 */
export function fieldErrors(issues: Record<string, string>, draft: Draft): Record<string, string> {
  const rows = { allowedOrigins: listOut(draft.allowedOrigins).rowOf, starterPrompts: listOut(draft.starterPrompts).rowOf };
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    const m = /^(allowedOrigins|starterPrompts)\.(\d+)$/.exec(path);
    const key = m ? `${m[1]}.${rows[m[1] as keyof typeof rows][Number(m[2])] ?? m[2]}` : path;
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}
