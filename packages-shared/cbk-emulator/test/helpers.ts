/**
 * Shared helpers of the socket-level tests: start an emulator on an ephemeral loopback port, call
 * it with fetch as a partner or as a child, and parse JSONL/SSE bodies.
 */
import { afterEach, beforeEach } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator, StartOptions } from '../src/index.js';

export interface Api {
  running: RunningEmulator;
  url: string;
  token: string;
  /** Call the API with the partner token (plus extra headers). */
  call(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  get<T = Record<string, unknown>>(path: string, headers?: Record<string, string>): Promise<T>;
  /** Create a partner user; returns its id. */
  child(fields?: Record<string, unknown>): Promise<string>;
  /** Create a bot and a conversation as `userId`; returns both ids. */
  conversation(userId: string, backstory?: string): Promise<{ botId: string; conversationId: string }>;
}

export async function openApi(opts: StartOptions = {}): Promise<Api> {
  const running = await startEmulator({ port: 0, ...opts });
  const token = running.emulator.partnerToken;
  const api: Api = {
    running,
    url: running.url,
    token,
    call(method, path, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
      if (init.body !== undefined) headers['content-type'] ??= 'application/json';
      return fetch(running.url + path, {
        method,
        headers,
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
    },
    async post<T>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
      const response = await api.call('POST', path, { body, ...(headers ? { headers } : {}) });
      if (!response.ok) throw new Error(`POST ${path} -> ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async get<T>(path: string, headers?: Record<string, string>): Promise<T> {
      const response = await api.call('GET', path, headers ? { headers } : {});
      if (!response.ok) throw new Error(`GET ${path} -> ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async child(fields = {}) {
      return (await api.post<{ id: string }>('/v1/partner/user/create', fields)).id;
    },
    async conversation(userId, backstory = 'You are a test bot.') {
      const as = { 'x-runas-user-id': userId };
      const { id: botId } = await api.post<{ id: string }>('/v1/bot/create', { name: 'Testy', backstory }, as);
      const { id: conversationId } = await api.post<{ id: string }>('/v1/conversation/create', { botId }, as);
      return { botId, conversationId };
    },
  };
  return api;
}

/** Start a fresh emulator around each test of the calling file. */
export function useApi(opts: StartOptions = {}): () => Api {
  let current: Api | null = null;
  beforeEach(async () => {
    current = await openApi(opts);
  });
  afterEach(async () => {
    await current?.running.close();
    current = null;
  });
  return () => {
    if (!current) throw new Error('api not started');
    return current;
  };
}

export interface WireEvent {
  type: string;
  data: Record<string, unknown>;
  createdAt?: number;
}

export function parseJsonl(text: string): WireEvent[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error('JSONL body does not end with a newline');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as WireEvent);
}

export function parseSse(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return { event: eventLine.replace(/^event: /, ''), data: JSON.parse(dataLine.replace(/^data: /, '')) as unknown };
    });
}

/** Read a streamed body line by line until `count` lines arrived (or the body ends). */
export async function readLines(
  response: Response,
  count: number,
): Promise<{ lines: WireEvent[]; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const body = response.body;
  if (!body) throw new Error('no body');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const lines: WireEvent[] = [];
  while (lines.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let index: number;
    while ((index = buffer.indexOf('\n')) !== -1) {
      lines.push(JSON.parse(buffer.slice(0, index)) as WireEvent);
      buffer = buffer.slice(index + 1);
    }
  }
  return { lines, reader };
}

export const JSONL = { accept: 'application/jsonl' } as const;
