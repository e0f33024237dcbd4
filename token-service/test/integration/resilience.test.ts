/**
 * Upstream resilience over real sockets: the circuit breaker (upstream/breaker.ts), retries of
 * idempotent reads only (upstream/client.ts json()), and time limits that hold even against a
 * visitor who never reads (relay/pump.ts total timer).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '@tessera/protocol';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;

const completes = () => stack.emulator.requests.filter((r) => r.path.endsWith('/complete')).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
};

beforeAll(async () => {
  stack = await Stack.start({
    env: { BREAKER_FAILURE_THRESHOLD: '3', BREAKER_COOLDOWN_MS: '1000', UPSTREAM_TOTAL_TIMEOUT_MS: '2000' },
  });
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

async function conversation() {
  const v = await stack.visitor(site.siteKey, ORIGIN);
  return { v, id: (await v.createConversation()).json.conversationId as string };
}

describe('never send a message twice', () => {
  // Check: no-retry-completions (upstream/client.ts complete() calls open() once, never through a retry loop).
  it('a completion that fails with 429 or 500 is not retried', async () => {
    const { v, id } = await conversation();
    for (const status of [429, 500]) {
      stack.emulator.faults.add({ fault: { kind: 'status', status }, path: '/complete$', times: 1 });
      const before = completes();
      const res = await v.ask(id, 'hello there');
      expect(res.status).toBe(status === 429 ? 429 : 502);
      expect(completes()).toBe(before + 1);
    }
  });

  it('an idempotent read (history) is retried with backoff and succeeds', async () => {
    const { v, id } = await conversation();
    await v.ask(id, 'hello there');
    stack.emulator.faults.add({ fault: { kind: 'status', status: 503 }, path: '/message/list$', times: 2 });
    const before = stack.emulator.requests.filter((r) => r.path.endsWith('/message/list')).length;
    const res = await v.history(id);
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(2);
    expect(stack.emulator.requests.filter((r) => r.path.endsWith('/message/list')).length).toBe(before + 3);
  });
});

describe('circuit breaker', () => {
  // Check: breaker (upstream/client.ts open(): breaker.allow() before every upstream call).
  it('opens after 3 failures, answers 503 at once without calling upstream, and closes after a good probe', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'status', status: 500 }, path: '/complete$', times: 3 });
    for (let i = 0; i < 3; i++) expect((await v.ask(id, `fail ${i} please`)).status).toBe(502);

    const before = stack.emulator.requests.length;
    const started = Date.now();
    const fast = await v.ask(id, 'is anyone there');
    expect(fast.status).toBe(503);
    expect(fast.json.error.code).toBe('upstream_unavailable');
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(200);
    expect(stack.emulator.requests.length).toBe(before);
    const metrics = await stack.fetch('/metrics', { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(metrics.text).toMatch(/tessera_upstream_breaker_state\{upstream="chatbotkit"\} 2/);

    await sleep(1100); // cool-down: one probe goes through
    const probe = await v.ask(id, 'back again now');
    expect(probe.status).toBe(200);
    expect((await v.ask(id, 'and again yes')).status).toBe(200);
    const after = await stack.fetch('/metrics', { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(after.text).toMatch(/tessera_upstream_breaker_state\{upstream="chatbotkit"\} 0/);
  });

  it('a failed probe opens it again', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'status', status: 502 }, path: '/complete$', times: 4 });
    for (let i = 0; i < 3; i++) await v.ask(id, `fail ${i} please`);
    await sleep(1100);
    expect((await v.ask(id, 'probe that fails')).status).toBe(502);
    expect((await v.ask(id, 'still open now')).status).toBe(503);
    await sleep(1100);
    expect((await v.ask(id, 'recovered at last')).status).toBe(200);
  });
});

describe('time limits', () => {
  // Check: relay-total-timer (relay/pump.ts total timer, independent of reads).
  it('a visitor who never reads is cut off at the total time limit, and the upstream aborted', async () => {
    const { v, id } = await conversation();
    stack.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 1 }, path: '/complete$', times: 1 });
    const body = JSON.stringify({ text: 'tokens:20000' });
    const url = new URL(stack.url);
    // A raw socket that sends the request and then never reads a byte of the answer.
    const count = stack.emulator.completions.length;
    const socket = connect(Number(url.port), url.hostname);
    socket.pause();
    const headers = v.headers({ 'content-length': String(Buffer.byteLength(body)), host: url.host });
    socket.write(
      `POST /v1/sites/${site.siteKey}/conversations/${id}/messages HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([k, val]) => `${k}: ${val}\r\n`)
          .join('') +
        `\r\n${body}`,
    );
    await waitFor(() => stack.emulator.completions.length > count);
    const started = Date.now();
    await waitFor(() => stack.emulator.completions.at(-1)!.endedAt !== null, 6000);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(stack.emulator.completions.at(-1)!.outcome).toBe('client-closed');
    expect(stack.emulator.completions.at(-1)!.tokensSent).toBeLessThan(20000);
    socket.destroy();
  });
});
