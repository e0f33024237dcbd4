/**
 * Conversation routes (doc §7.1), scoped to the effective account. A botId must name one of the
 * caller's own bots; inline settings (model, backstory, ...) override the bot's at completion
 * time. `messages` given at creation are stored in order. A contactId must name one of the
 * account's contacts, or be a {fingerprint, ...} object that is ensured as one; a `contact` object
 * at creation is ensured the same way and wins over contactId (server conversation/create.js).
 */
import { ApiError } from '../http/errors.js';
import { read } from '../http/validate.js';
import { resolveContactId } from './contacts.js';
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
  // A string id or a {fingerprint, ...} object (schemas/contactId.js); checked by resolveContactId.
  contactId: { kind: 'any' },
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

/**
 * The contact to store: the `contact` object (ensured by its fingerprint; without one the server's
 * assert fails, a 500), else the contactId rule. Sets body.contactId so assignFields stores it.
 */
function applyContact(ctx: RouteContext, body: JsonObject): void {
  const contactId = resolveContactId(ctx, body['contactId']);
  const contact = read.object(body, 'contact');
  if (contact) {
    const fingerprint = read.string(contact, 'fingerprint')?.trim();
    if (!fingerprint || fingerprint.length <= 16) throw new ApiError('INTERNAL_SERVER_ERROR');
    body['contactId'] = resolveContactId(ctx, contact) ?? null;
  } else if (contactId !== undefined) {
    body['contactId'] = contactId;
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
    applyContact(ctx, body);
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
    const contactId = resolveContactId(ctx, body['contactId']);
    if (contactId !== undefined) body['contactId'] = contactId;
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
