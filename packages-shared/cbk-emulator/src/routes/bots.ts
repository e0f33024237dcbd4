/**
 * Bot routes (doc §6), scoped to the effective account. A bot's backstory drives the emulator's
 * deterministic answers (see bot/answer.ts), so a demo configures its bot's replies here.
 */
import { BOOLEAN, OBJECT, STRING, assignFields, crudRoutes, omit } from './shared.js';
import type { RouteDef } from '../http/router.js';
import type { Schema } from '../http/validate.js';
import type { BotRecord } from '../types.js';

const BOT_SCHEMA: Schema = {
  alias: STRING,
  name: STRING,
  description: STRING,
  meta: OBJECT,
  model: STRING,
  backstory: STRING,
  datasetId: STRING,
  skillsetId: STRING,
  privacy: BOOLEAN,
  moderation: BOOLEAN,
  blueprintId: STRING,
  visibility: { kind: 'string', oneOf: ['private', 'protected', 'public'] },
};

export const botRoutes: RouteDef[] = crudRoutes<BotRecord>({
  base: '/bot',
  param: 'botId',
  label: 'Bot',
  access: 'account',
  schema: BOT_SCHEMA,
  collection: (ctx) => ctx.core.store.bots,
  ownerOf: (bot) => bot.userId,
  create(ctx, body) {
    const { store } = ctx.core;
    const at = store.now();
    const bot: BotRecord = {
      id: store.newId(),
      userId: ctx.session.user.id,
      createdAt: at,
      updatedAt: at,
      alias: null,
      name: null,
      description: null,
      meta: null,
      model: null,
      backstory: null,
      datasetId: null,
      skillsetId: null,
      privacy: null,
      moderation: null,
      blueprintId: null,
      visibility: 'private',
    };
    store.bots.set(bot.id, assignFields(bot, body, BOT_SCHEMA));
    store.changed();
    return { id: bot.id };
  },
  update(ctx, bot, body) {
    assignFields(bot, body, BOT_SCHEMA);
    bot.updatedAt = ctx.core.now();
    ctx.core.store.changed();
  },
  remove(ctx, bot) {
    ctx.core.store.bots.delete(bot.id);
    ctx.core.store.changed();
  },
  toJson: (bot) => omit(bot, 'userId'),
});
