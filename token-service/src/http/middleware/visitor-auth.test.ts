/** visitorAuth in the app, in memory: SessionService.authenticate decides; its refusals map to their statuses. */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@tessera/protocol';
import { testApp } from '../testing/client.js';
import { callsTo, IDS, ORIGIN, rejecting, VISITOR } from '../testing/fakes.js';

const CONVERSATIONS = `/v1/sites/${IDS.siteKey}/conversations`;
const HISTORY = `${CONVERSATIONS}/${IDS.conversation}/messages`;

const refusing = (code: ErrorCode) => ({ sessions: { authenticate: rejecting(code) } });

describe('visitor auth', () => {
  it('hands the service the site, the Authorization header and the Origin', async () => {
    const { call, deps } = testApp();
    await call('GET', CONVERSATIONS, { headers: VISITOR });
    expect(callsTo(deps, 'sessions.authenticate')[0]?.args).toEqual([deps.site, VISITOR.authorization, ORIGIN]);
  });

  it('hands the service an absent Authorization and Origin as undefined', async () => {
    const { call, deps } = testApp();
    await call('GET', CONVERSATIONS);
    expect(callsTo(deps, 'sessions.authenticate')[0]?.args).toEqual([deps.site, undefined, undefined]);
  });

  it.each([
    ['token_missing', 401],
    ['token_invalid', 401],
    ['token_expired', 401],
    ['token_site_mismatch', 403],
    ['origin_not_allowed', 403],
  ] as const)('answers %s with %i and reaches no route', async (code, status) => {
    const { call, deps } = testApp(refusing(code));
    const res = await call('GET', HISTORY, { headers: VISITOR });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(callsTo(deps, 'conversations.history')).toEqual([]);
  });

  it('guards every conversation route', async () => {
    const { call, deps } = testApp(refusing('token_invalid'));
    const statuses = [
      (await call('GET', CONVERSATIONS, { headers: VISITOR })).status,
      (await call('POST', CONVERSATIONS, { headers: VISITOR, json: {} })).status,
      (await call('GET', HISTORY, { headers: VISITOR })).status,
      (await call('POST', HISTORY, { headers: VISITOR, json: { text: 'hi' } })).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(deps.calls.filter((c) => c.name.startsWith('conversations.'))).toEqual([]);
  });

  it('is not asked on the routes before a session exists', async () => {
    const { call, deps } = testApp();
    await call('GET', `/v1/sites/${IDS.siteKey}/config`, { headers: { origin: ORIGIN } });
    await call('POST', `/v1/sites/${IDS.siteKey}/sessions`, { headers: { origin: ORIGIN } });
    expect(callsTo(deps, 'sessions.authenticate')).toEqual([]);
  });

  it('lets the widget read a 401 (CORS headers for an allowed origin)', async () => {
    const res = await testApp(refusing('token_expired')).call('GET', CONVERSATIONS, { headers: VISITOR });
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([401, ORIGIN]);
  });

  it('runs before the per-visitor limits (a refused token spends nothing)', async () => {
    const { call } = testApp({ limits: { conversationsPerVisitorPerHour: 1 } });
    const bad = { headers: { ...VISITOR, authorization: 'Bearer forged' } };
    for (let i = 0; i < 3; i++) expect((await call('POST', CONVERSATIONS, bad)).status).toBe(401);
    expect((await call('POST', CONVERSATIONS, { headers: VISITOR })).status).toBe(201);
  });
});
