/**
 * Conversation message routes (doc §7.1): list (default order ASC, unlike every other list),
 * create and fetch, upvote and downvote, plus the helpers the conversation and complete routes use
 * to store messages. Votes (`POST …/message/{mid}/upvote|downvote`, doc §2's end-user route list):
 * the body is `{value?: number}` and the answer `{id}`, as @chatbotkit/sdk's
 * conversation/message/v1.js sends and types them (it sends `value: 100` unless told otherwise).
 */
import { badRequest, notAuthorized, notFound } from '../http/errors.js';
import { listResponse } from '../http/list-response.js';
import { isPlainObject, read, validateBody } from '../http/validate.js';
import { MESSAGE_TYPES } from '../types.js';
import { OBJECT, STRING, findOwned } from './shared.js';
import type { RouteContext, RouteDef } from '../http/router.js';
import type { Store } from '../store/store.js';
import type { ConversationRecord, Json, JsonObject, MessageRecord, MessageType } from '../types.js';

export interface MessageInput {
  type: MessageType;
  text: string;
  meta: JsonObject | null;
}

const isMessageType = (value: unknown): value is MessageType =>
  typeof value === 'string' && (MESSAGE_TYPES as readonly string[]).includes(value);

/** Validate a `messages` array of {type, text, meta?}; throws 400 with a Joi-like message. */
export function readMessages(value: Json | undefined, name = 'messages'): MessageInput[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`"${name}" must be an array`);
  return value.map((item, index) => {
    const at = `${name}[${index}]`;
    if (!isPlainObject(item)) throw badRequest(`"${at}" must be of type object`);
    if (!isMessageType(item['type'])) throw badRequest(`"${at}.type" must be one of [${MESSAGE_TYPES.join(', ')}]`);
    if (typeof item['text'] !== 'string') throw badRequest(`"${at}.text" must be a string`);
    const meta = item['meta'];
    if (meta !== undefined && meta !== null && !isPlainObject(meta)) {
      throw badRequest(`"${at}.meta" must be of type object`);
    }
    return { type: item['type'], text: item['text'], meta: meta ?? null };
  });
}

export function addMessage(
  store: Store,
  conversation: ConversationRecord,
  input: MessageInput & { name?: string | null; description?: string | null; entities?: Json[] },
): MessageRecord {
  const at = store.now();
  const message: MessageRecord = {
    id: store.newId(),
    conversationId: conversation.id,
    userId: conversation.userId,
    createdAt: at,
    updatedAt: at,
    type: input.type,
    text: input.text,
    meta: input.meta,
    name: input.name ?? null,
    description: input.description ?? null,
    entities: input.entities ?? [],
  };
  store.messages.set(message.id, message);
  store.changed();
  return message;
}

export function messagesOf(store: Store, conversationId: string): MessageRecord[] {
  return [...store.messages.values()].filter((message) => message.conversationId === conversationId);
}

export const messageJson = (message: MessageRecord): object => ({
  id: message.id,
  type: message.type,
  text: message.text,
  meta: message.meta,
  createdAt: message.createdAt,
  updatedAt: message.updatedAt,
});

/** The conversation named by :conversationId, owned by the effective account. */
export function ownedConversation(ctx: RouteContext): ConversationRecord {
  return findOwned(
    ctx.core.store.conversations,
    ctx.params['conversationId'] ?? '',
    (conversation) => conversation.userId,
    ctx.session.user.id,
    'Conversation',
  );
}

export const messageRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/conversation/:conversationId/message/list',
    access: 'account',
    stream: 'list',
    handle(ctx) {
      const conversation = ownedConversation(ctx);
      return listResponse(ctx, messagesOf(ctx.core.store, conversation.id), 'asc', messageJson);
    },
  },
  {
    method: 'POST',
    path: '/conversation/:conversationId/message/create',
    access: 'account',
    handle(ctx) {
      const body = validateBody(ctx.body, {
        type: { kind: 'string', required: true, oneOf: MESSAGE_TYPES },
        text: { kind: 'string', required: true },
        meta: OBJECT,
        name: STRING,
        description: STRING,
        entities: { kind: 'array' },
      });
      const conversation = ownedConversation(ctx);
      const [input] = readMessages([body], 'value');
      if (!input) throw badRequest();
      const message = addMessage(ctx.core.store, conversation, {
        ...input,
        name: read.string(body, 'name') ?? null,
        description: read.string(body, 'description') ?? null,
        entities: read.array(body, 'entities') ?? [],
      });
      return ctx.c.json({ id: message.id, entities: message.entities });
    },
  },
  {
    method: 'GET',
    path: '/conversation/:conversationId/message/:messageId/fetch',
    access: 'account',
    handle(ctx) {
      const conversation = ownedConversation(ctx);
      const message = ctx.core.store.messages.get(ctx.params['messageId'] ?? '');
      if (message && message.userId !== ctx.session.user.id) throw notAuthorized();
      if (!message || message.conversationId !== conversation.id) throw notFound('Message');
      return ctx.c.json(messageJson(message));
    },
  },
  ...(['upvote', 'downvote'] as const).map(
    (kind): RouteDef => ({
      method: 'POST',
      path: `/conversation/:conversationId/message/:messageId/${kind}`,
      access: 'account',
      handle(ctx) {
        const body = validateBody(ctx.body, { value: { kind: 'number' } });
        const conversation = ownedConversation(ctx);
        const message = ctx.core.store.messages.get(ctx.params['messageId'] ?? '');
        if (message && message.userId !== ctx.session.user.id) throw notAuthorized();
        if (!message || message.conversationId !== conversation.id) throw notFound('Message');
        const value = read.number(body, 'value') ?? 100;
        message.vote = kind === 'upvote' ? value : -value;
        ctx.core.store.changed();
        return ctx.c.json({ id: message.id });
      },
    }),
  ),
];
