/**
 * The customer's own space in the portal (and the same data in the admin API): the conversations
 * inbox and transcripts, the installation check, widget and bot settings.
 */
import { z } from 'zod';
import { UpdateSiteRequest, UsageQuery } from './admin.js';
import { Feedback } from './conversation.js';
import { IDENTITY_CLAIM_LIMITS, IdentityUser } from './identity.js';
import { ConversationId, SiteId, SiteKey, VisitorId } from './ids.js';
import { displayText, plainText } from './text.js';
import { LIMITS } from './limits.js';

/** How a conversation's last answer ended. */
export const CONVERSATION_OUTCOMES = ['answered', 'interrupted', 'error'] as const;

const Day = UsageQuery.shape.from.unwrap();

/** Keyset cursor of the inbox (opaque to callers; the service checks it). */
const Cursor = z.string().regex(/^[0-9]{1,16}\.cv_[0-9A-Za-z]{22}$/, { message: 'must be the `next` of a page' });

const SearchText = z
  .string()
  .max(100)
  .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), { message: 'must not contain control characters' });

export const InboxQuery = z
  .strictObject({
    siteId: SiteId.optional(),
    /** UTC days, inclusive: conversations started from..to. */
    from: Day.optional(),
    to: Day.optional(),
    outcome: z.enum([...CONVERSATION_OUTCOMES, 'rated_down']).optional(),
    /** Searches the first question and the last message. */
    q: SearchText.optional(),
    /** Only this signed-in user's conversations (their `subject`, exact). */
    user: z
      .string()
      .min(1)
      .max(IDENTITY_CLAIM_LIMITS.subject)
      .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), { message: 'must not contain control characters' })
      .optional(),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .meta({ id: 'InboxQuery' });

export const InboxItem = z
  .strictObject({
    id: ConversationId,
    siteId: SiteId,
    siteName: z.string(),
    visitorId: VisitorId,
    /** The signed-in user behind the visitor, or null for an anonymous visitor. */
    user: IdentityUser.nullable(),
    createdAt: z.number().int(),
    lastMessageAt: z.number().int().nullable(),
    /** Messages sent and answered (visitor and bot), as the service counted them. */
    messages: z.number().int(),
    outcome: z.enum(CONVERSATION_OUTCOMES).nullable(),
    /** At least one answer was rated down by the visitor. */
    ratedDown: z.boolean(),
    /** The visitor's first question. */
    firstQuestion: z.string().nullable(),
    /** The last message's start. */
    preview: z.string().nullable(),
  })
  .meta({ id: 'InboxItem' });

export const InboxPage = z.strictObject({ items: z.array(InboxItem), next: z.string().nullable() }).meta({ id: 'InboxPage' });

export const TranscriptMessage = z
  .strictObject({
    id: z.string(),
    role: z.enum(['user', 'bot']),
    text: z.string(),
    createdAt: z.number().int(),
    /** The visitor's rating of this answer, if any. */
    feedback: Feedback.nullable(),
  })
  .meta({ id: 'TranscriptMessage' });

export const Transcript = z
  .strictObject({ conversation: InboxItem, items: z.array(TranscriptMessage) })
  .meta({ id: 'Transcript' });

export const ExportQuery = z
  .strictObject({ from: Day, to: Day, format: z.enum(['csv', 'json']).default('csv') })
  .meta({ id: 'ExportQuery' });

/** Where a site's widget was loaded from, as the service saw it. */
export const SeenOrigin = z
  .strictObject({
    origin: z.string(),
    /** On the site's allow-list now. */
    allowed: z.boolean(),
    firstSeenAt: z.number().int(),
    lastSeenAt: z.number().int(),
    loads: z.number().int(),
  })
  .meta({ id: 'SeenOrigin' });

export const InstallStatus = z
  .strictObject({
    siteId: SiteId,
    siteKey: SiteKey,
    embedSnippet: z.string(),
    allowedOrigins: z.array(z.string()),
    /** Most recently seen first. */
    origins: z.array(SeenOrigin),
  })
  .meta({ id: 'InstallStatus' });

export const UpdateBotRequest = z
  .strictObject({
    name: displayText(LIMITS.name).optional(),
    description: plainText(1000, { multiline: true }).optional(),
    backstory: plainText(20_000, { multiline: true }).optional(),
  })
  .meta({ id: 'UpdateBotRequest' });

/** What a customer's editors may change of a site in the portal (not its status or its bot: the partner's). */
export const UpdateWidgetRequest = UpdateSiteRequest.pick({
  allowedOrigins: true,
  theme: true,
  title: true,
  subtitle: true,
  greeting: true,
  starterPrompts: true,
  locale: true,
  translations: true,
  identityRequired: true,
  identityAdopt: true,
}).meta({ id: 'UpdateWidgetRequest' });
