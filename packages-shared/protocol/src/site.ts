/** What a browser learns about a site: its public widget config. Nothing here is secret. */
import { z } from 'zod';
import { SiteKey } from './ids.js';
import { Locale, plainText } from './text.js';
import { Theme } from './theme.js';

export const LIMITS = {
  title: 80,
  greeting: 500,
  starterPrompts: 6,
  starterPrompt: 120,
  messageText: 4000,
  allowedOrigins: 50,
  name: 120,
  /** A session token is a few hundred bytes; anything far larger is rejected before verification. */
  token: 4096,
} as const;

export const StarterPrompts = z.array(plainText(LIMITS.starterPrompt)).max(LIMITS.starterPrompts);

export const SiteConfig = z.strictObject({
  siteKey: SiteKey,
  title: plainText(LIMITS.title),
  greeting: plainText(LIMITS.greeting, { multiline: true }).nullable(),
  starterPrompts: StarterPrompts,
  locale: Locale.nullable(),
  theme: Theme,
});
