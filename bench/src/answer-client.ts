/**
 * A light client of the answer routes for the answers benchmark (node:http: it shares the two cores
 * with the service and the emulator): ask a question and read its answer up to a point, and
 * reattach to an answer after the last event read.
 */
import { Agent, type IncomingMessage, request } from 'node:http';
import { parseSseWithIds } from '@tessera/testkit';
import type { visitor } from './setup.js';

export type Visitor = Awaited<ReturnType<typeof visitor>>;

// No keep-alive: each request opens a connection of its own, as after a reload, and leaving a
// stream early closes its socket, as a reload does.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** Send a request; resolves with its response and when it was sent. */
export function send(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ res: IncomingMessage; sentAt: number }>((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url, { method, agent, headers: { ...headers, ...length } });
    req.once('error', reject);
    const sentAt = performance.now();
    req.once('response', (res) => resolve({ res, sentAt }));
    req.end(body);
  });
}

/** The response's events as they arrive; leaving the loop early closes the connection. */
async function* events(res: IncomingMessage) {
  res.setEncoding('utf8');
  if (res.statusCode !== 200) {
    let body = '';
    for await (const chunk of res) body += chunk;
    throw new Error(`a stream answered ${res.statusCode} ${body.slice(0, 200)}`);
  }
  let buffer = '';
  for await (const chunk of res) {
    buffer += chunk;
    const end = buffer.lastIndexOf('\n\n') + 2;
    if (end < 2) continue;
    yield* parseSseWithIds(buffer.slice(0, end));
    buffer = buffer.slice(end);
  }
}

export const answerUrl = (base: string, siteKey: string, v: Visitor, answerId: string) =>
  `${base}/v1/sites/${siteKey}/conversations/${v.conversationId}/answers/${answerId}`;

/**
 * Send a message and read its answer up to its `start` event, its first token, or its end (then
 * leave). Returns the answer's id, the id of the last token read, the ms to the first token, and
 * the text's length once read to the end.
 */
export async function ask(base: string, siteKey: string, v: Visitor, text: string, until: 'start' | 'token' | 'end') {
  const url = `${base}/v1/sites/${siteKey}/conversations/${v.conversationId}/messages`;
  const { res, sentAt } = await send(url, 'POST', v.headers, JSON.stringify({ text }));
  const out = { answerId: '', lastId: 0, firstTokenMs: Number.NaN, length: 0 };
  for await (const e of events(res)) {
    if (e.event === 'start') out.answerId = e.data.answerId;
    else if (e.event === 'token') {
      out.firstTokenMs = Number.isNaN(out.firstTokenMs) ? performance.now() - sentAt : out.firstTokenMs;
      out.lastId = Number(e.id);
    } else if (e.event === 'done') out.length = Number(e.id);
    else throw new Error(`the answer ended with ${e.event} ${JSON.stringify(e.data)}`);
    if (e.event === until || e.event === 'done') return out;
  }
  throw new Error(`the answer's stream closed before its ${until}`);
}

/** Reattach after `lastId`: ms from sending the GET to the first resumed token, and its id. */
export async function reattach(base: string, siteKey: string, v: Visitor, answerId: string, lastId: number) {
  const { res, sentAt } = await send(answerUrl(base, siteKey, v, answerId), 'GET', {
    ...v.headers,
    'last-event-id': String(lastId),
  });
  for await (const e of events(res)) {
    const ms = performance.now() - sentAt;
    const id = Number(e.id);
    // Exactly the rest: the first event is a token that starts where the reader was.
    if (e.event !== 'token' || id - e.data.token.length !== lastId)
      throw new Error(`reattached after ${lastId}, the first event was ${e.event} ${e.id}`);
    return { ms, lastId: id };
  }
  throw new Error('the reattached stream closed before a token');
}
