/**
 * POST /conversation/{id}/complete (doc §7.2, §8): stores the user turn, lets the deterministic bot
 * answer from the effective backstory (conversation overrides bot), and replies as JSON, JSONL or
 * SSE depending on Accept. Every call is recorded in emulator.completions; stream faults that match
 * the call are taken here.
 */
import { answerFor } from '../bot/answer.js';
import { jsonCompletion } from '../completion/json.js';
import { CompletionRun } from '../completion/runner.js';
import { streamCompletion } from '../completion/stream.js';
import { connectionOf } from '../http/connection.js';
import { ApiError } from '../http/errors.js';
import { read, validateBody } from '../http/validate.js';
import { addMessage, messagesOf, ownedConversation } from './messages.js';
import type { RouteDef } from '../http/router.js';
import type { CompletionRecord } from '../types.js';

const COMPLETE_SCHEMA = {
  text: { kind: 'string', nonEmpty: true },
  entities: { kind: 'array' },
  functions: { kind: 'array' },
  extensions: { kind: 'object' },
  limits: { kind: 'object' },
} as const;

export const completeRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/conversation/:conversationId/complete',
    access: 'account',
    stream: 'complete',
    handle(ctx) {
      // CSV is only offered by list routes; negotiate() already rejected it, this narrows the type.
      if (ctx.accept === 'csv') throw new ApiError('BAD_REQUEST', 'Unsupported accept header');
      const body = validateBody(ctx.body, COMPLETE_SCHEMA);
      const conversation = ownedConversation(ctx);
      const { core } = ctx;
      const bot = conversation.botId ? core.store.bots.get(conversation.botId) : undefined;
      const text = read.string(body, 'text')?.trim() ?? null;

      const previousUser = messagesOf(core.store, conversation.id)
        .filter((message) => message.type === 'user')
        .at(-1);
      const userMessage = text ? addMessage(core.store, conversation, { type: 'user', text, meta: null }) : null;
      const answer = answerFor({
        text: text ?? previousUser?.text ?? null,
        backstory: conversation.backstory ?? bot?.backstory ?? null,
        botName: bot?.name ?? null,
      });

      const record: CompletionRecord = {
        conversationId: conversation.id,
        userId: ctx.session.user.id,
        mode: ctx.accept,
        startedAt: core.now(),
        endedAt: null,
        outcome: 'running',
        tokensSent: 0,
      };
      core.completions.push(record);
      const url = new URL(ctx.c.req.url);
      const run = new CompletionRun({
        core,
        conversation,
        userMessage,
        answer,
        model: conversation.model ?? bot?.model ?? 'emulator',
        faults: core.faults.takeStream('POST', url.pathname.replace(/^\/api(?=\/)/, '')),
        record,
      });
      const connection = connectionOf(ctx.c);
      return ctx.accept === 'json'
        ? jsonCompletion(core, run, ctx.c.req.raw, connection)
        : streamCompletion(core, run, ctx.accept, connection);
    },
  },
];
