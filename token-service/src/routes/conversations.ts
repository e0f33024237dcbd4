/**
 * A visitor's conversations. Handles are ours and bound to (site, visitor): every route looks the
 * handle up with both, so a foreign or unknown handle is a 404 before any upstream call. The
 * upstream conversation id and the sub-account id come from server-side records only.
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { CreateConversationRequest, SendMessageRequest, idPattern, type Wire } from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../env.js';
import { ServiceError } from '../errors.js';
import { secondsToUtcMidnight } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { readJson } from '../lib/json-body.js';
import { abortIfClientGoes, clientGone, nodeResponse } from '../lib/node-request.js';
import { byVisitor, limit } from '../middleware/limits.js';
import { insertConversation, listVisitorConversations, toSummary } from '../store/conversations.js';
import { viaUpstream } from '../upstream/errors.js';
import { relayCompletion, relayToResponse, type RelayOptions } from '../upstream/relay.js';

const CONVERSATION_ID = idPattern('conversation');
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // Ask proxies such as nginx not to buffer the stream.
  'x-accel-buffering': 'no',
};
const LIST_LIMIT = 50;

async function ownedConversation(deps: AppDeps, c: Context<AppEnv>) {
  const id = c.req.param('conversationId') ?? '';
  if (!CONVERSATION_ID.test(id)) throw new ServiceError('conversation_not_found');
  const conversation = await deps.conversations.owned(id, {
    siteId: c.get('site').id,
    visitorId: c.get('visitor').visitorId,
  });
  if (!conversation) throw new ServiceError('conversation_not_found');
  return conversation;
}

export function conversationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
  });

  app.post('/', limit([deps.limits.conversationsPerVisitor, byVisitor]), async (c) => {
    await readJson(c, CreateConversationRequest, { optional: true });
    const site = c.get('site');
    const visitor = c.get('visitor');
    const upstream = await viaUpstream(deps.upstream.createConversation(site.upstreamUserId, site.botId, clientGone(c)));
    const record = {
      id: newId('conversation'),
      siteId: site.id,
      tenantId: site.tenantId,
      visitorId: visitor.visitorId,
      upstreamId: upstream.id,
      createdAt: deps.clock.now(),
    };
    await insertConversation(deps.db, record);
    deps.conversations.remember({ ...record, lastMessageAt: null, preview: null });
    deps.usage.count(site.tenantId, 'conversations');
    const res: Wire.CreateConversationResponse = { conversationId: record.id, createdAt: record.createdAt };
    return c.json(res, 201);
  });

  app.get('/', async (c) => {
    await deps.previews.flush();
    const items = await listVisitorConversations(
      deps.db,
      { siteId: c.get('site').id, visitorId: c.get('visitor').visitorId },
      LIST_LIMIT,
    );
    const res: Wire.ConversationList = { items: items.map(toSummary) };
    return c.json(res);
  });

  app.get('/:conversationId/messages', async (c) => {
    const conversation = await ownedConversation(deps, c);
    const messages = await viaUpstream(
      deps.upstream.listMessages(c.get('site').upstreamUserId, conversation.upstreamId, 1000, clientGone(c)),
    );
    const items: Wire.HistoryItem[] = [];
    for (const m of messages) {
      if ((m.type === 'user' || m.type === 'bot') && typeof m.text === 'string') {
        items.push({ id: String(m.id), role: m.type, text: m.text, createdAt: Number(m.createdAt) || 0 });
      }
    }
    const res: Wire.History = { items };
    return c.json(res);
  });

  app.post('/:conversationId/messages', limit([deps.limits.messagesPerVisitor, byVisitor]), async (c) => {
    const conversation = await ownedConversation(deps, c);
    const { text } = await readJson(c, SendMessageRequest);
    const site = c.get('site');

    const release = await deps.limits.streams.acquire(byVisitor(c));
    let streaming = false;
    try {
      if (!(await deps.usage.takeMessage(site.tenantId, site.messagesPerDay))) {
        throw new ServiceError('quota_exceeded', { retryAfter: secondsToUtcMidnight(deps.clock.now()) });
      }
      deps.previews.note(conversation.id, deps.clock.now(), text);

      const upstream = new AbortController();
      // The visitor going away before the upstream answered aborts the upstream request too (then
      // the relay takes over watching).
      const unwatch = abortIfClientGoes(c, upstream);
      let res: Awaited<ReturnType<typeof deps.upstream.complete>>;
      try {
        res = await viaUpstream(deps.upstream.complete(site.upstreamUserId, conversation.upstreamId, text, upstream.signal));
      } finally {
        unwatch();
      }

      // Only what the log line needs is kept for the stream's lifetime (no logger per stream).
      const ids = { reqId: c.get('requestId'), site: site.siteKey, tenant: site.tenantId };
      const started = performance.now();
      deps.metrics.openStreams.inc();
      const relay: RelayOptions = {
        idleTimeoutMs: deps.config.timeouts.idleMs,
        totalTimeoutMs: deps.config.timeouts.totalMs,
        onShutdown: deps.lifecycle.onShutdown,
        onDone: (done) => deps.previews.note(conversation.id, deps.clock.now(), done.text),
        onEnd: (outcome) => {
          release();
          deps.metrics.openStreams.dec();
          deps.metrics.relayEnded.inc({ outcome });
          // A stream that broke or went silent says the upstream is unwell.
          if (outcome === 'interrupted' || outcome === 'idle-timeout') deps.breaker.failure();
          deps.logger.info({ ...ids, outcome, ms: Math.round(performance.now() - started) }, 'relay ended');
        },
      };
      streaming = true;
      const outgoing = nodeResponse(c);
      if (!outgoing) return c.body(relayCompletion(res.body, upstream, relay), 200, SSE_HEADERS);
      // On a socket: write the headers (with those the middleware set) and relay straight into
      // Node's response; the returned marker tells @hono/node-server it has been sent.
      outgoing.writeHead(200, Object.fromEntries(c.body(null, 200, SSE_HEADERS).headers));
      outgoing.flushHeaders();
      relayToResponse(res.body, upstream, outgoing, relay);
      return RESPONSE_ALREADY_SENT;
    } finally {
      if (!streaming) release();
    }
  });

  return app;
}
