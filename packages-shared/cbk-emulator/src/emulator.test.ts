/**
 * The whole app in memory via app.request(): no sockets, injected clock; covers the in-process path
 * (no node bindings) that other packages use in their unit tests.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator } from './index.js';

describe('createEmulator (in-process)', () => {
  it('serves the API through app.request with an injected clock', async () => {
    const at = 1_750_000_000_000;
    const emulator = createEmulator({ partnerTokens: ['sk-test'], now: () => at });
    const headers = { authorization: 'Bearer sk-test', 'content-type': 'application/json' };
    const created = await emulator.app.request('/v1/partner/user/create', { method: 'POST', headers, body: '{"name":"n"}' });
    const { id } = (await created.json()) as { id: string };
    const user = emulator.state.users.get(id);
    expect(user).toMatchObject({ name: 'n', createdAt: at, updatedAt: at });

    const asChild = { ...headers, 'x-runas-user-id': id };
    const conversation = (await (
      await emulator.app.request('/v1/conversation/create', { method: 'POST', headers: asChild, body: '{}' })
    ).json()) as { id: string };
    const streamed = await emulator.app.request(`/api/v1/conversation/${conversation.id}/complete`, {
      method: 'POST',
      headers: { ...asChild, accept: 'application/jsonl' },
      body: JSON.stringify({ text: 'echo: ok' }),
    });
    const lines = (await streamed.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; createdAt: number });
    expect(lines.at(-1)?.type).toBe('result');
    expect(lines.every((line) => line.createdAt === at)).toBe(true);
    expect(emulator.completions[0]).toMatchObject({ outcome: 'completed', mode: 'jsonl', tokensSent: 1 });
  });

  it('errors the body for close-mid-stream when there is no socket', async () => {
    const emulator = createEmulator({ partnerTokens: ['sk-test'] });
    const headers = { authorization: 'Bearer sk-test', 'content-type': 'application/json' };
    const conversation = (await (
      await emulator.app.request('/v1/conversation/create', { method: 'POST', headers, body: '{}' })
    ).json()) as { id: string };
    emulator.faults.add({ fault: { kind: 'close-mid-stream', afterTokens: 1 } });
    const response = await emulator.app.request(`/v1/conversation/${conversation.id}/complete`, {
      method: 'POST',
      headers: { ...headers, accept: 'application/jsonl' },
      body: JSON.stringify({ text: 'tokens:5' }),
    });
    await expect(response.text()).rejects.toThrow('connection closed by fault');
    expect(emulator.completions[0]).toMatchObject({ outcome: 'fault-closed', tokensSent: 1 });
  });

  it('changes config over the control API', async () => {
    const emulator = createEmulator();
    const response = await emulator.app.request('/_emulator/config', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokenDelayMs: 12 }),
    });
    expect(await response.json()).toEqual({ tokenDelayMs: 12, pingIntervalMs: 10000 });
    expect(emulator.config.tokenDelayMs).toBe(12);
    expect(emulator.requests).toEqual([]);
  });
});
