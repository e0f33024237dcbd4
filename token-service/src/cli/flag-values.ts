/**
 * Reading flag values into request fields. What the CLI can check without the service (origins,
 * the theme's JSON, numbers, the status) is checked here, so a mistake is a usage error (exit 2)
 * and costs no call.
 */
import type { Schemas } from '@tessera/admin-client';
import { normalizeOrigin } from '@tessera/protocol';
import { type Flags, UsageError } from './parse.js';

export const str = (f: Flags, name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
export const list = (f: Flags, name: string) => (Array.isArray(f[name]) ? (f[name] as string[]) : undefined);

export function quota(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError('--messages-per-day must be a whole number or "none"');
  return n;
}

export function status(value: string | undefined): 'active' | 'suspended' | undefined {
  if (value === undefined || value === 'active' || value === 'suspended') return value;
  throw new UsageError(`--status must be "active" or "suspended", not "${value}"`);
}

/** An example of each flag that takes a JSON object (a merge patch of that part of the site). */
const JSON_EXAMPLES = {
  theme: `'{"accentColor":"#0f766e","radius":12}'`,
  translations: `'{"fr":{"greeting":"Bonjour !"}}'`,
};

/** `--theme` or `--translations` as a JSON object; anything else (an array, null, not JSON) is a usage mistake. */
export function jsonObject(flag: keyof typeof JSON_EXAMPLES, value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const example = JSON_EXAMPLES[flag];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`--${flag} is not JSON: give an object such as ${example}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--${flag} must be a JSON object such as ${example}, not ${value}`);
  }
  return parsed as Record<string, unknown>;
}

export function origins(f: Flags): string[] | undefined {
  const values = list(f, 'origin');
  const bad = values?.find((o) => normalizeOrigin(o) === null);
  if (bad) throw new UsageError(`--origin ${bad}: must be an origin like https://shop.example (no path)`);
  return values;
}

export function backstory(flags: Flags, files: Record<string, string>): string | undefined {
  if (flags.backstory !== undefined && files['backstory-file'] !== undefined) {
    throw new UsageError('give --backstory or --backstory-file, not both');
  }
  return files['backstory-file'] ?? str(flags, 'backstory');
}

/** The texts a site shows; `none` clears the subtitle, the greeting or the locale. */
export function texts(f: Flags) {
  const title = str(f, 'title');
  const subtitle = str(f, 'subtitle');
  const greeting = str(f, 'greeting');
  const prompts = list(f, 'prompt');
  const locale = str(f, 'locale');
  return {
    ...(title !== undefined ? { title } : {}),
    ...(subtitle !== undefined ? { subtitle: subtitle === 'none' ? null : subtitle } : {}),
    ...(greeting !== undefined ? { greeting: greeting === 'none' ? null : greeting } : {}),
    ...(prompts ? { starterPrompts: prompts } : {}),
    ...(locale !== undefined ? { locale: locale === 'none' ? null : locale } : {}),
  };
}

/** `--identity-required` / `--identity-adopt`: yes or no. */
function yesNo(f: Flags, name: string): boolean | undefined {
  const value = str(f, name);
  if (value === undefined) return undefined;
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  throw new UsageError(`--${name} must be "yes" or "no", not "${value}"`);
}

/** `--grace`: seconds a rotated-out identity secret keeps verifying. */
export function graceSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 604_800)
    throw new UsageError('--grace must be whole seconds from 0 to 604800 (7 days)');
  return n;
}

export function identityAlg(value: string | undefined): 'EdDSA' | 'ES256' | undefined {
  if (value === undefined || value === 'EdDSA' || value === 'ES256') return value;
  throw new UsageError(`--alg must be "EdDSA" or "ES256", not "${value}"`);
}

export function siteFields(f: Flags): Schemas['UpdateSiteRequest'] {
  const name = str(f, 'name');
  const identityRequired = yesNo(f, 'identity-required');
  const identityAdopt = yesNo(f, 'identity-adopt');
  const allowedOrigins = origins(f);
  const botId = str(f, 'bot');
  const t = jsonObject('theme', str(f, 'theme'));
  const translations = jsonObject('translations', str(f, 'translations'));
  return {
    ...(name !== undefined ? { name } : {}),
    ...(allowedOrigins ? { allowedOrigins } : {}),
    ...(botId !== undefined ? { botId } : {}),
    ...texts(f),
    ...(t ? { theme: t as Schemas['ThemePatch'] } : {}),
    ...(translations ? { translations: translations as Schemas['TranslationsPatch'] } : {}),
    ...(identityRequired !== undefined ? { identityRequired } : {}),
    ...(identityAdopt !== undefined ? { identityAdopt } : {}),
  };
}
