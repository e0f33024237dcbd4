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
