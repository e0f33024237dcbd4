/**
 * The protocol's limits and groups of codes, with no run-time dependency: the widget imports this
 * module (`@tessera/protocol/limits`) and `./codes` instead of copying numbers or code lists, and
 * neither pulls zod into its bundle. The zod schemas build on the same constants.
 */
import type { ErrorCode } from './codes.js';

/** The longest visitor message, in characters (its own export, so a bundle can take it without LIMITS). */
export const MESSAGE_TEXT_MAX = 4000;

export const LIMITS = {
  title: 80,
  /** The line under the title in the widget's header (e.g. "AI assistant · answers instantly"). */
  subtitle: 80,
  greeting: 500,
  starterPrompts: 6,
  starterPrompt: 120,
  /** Languages a site may give its own texts in (`translations`). */
  translations: 20,
  messageText: MESSAGE_TEXT_MAX,
  allowedOrigins: 50,
  name: 120,
  /** A session token is a few hundred bytes; anything far larger is rejected before verification. */
  token: 4096,
} as const;

/** Why an answer ended, as the `done` event says (ChatBotKit's reasons, or `unknown`). */
export const FINISH_REASONS = ['stop', 'length', 'activity', 'abort', 'error', 'iteration', 'unknown'] as const;

/** Errors after which chat cannot work on this page at all: the widget says chat is not enabled. */
export const SITE_UNAVAILABLE_CODES = [
  'origin_not_allowed',
  'site_not_found',
  'site_suspended',
] as const satisfies readonly ErrorCode[];

/** Session-token errors that a renewed token cures (renew once, then retry the call). */
export const TOKEN_RENEWABLE_CODES = ['token_missing', 'token_invalid', 'token_expired'] as const satisfies readonly ErrorCode[];
