/**
 * Identifier shapes. Every id the service hands out is a prefix plus 22 base62 characters
 * (~131 bits of randomness); anything else is rejected before it reaches a query or an upstream URL.
 */
import { z } from 'zod';

export const ID_PREFIXES = {
  tenant: 'tn',
  site: 'st',
  siteKey: 'pk',
  visitor: 'vi',
  conversation: 'cv',
  account: 'ac',
  member: 'mb',
  passkey: 'pw',
  identityKey: 'ik',
  answer: 'an',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export const ID_BODY_LENGTH = 22;

export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-Za-z]{${ID_BODY_LENGTH}}$`);
}

const idSchema = (kind: IdKind) =>
  z.string().regex(idPattern(kind), { message: `must be a ${kind} id (${ID_PREFIXES[kind]}_…)` });

export const TenantId = idSchema('tenant');
export const AnswerId = idSchema('answer');
export const SiteId = idSchema('site');
export const SiteKey = idSchema('siteKey');
export const VisitorId = idSchema('visitor');
export const ConversationId = idSchema('conversation');
export const AccountId = idSchema('account');
export const MemberId = idSchema('member');
export const PasskeyId = idSchema('passkey');

/** Ids minted by ChatBotKit (bots, messages) are opaque; we only bound their alphabet and length. */
export const UpstreamId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, { message: 'must be an id of 1-64 letters, digits, _ or -' });
