/** Conversations and their messages, as the widget sees them. */
import { z } from 'zod';
import { ConversationId } from './ids.js';
import { LIMITS } from './limits.js';
import { plainText } from './text.js';

export const CreateConversationRequest = z.strictObject({}).meta({ id: 'CreateConversationRequest' });

export const CreateConversationResponse = z
  .strictObject({
    conversationId: ConversationId,
    createdAt: z.number().int(),
  })
  .meta({ id: 'CreateConversationResponse' });

export const ConversationSummary = z
  .strictObject({
    conversationId: ConversationId,
    createdAt: z.number().int(),
    lastMessageAt: z.number().int().nullable(),
    /** The start of the last message, at most 120 characters. */
    preview: z.string().nullable(),
    /** The start of the visitor's first question (what the conversation is about), at most 120 characters. */
    title: z.string().nullable(),
  })
  .meta({ id: 'ConversationSummary' });

export const ConversationList = z.strictObject({ items: z.array(ConversationSummary) }).meta({ id: 'ConversationList' });

export const SendMessageRequest = z
  .strictObject({ text: plainText(LIMITS.messageText, { multiline: true }) })
  .meta({ id: 'SendMessageRequest' });

export const MessageRole = z.enum(['user', 'bot']);

export const HistoryItem = z
  .strictObject({
    id: z.string(),
    role: MessageRole,
    text: z.string(),
    createdAt: z.number().int(),
  })
  .meta({ id: 'HistoryItem' });

export const History = z.strictObject({ items: z.array(HistoryItem) }).meta({ id: 'History' });

/** A visitor's rating of one of the bot's answers (a second rating replaces the first). */
export const FeedbackRequest = z
  .strictObject({
    rating: z.enum(['up', 'down']),
    /** Why, after a thumbs down (optional). */
    comment: plainText(500, { multiline: true }).optional(),
  })
  .meta({ id: 'FeedbackRequest' });

export const Feedback = z
  .strictObject({ rating: z.enum(['up', 'down']), comment: z.string().nullable(), updatedAt: z.number().int() })
  .meta({ id: 'Feedback' });
