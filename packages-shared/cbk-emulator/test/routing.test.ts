/**
 * Transport conventions over a real socket (doc §1, §3): both prefixes, methods, content type,
 * preflight, unknown paths, error bodies and the order of checks.
 */
import { describe, expect, it } from 'vitest';
import { useApi } from './helpers.js';

describe('routing and transport', () => {
  const api = useApi();

  it('serves every route under /v1 and /api/v1', async () => {
    const { id } = await api().post<{ id: string }>('/v1/partner/user/create', { name: 'A' });
    const viaApi = await api().get<{ id: string; name: string }>(`/api/v1/partner/user/${id}/fetch`);
    expect(viaApi).toMatchObject({ id, name: 'A' });
    const { id: id2 } = await api().post<{ id: string }>('/api/v1/partner/user/create', {});
    const viaV1 = await api().get<{ id: string }>(`/v1/partner/user/${id2}/fetch`);
    expect(viaV1.id).toBe(id2);
  });

  it('answers 200 application/json with cuid-like ids, epoch-ms dates and nulls', async () => {
    const response = await api().call('POST', '/v1/partner/user/create', { body: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe('application/json');
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^c[0-9a-z]{24}$/);
    const user = await api().get(`/v1/partner/user/${id}/fetch`);
    expect(typeof user['createdAt']).toBe('number');
    expect(user['email']).toBeNull();
    expect(user).not.toHaveProperty('parentId');
  });

  it('rejects a wrong method on a known path with 405', async () => {
    const get = await api().call('GET', '/v1/bot/create');
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ message: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' });
    const post = await api().call('POST', '/api/v1/bot/list', { body: {} });
    expect(post.status).toBe(405);
  });

  it('rejects a POST that is not application/json with 400, charset allowed', async () => {
    const text = await api().call('POST', '/v1/bot/create', { body: '{}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({ message: 'Bad request', code: 'BAD_REQUEST' });
    const charset = await api().call('POST', '/v1/bot/create', {
      body: '{}',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(charset.status).toBe(200);
  });

  it('checks method and content type before credentials, credentials before the body', async () => {
    const noAuthWrongType = await fetch(`${api().url}/v1/bot/create`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(noAuthWrongType.status).toBe(400);
    const noAuthBadJson = await fetch(`${api().url}/v1/bot/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(noAuthBadJson.status).toBe(401);
    const badJson = await api().call('POST', '/v1/bot/create', { body: '{oops' });
    expect(badJson.status).toBe(400);
    const badSchema = await api().call('POST', '/v1/bot/create', { body: { name: 42 } });
    expect(badSchema.status).toBe(400);
    expect(await badSchema.json()).toEqual({ message: '"name" must be a string', code: 'BAD_REQUEST' });
    // Body validation comes before the handler's 404.
    const missing = await api().call('POST', '/v1/bot/cxxxxxxxxxxxxxxxxxxxxxxxx/update', { body: { name: 1 } });
    expect(missing.status).toBe(400);
  });

  it('answers HEAD with an empty 200 and OPTIONS with {}', async () => {
    const head = await fetch(`${api().url}/v1/bot/list`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await fetch(`${api().url}/api/v1/conversation/create`, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(await options.json()).toEqual({});
  });

  it('answers unknown paths with 404 NOT_FOUND', async () => {
    for (const path of ['/v1/nope', '/v2/bot/list', '/', '/api/v1/bot/x/explode']) {
      const response = await api().call('GET', path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not found', code: 'NOT_FOUND' });
    }
  });

  it('records every API request but no control calls', async () => {
    await api().post('/api/v1/partner/user/create', { name: 'R' }, { 'X-Extra': 'yes' });
    await fetch(`${api().url}/_emulator/requests`);
    const { items } = (await (await fetch(`${api().url}/_emulator/requests`)).json()) as {
      items: Array<{ method: string; path: string; headers: Record<string, string>; body: unknown }>;
    };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ method: 'POST', path: '/api/v1/partner/user/create', body: { name: 'R' } });
    expect(items[0]?.headers['x-extra']).toBe('yes');
    expect(items[0]?.headers['authorization']).toBe(`Bearer ${api().token}`);
    expect(api().running.emulator.requests).toHaveLength(1);
  });
});
