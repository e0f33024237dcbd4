/**
 * Graceful shutdown of the real process (main.ts, server.ts shutdown): on SIGTERM readiness turns
 * false, new connections stop, open streams finish or get `shutting_down`, the process exits in
 * bounded time, and nothing stored is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@tessera/cbk-emulator';
import { Stack, parseSse } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
const ADMIN = `adm_${'s'.repeat(30)}`;
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let dataDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'tessera-shutdown-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

async function startService(): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      CHATBOTKIT_API_URL: emulator.url,
      CHATBOTKIT_TOKEN: emulator.emulator.partnerToken,
      TESSERA_ADMIN_TOKEN: ADMIN,
      TESSERA_DATA_DIR: dataDir,
      PORT: '0',
      STREAM_DRAIN_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '4000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    void exited.then(() => reject(new Error(`service exited early:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

const admin = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then((r) => r.json() as Promise<any>);

/** A tenant with a site, and a visitor's session on it (its request headers). */
async function customer(url: string) {
  const tenant = await admin(url, 'POST', '/tenants', { name: 'Drain' });
  const bot = await admin(url, 'POST', `/tenants/${tenant.id}/bots`, { name: 'B' });
  const site = await admin(url, 'POST', `/tenants/${tenant.id}/sites`, { name: 's', allowedOrigins: [ORIGIN], botId: bot.id });
  const session = (await (
    await fetch(`${url}/v1/sites/${site.siteKey}/sessions`, { method: 'POST', headers: { origin: ORIGIN } })
  ).json()) as { token: string };
  const headers = { origin: ORIGIN, authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  const conversation = async () =>
    (
      (await (await fetch(`${url}/v1/sites/${site.siteKey}/conversations`, { method: 'POST', headers, body: '{}' })).json()) as {
        conversationId: string;
      }
    ).conversationId;
  return { tenant, site, headers, conversation };
}

/** An answer that takes ~10 s (longer than the 1 s drain): the response, its first bytes not read yet. */
function askSlowly(url: string, siteKey: string, headers: Record<string, string>, conversationId: string, signal?: AbortSignal) {
  emulator.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs: 100 }, path: '/complete$', times: 1 });
  return fetch(`${url}/v1/sites/${siteKey}/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ text: 'tokens:100' }),
    ...(signal ? { signal } : {}),
  });
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

const SHUTTING_DOWN = { event: 'error', data: { code: 'shutting_down', message: expect.any(String), retryable: true } };

describe('SIGTERM', () => {
  it('ends open streams with shutting_down, exits in bounded time and loses nothing', async () => {
    const svc = await startService();
    const { tenant, site, headers, conversation } = await customer(svc.url);
    const res = await askSlowly(svc.url, site.siteKey, headers, await conversation());
    const reader = res.body!.getReader();
    await reader.read();

    const signalled = Date.now();
    svc.child.kill('SIGTERM');
    expect(parseSse(await readAll(reader)).at(-1)).toEqual(SHUTTING_DOWN);
    expect(Date.now() - signalled).toBeLessThan(2500);
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow(); // no new connections

    const { code, at } = await svc.exited;
    expect(code).toBe(0);
    // SHUTDOWN_TIMEOUT_MS is 4 s; closing the store and exiting take a moment more on a busy machine.
    expect(at - signalled).toBeLessThan(7000);
    expect(svc.output()).toMatch(/"msg":"draining"/);
    expect(svc.output()).toMatch(/"msg":"stopped"/);
    expect(emulator.emulator.completions.at(-1)!.endedAt).not.toBeNull();

    // Restart on the same data: the tenant, the site and the counted session are all there.
    const again = await startService();
    try {
      const tenants = await admin(again.url, 'GET', '/tenants');
      expect(tenants.items.map((t: { id: string }) => t.id)).toContain(tenant.id);
      const usage = await admin(again.url, 'GET', `/tenants/${tenant.id}/usage`);
      // The answer the shutdown cut short is counted as failed, written by the last flush.
      expect(usage.totals).toEqual({
        sessions: 1,
        conversations: 1,
        messages: 1,
        answersCompleted: 0,
        answersFailed: 1,
        thumbsUp: 0,
        thumbsDown: 0,
      });
      const history = await fetch(`${again.url}/v1/sites/${site.siteKey}/conversations`, { headers });
      expect(history.status).toBe(200); // the session (signing key) survived the restart
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 60_000);
});

describe('SIGTERM with answers nobody listens to', () => {
  it('ends them with shutting_down, marks them interrupted in the inbox, and loses nothing', async () => {
    const svc = await startService();
    const { tenant, site, headers, conversation } = await customer(svc.url);
    const conversations = [await conversation(), await conversation()];
    // Two answers whose visitor left (a reload): each read up to its `start`, then dropped.
    const answerIds: string[] = [];
    for (const id of conversations) {
      const controller = new AbortController();
      const reader = (await askSlowly(svc.url, site.siteKey, headers, id, controller.signal)).body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      answerIds.push(parseSse(text)[0]!.data.answerId);
      controller.abort();
    }
    // The visitor came back to the first one (reattached before the signal: no new connections after it).
    const reattached = await fetch(
      `${svc.url}/v1/sites/${site.siteKey}/conversations/${conversations[0]}/answers/${answerIds[0]}`,
      {
        headers,
      },
    );
    expect(reattached.status).toBe(200);
    const reader = reattached.body!.getReader();
    await reader.read();

    const signalled = Date.now();
    svc.child.kill('SIGTERM');
    const events = parseSse(await readAll(reader));
    expect(events.at(-1)).toEqual(SHUTTING_DOWN);
    expect(Date.now() - signalled).toBeLessThan(2500);
    expect((await svc.exited).code).toBe(0);
    // Both upstream requests were ended, the one nobody read as well.
    expect(emulator.emulator.completions.slice(-2).map((c) => c.endedAt !== null)).toEqual([true, true]);

    const again = await startService();
    try {
      const inbox = await admin(again.url, 'GET', `/tenants/${tenant.id}/conversations`);
      expect(
        conversations.map((id) => inbox.items.find((c: { id: string }) => c.id === id)),
        'both turns cut short by the shutdown',
      ).toEqual(conversations.map((id) => expect.objectContaining({ id, outcome: 'interrupted', firstQuestion: 'tokens:100' })));
      const usage = await admin(again.url, 'GET', `/tenants/${tenant.id}/usage`);
      expect(usage.totals).toMatchObject({ sessions: 1, conversations: 2, messages: 2, answersCompleted: 0, answersFailed: 2 });
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 60_000);
});

describe('draining, in process', () => {
  it('readiness turns false and new requests are told to come back', async () => {
    const stack = await Stack.start();
    try {
      const { site } = await stack.seedCustomer({ origins: [ORIGIN] });
      expect((await stack.fetch('/readyz')).status).toBe(200);
      stack.service.lifecycle.startDrain();
      const ready = await stack.fetch('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json.error.code).toBe('shutting_down');
      expect((await stack.fetch('/healthz')).status).toBe(200);
      const refused = await stack.session(site.siteKey, ORIGIN);
      expect(refused.status).toBe(503);
      expect(refused.json.error.code).toBe('shutting_down');
      expect(refused.headers.get('retry-after')).toBe('1');
    } finally {
      await stack.close();
    }
  });
});
