/**
 * Calling the whole app in memory (`app.request()`), the way Hono's own tests do, and checking every
 * answer against the route's spec: a success body must parse with the documented schema for its
 * status (each event's data, for an event stream); an error must be the protocol's envelope, with
 * the status of its code, and a code the route documents in the OpenAPI document.
 */
import { ERROR_CODES, type ErrorCode, ErrorEnvelope } from '@tessera/protocol';
import { expect } from 'vitest';
import { createApp } from '../../app.js';
import { openapiDocument } from '../openapi.js';
import { ROUTES } from '../routes/index.js';
import type { RouteSpec } from '../spec.js';
import { type FakeDeps, type FakeOptions, fakeDeps, IDS, id, PUBLIC_URL } from './fakes.js';

export interface SseEvent {
  event: string;
  data: unknown;
  /** The event's `id:` field, when it has one. */
  id?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when not JSON); `conforms` has checked it against the spec. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of every route's shape
  body: any;
  text: string;
  /** The events of an event stream, in order (keep-alive comments left out). */
  events: SseEvent[];
  /** Keep-alive comment lines of an event stream. */
  comments: string[];
}

export interface CallInit {
  headers?: Record<string, string>;
  /** Sent as JSON with its Content-Type and Content-Length (unless `headers` say otherwise). */
  json?: unknown;
  /** A raw body; a string gets its Content-Length, a stream is sent chunked. */
  body?: string | ReadableStream<Uint8Array>;
}

/** The app built from fakes, and a caller that checks every answer against the spec. */
export function testApp(options: FakeOptions = {}) {
  const deps: FakeDeps = fakeDeps(options);
  const app = createApp(deps);
  const call = (method: string, path: string, init?: CallInit) => callApp(app, method, path, init);
  return { app, deps, call };
}

/** The request `call` sends, for tests that want the raw Response (a stream read bit by bit). */
export function requestInit(method: string, init: CallInit = {}): RequestInit {
  const headers: Record<string, string> = {};
  let body: RequestInit['body'];
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = 'application/json';
  } else if (init.body !== undefined) {
    body = init.body;
  }
  // A Request made in memory carries no framing header of its own; a socket always has one.
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  else if (body) headers['transfer-encoding'] = 'chunked';
  Object.assign(headers, init.headers);
  return { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit;
}

export async function callApp(app: ReturnType<typeof createApp>, method: string, path: string, init?: CallInit): Promise<Answer> {
  const res = await app.request(path, requestInit(method, init));
  const answer = await read(res);
  conforms(method, path, answer);
  return answer;
}

export async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const sse = type.startsWith('text/event-stream') ? parseSse(text) : { events: [], comments: [] };
  return {
    status: res.status,
    headers: res.headers,
    body: type.startsWith('application/json') && text !== '' ? JSON.parse(text) : undefined,
    text,
    ...sse,
  };
}

/** Server-sent events: `id:`/`event:`/`data:` fields separated by blank lines; `:` lines are comments. */
export function parseSse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) {
    if (block === '') continue;
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else throw new Error(`not an SSE line: ${JSON.stringify(line)}`);
    }
    if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')), ...(id === undefined ? {} : { id }) });
  }
  return { events, comments };
}

/**
 * An event stream read as it comes, for tests that act between events: `next()` resolves with the
 * next event (keep-alives skipped), or null once the stream ended.
 */
export function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(): Promise<SseEvent | null> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const block = buffered.slice(0, end + 2);
          buffered = buffered.slice(end + 2);
          const [event] = parseSse(block).events;
          if (event) return event;
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffered += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

const DOCUMENT = openapiDocument(ROUTES, { version: 'test', serverUrl: PUBLIC_URL });

const pattern = (specPath: string) => new RegExp(`^${specPath.replace(/\{\w+\}/g, '[^/]+')}$`);
const MATCHERS = ROUTES.map((spec) => ({ spec, re: pattern(spec.path) }));

const EXAMPLE_PARAMS: Record<string, string> = {
  tenantId: IDS.tenant,
  siteId: IDS.site,
  siteKey: IDS.siteKey,
  conversationId: IDS.conversation,
  answerId: id('an', 'A'),
  memberId: IDS.member,
  operatorId: IDS.operator,
  passkeyId: IDS.passkey,
  kid: IDS.identityKey,
  slot: 'logoLight',
  token: 't'.repeat(43),
  name: 'index-abc123.js',
};

/** A spec's path with the sample ids in its parameters. */
export const pathOf = (spec: RouteSpec) => spec.path.replace(/\{(\w+)\}/g, (_, name: string) => EXAMPLE_PARAMS[name] ?? name);

/** `[label, spec]` pairs for `it.each`, labelled `GET /path/{param}`. */
export const routeCases = (...specs: RouteSpec[]): [string, RouteSpec][] =>
  specs.map((spec) => [`${spec.method.toUpperCase()} ${spec.path}`, spec]);

/** The spec serving `method path`, if any. */
export function specOf(method: string, path: string): RouteSpec | undefined {
  const pathname = new URL(path, PUBLIC_URL).pathname;
  return MATCHERS.find((m) => m.spec.method === method.toLowerCase() && m.re.test(pathname))?.spec;
}

/** The error codes the OpenAPI document lists for a route and status (from each answer's description). */
export function documentedCodes(spec: RouteSpec, status: number): ErrorCode[] {
  const operation = (DOCUMENT.paths?.[spec.path] as Record<string, { responses?: Record<string, { description?: string }> }>)?.[
    spec.method
  ];
  const description = operation?.responses?.[String(status)]?.description ?? '';
  return [...description.matchAll(/`(\w+)`: /g)].map((m) => m[1] as ErrorCode);
}

/** Does this answer match what the spec of `method path` documents? (Throws an assertion error otherwise.) */
export function conforms(method: string, path: string, answer: Answer): void {
  const spec = specOf(method, path);
  const where = `${method} ${path} -> ${answer.status}`;
  const success = spec?.answers[answer.status];
  if (answer.status >= 400 || (spec && !success && answer.status !== 204)) {
    const envelope = ErrorEnvelope.safeParse(answer.body);
    expect(envelope.success, `${where}: not the error envelope: ${answer.text}`).toBe(true);
    const code = answer.body.error.code as ErrorCode;
    expect(ERROR_CODES[code].status, `${where}: ${code} has another status`).toBe(answer.status);
    if (spec) expect(documentedCodes(spec, answer.status), `${where}: ${code} is not documented`).toContain(code);
    return;
  }
  if (!spec || !success) return; // a preflight, or a path without a spec
  if (answer.status === 204) {
    expect(answer.text, `${where}: a 204 has no body`).toBe('');
    return;
  }
  const type = success.contentType ?? 'application/json';
  expect(answer.headers.get('content-type') ?? '', `${where}: content type`).toContain(type);
  if (!success.schema) return;
  if (type === 'text/event-stream') {
    for (const e of answer.events) {
      const parsed = success.schema.safeParse(e.data);
      expect(parsed.success, `${where}: event ${e.event} ${JSON.stringify(e.data)}`).toBe(true);
    }
    return;
  }
  const parsed = success.schema.safeParse(answer.body);
  expect(parsed.success, `${where}: ${parsed.error?.message ?? ''}\n${answer.text}`).toBe(true);
}
