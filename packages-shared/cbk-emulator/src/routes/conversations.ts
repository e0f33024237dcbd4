/**
 * Conversation routes (doc §7.1), scoped to the effective account. A botId must name one of the
 * caller's own bots; inline settings (model, backstory, ...) override the bot's at completion
 * time. `messages` given at creation are stored in order. `contact` is accepted but not stored.
 */
import { read } from '../http/validate.js';
import { addMessage, readMessages } from './messages.js';
import { BOOLEAN, NUMBER, OBJECT, STRING, assignFields, crudRoutes, findOwned, omit } from './shared.js';
import type { RouteContext, RouteDef } from '../http/router.js';
import type { Schema } from '../http/validate.js';
import type { ConversationRecord, JsonObject } from '../types.js';

const CONVERSATION_SCHEMA: Schema = {
  name: STRING,
  description: STRING,
  meta: OBJECT,
  botId: STRING,
  model: STRING,
  backstory: STRING,
  datasetId: STRING,
  skillsetId: STRING,
  privacy: BOOLEAN,
  moderation: BOOLEAN,
  contactId: STRING,
  taskId: STRING,
  spaceId: STRING,
  expiresAt: NUMBER,
};

const CREATE_SCHEMA: Schema = {
  ...CONVERSATION_SCHEMA,
  messages: { kind: 'array' },
  contact: OBJECT,
};

/** A botId in the body must be one of the caller's bots (404 / 403 otherwise). */
function checkBot(ctx: RouteContext, body: JsonObject): void {
  const botId = read.string(body, 'botId');
  if (typeof botId === 'string') {
    findOwned(ctx.core.store.bots, botId, (bot) => bot.userId, ctx.session.user.id, 'Bot');
  }
}

function splitFilter(value: string | null): string[] | null {
  if (value === null || value === '') return null;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

const fetchJson = (conversation: ConversationRecord): object => omit(conversation, 'userId', 'expiresAt');

export const conversationRoutes: RouteDef[] = crudRoutes<ConversationRecord>({
  base: '/conversation',
  param: 'conversationId',
  label: 'Conversation',
  access: 'account',
  schema: CREATE_SCHEMA,
  collection: (ctx) => ctx.core.store.conversations,
  ownerOf: (conversation) => conversation.userId,
  create(ctx, body) {
    checkBot(ctx, body);
    const messages = readMessages(body['messages']);
    const { store } = ctx.core;
    const at = store.now();
    const conversation: ConversationRecord = {
      id: store.newId(),
      userId: ctx.session.user.id,
      createdAt: at,
      updatedAt: at,
      name: null,
      description: null,
      meta: null,
      botId: null,
      model: null,
      backstory: null,
      datasetId: null,
      skillsetId: null,
      privacy: null,
      moderation: null,
      contactId: null,
      taskId: null,
      spaceId: null,
      expiresAt: null,
    };
    store.conversations.set(conversation.id, assignFields(conversation, body, CONVERSATION_SCHEMA));
    for (const message of messages) addMessage(store, conversation, message);
    store.changed();
    return messages.length > 0
      ? { id: conversation.id, messages: messages.map(({ type, text }) => ({ type, text })) }
      : { id: conversation.id };
  },
  update(ctx, conversation, body) {
    checkBot(ctx, body);
    assignFields(conversation, body, CONVERSATION_SCHEMA);
    conversation.updatedAt = ctx.core.now();
    ctx.core.store.changed();
  },
  remove: (ctx, conversation) => ctx.core.store.deleteConversation(conversation.id),
  toJson: fetchJson,
  toListJson: (conversation) => omit(conversation, 'userId'),
  listItems(ctx, items) {
    const botIds = splitFilter(ctx.query.get('botId'));
    const contactIds = splitFilter(ctx.query.get('contactId'));
    const taskIds = splitFilter(ctx.query.get('taskId'));
    return items.filter(
      (conversation) =>
        (!botIds || botIds.includes(conversation.botId ?? '')) &&
        (!contactIds || contactIds.includes(conversation.contactId ?? '')) &&
        (!taskIds || taskIds.includes(conversation.taskId ?? '')),
    );
  },
});
