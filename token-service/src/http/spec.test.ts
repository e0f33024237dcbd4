/** mount: a spec's handler gets the body and query parsed with the spec's own schemas; honoPath and statusOf. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../platform/logger.js';
import type { AppEnv } from './context.js';
import { toErrorResponse } from './errors.js';
import { honoPath, mount, route, statusOf } from './spec.js';
import { requestInit } from './testing/client.js';

const withQuery = route({
  id: 'things',
  method: 'get',
  path: '/things/{thingId}',
  tag: 'Test',
  summary: 'A thing',
  auth: 'none',
  query: z.strictObject({ deep: z.enum(['true', 'false']).optional() }),
  answers: { 200: { description: 'The thing' } },
  errors: ['invalid_request'],
});

const withBody = (method: 'post' | 'patch', bodyOptional = false) =>
  route({
    id: `${method}Thing`,
    method,
    path: '/things',
    tag: 'Test',
    summary: 'Change a thing',
    auth: 'none',
    body: z.strictObject({ name: z.string() }),
    bodyOptional,
    answers: { 200: { description: 'The thing' } },
    errors: [],
  });

function app(register: (app: Hono<AppEnv>) => void) {
  const app = new Hono<AppEnv>();
  const logger = createLogger('silent');
  register(app);
  app.onError((err, c) => toErrorResponse(err, c, logger));
  return app;
}

async function call(a: Hono<AppEnv>, method: string, path: string, init?: Parameters<typeof requestInit>[1]) {
  const res = await a.request(path, requestInit(method, init));
  return { status: res.status, body: (await res.json()) as any };
}

describe('mount', () => {
  const things = app((a) => mount(a, withQuery, (c, input) => c.json({ id: c.req.param('thingId'), ...input })));

  it('serves the spec at its method and Hono path, with the parsed query', async () => {
    expect(await call(things, 'GET', '/things/t1?deep=true')).toEqual({
      status: 200,
      body: { id: 't1', query: { deep: 'true' } },
    });
  });

  it('refuses a query parameter the spec does not know: 400 invalid_request', async () => {
    const res = await call(things, 'GET', '/things/t1?deep=true&debug=1');
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.issues).toEqual([{ path: '(query)', message: expect.stringContaining('debug') }]);
  });

  it('refuses a query value the spec does not allow, naming the parameter', async () => {
    const res = await call(things, 'GET', '/things/t1?deep=yes');
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'deep']);
  });

  it('passes no query to a spec without one, whatever the URL says', async () => {
    const bare = app((a) => mount(a, { ...withQuery, query: undefined }, (c, input) => c.json({ query: input.query ?? null })));
    expect(await call(bare, 'GET', '/things/t1?anything=1')).toEqual({ status: 200, body: { query: null } });
  });

  it('parses the body with the spec', async () => {
    const a = app((x) => mount(x, withBody('post'), (c, { body }) => c.json(body)));
    expect(await call(a, 'POST', '/things', { json: { name: 'n' } })).toEqual({ status: 200, body: { name: 'n' } });
  });

  it('requires the body unless the spec says it is optional', async () => {
    const required = app((x) => mount(x, withBody('post'), (c, { body }) => c.json(body)));
    expect((await call(required, 'POST', '/things')).status).toBe(415);
    const optional = app((x) => mount(x, withBody('post', true), (c) => c.json({ ok: true })));
    const res = await call(optional, 'POST', '/things');
    expect([res.status, res.body.error?.issues[0].path]).toEqual([400, 'name']);
  });

  it('accepts a JSON merge patch on PATCH only', async () => {
    const patch = app((x) => {
      mount(x, withBody('patch'), (c, { body }) => c.json(body));
      mount(x, withBody('post'), (c, { body }) => c.json(body));
    });
    const init = { headers: { 'content-type': 'application/merge-patch+json' }, body: '{"name":"n"}' };
    expect((await call(patch, 'PATCH', '/things', init)).status).toBe(200);
    expect((await call(patch, 'POST', '/things', init)).status).toBe(415);
  });

  it("runs the route's own middleware before the body is read", async () => {
    const order: string[] = [];
    const a = app((x) =>
      mount(
        x,
        withBody('post'),
        (c) => c.json({ order }),
        async function first(_c, next) {
          order.push('middleware');
          await next();
        },
      ),
    );
    const res = await call(a, 'POST', '/things', { json: {} });
    expect([res.status, order]).toEqual([400, ['middleware']]);
  });
});

describe('honoPath', () => {
  it('turns {param} into :param', () => {
    expect(honoPath('/v1/sites/{siteKey}/conversations/{conversationId}/messages')).toBe(
      '/v1/sites/:siteKey/conversations/:conversationId/messages',
    );
  });
});

describe('statusOf', () => {
  it("is the code's status in the protocol", () => {
    expect([statusOf('payload_too_large'), statusOf('tenant_suspended'), statusOf('upstream_timeout')]).toEqual([413, 409, 504]);
  });
});
