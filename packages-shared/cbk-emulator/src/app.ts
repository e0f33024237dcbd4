/**
 * Assembles the Hono app: the /_emulator control API, then one catch-all that serves the ChatBotKit
 * API under both /v1 and /api/v1, with app.onError as the single translator from ApiError to the
 * {message, code} error body.
 */
import { Hono } from 'hono';
import { controlRoutes } from './control.js';
import { createApiHandler } from './http/dispatch.js';
import { ApiError, apiErrorResponse, errorResponse } from './http/errors.js';
import { botRoutes } from './routes/bots.js';
import { completeRoutes } from './routes/complete.js';
import { contactRoutes } from './routes/contacts.js';
import { conversationRoutes } from './routes/conversations.js';
import { messageRoutes } from './routes/messages.js';
import { partnerUserRoutes } from './routes/partner-users.js';
import type { ControlHooks } from './control.js';
import type { Core } from './core.js';
import type { RouteDef } from './http/router.js';

export const API_ROUTES: readonly RouteDef[] = [
  ...partnerUserRoutes,
  ...botRoutes,
  ...conversationRoutes,
  ...messageRoutes,
  ...completeRoutes,
  ...contactRoutes,
];

export function createApp(core: Core, hooks: ControlHooks): Hono {
  const app = new Hono();
  app.route('/_emulator', controlRoutes(core, hooks));
  app.all('*', createApiHandler(core, API_ROUTES));
  app.onError((error) => {
    if (error instanceof ApiError) return apiErrorResponse(error);
    console.error('cbk-emulator: unexpected error', error);
    return errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });
  return app;
}
