/** The access log in the app, in memory: one line per request with the route pattern, never ids, queries, tokens or bodies; and the same facts as metrics. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../testing/client.js';
import { ADMIN, ADMIN_TOKEN, IDS, rejecting, VISITOR, VISITOR_TOKEN } from '../testing/fakes.js';

const MESSAGES = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}/messages`;
const requestLines = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'request');

describe('access log', () => {
  it('writes one line per request', async () => {
    const { call, deps } = testApp();
    await call('GET', '/healthz');
    await call('GET', '/nope');
    await call('GET', '/admin/v1/tenants');
    expect(requestLines(deps.logLines)).toHaveLength(3);
  });

  it('says request id, method, route pattern, status and time, and the site and tenant', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', MESSAGES, { headers: VISITOR });
    expect(requestLines(deps.logLines)[0]).toMatchObject({
      level: 30,
      reqId: res.headers.get('x-request-id'),
      method: 'GET',
      route: '/v1/sites/:siteKey/conversations/:conversationId/messages',
      status: 200,
      ms: expect.any(Number),
      site: IDS.siteKey,
      tenant: IDS.tenant,
    });
  });

  it('never writes the conversation id, the query, a token or the message text', async () => {
    const { call, deps } = testApp();
    await call('POST', `${MESSAGES}?private=query-value`, { headers: VISITOR, json: { text: 'my phone is 555-0100' } });
    await call('GET', '/admin/v1/tenants?includeDeleted=true', { headers: ADMIN });
    const text = JSON.stringify(deps.logLines);
    for (const secret of [IDS.conversation, 'query-value', 'includeDeleted', VISITOR_TOKEN, ADMIN_TOKEN, '555-0100']) {
      expect(text).not.toContain(secret);
    }
  });

  it('labels a path no route serves with a pattern, not the path', async () => {
    const { call, deps } = testApp();
    await call('GET', '/wp-admin/install.php');
    const [line] = requestLines(deps.logLines);
    expect(line?.route).not.toContain('wp-admin');
    expect(line?.status).toBe(404);
  });

  it('writes server errors at error level', async () => {
    const { call, deps } = testApp({
      tenants: {
        list: async () => {
          throw new Error('boom');
        },
      },
    });
    await call('GET', '/admin/v1/tenants', { headers: ADMIN });
    expect(requestLines(deps.logLines)[0]).toMatchObject({ level: 50, status: 500 });
  });

  it('writes refusals at info level', async () => {
    const { call, deps } = testApp({
      tenants: {
        get: rejecting('tenant_not_found'),
      },
    });
    await call('GET', `/admin/v1/tenants/${IDS.tenant}`, { headers: ADMIN });
    expect(requestLines(deps.logLines)[0]).toMatchObject({ level: 30, status: 404 });
  });
});

describe('request metrics', () => {
  it('count requests by method, route pattern and status', async () => {
    const { call, deps } = testApp();
    await call('GET', `/admin/v1/tenants/${IDS.tenant}`, { headers: ADMIN });
    await call('GET', `/admin/v1/tenants/${IDS.tenant}`);
    const metric = await deps.metrics.requests.get();
    expect(metric.values.map((v) => v.labels).sort((a, b) => String(a.status).localeCompare(String(b.status)))).toEqual([
      { method: 'GET', route: '/admin/v1/tenants/:tenantId', status: '200' },
      { method: 'GET', route: '/admin/v1/tenants/:tenantId', status: '401' },
    ]);
  });

  it('time requests by method and route pattern, never by id', async () => {
    const { call, deps } = testApp();
    await call('GET', MESSAGES, { headers: VISITOR });
    const text = await deps.metrics.registry.metrics();
    expect(text).toContain(
      'tessera_http_request_duration_seconds_count{method="GET",route="/v1/sites/:siteKey/conversations/:conversationId/messages"} 1',
    );
    expect(text).not.toContain(IDS.siteKey);
    expect(text).not.toContain(IDS.conversation);
  });
});
