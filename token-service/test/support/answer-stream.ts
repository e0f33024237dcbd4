/**
 * An answer's event stream read over a real socket as the widget reads it: one event at a time,
 * each with its SSE id, and the connection dropped at any point the way a reload or a navigation
 * drops it. What was read is captured for the stack's secret scan.
 */
import type { TestJson } from '@tessera/testkit';
import type { Stack } from './stack.js';

export interface AnswerEvent {
  /** The event's id (a text offset); null for an event without one. */
  id: number | null;
  event: string;
  data: TestJson;
}

export class AnswerStream {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly queue: AnswerEvent[] = [];
  private buffer = '';
  private raw = '';
  private ended = false;
  private captured = false;

  private constructor(
    private readonly stack: Stack,
    private readonly method: string,
    private readonly path: string,
    readonly res: Response,
    private readonly controller: AbortController,
  ) {
    this.reader = res.body!.getReader();
  }

  /** Open a stream (POST a message, GET an answer); any other status than 200 throws with the body. */
  static async open(stack: Stack, path: string, init: RequestInit = {}): Promise<AnswerStream> {
    const controller = new AbortController();
    const res = await fetch(`${stack.url}${path}`, { ...init, signal: controller.signal });
    const method = init.method ?? 'GET';
    if (res.status !== 200) {
      const text = await res.text();
      stack.capture(method, path, res, text);
      throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }
    return new AnswerStream(stack, method, path, res, controller);
  }

  /** The next event (keep-alive comments skipped), or null once the stream ended. */
  async next(): Promise<AnswerEvent | null> {
    while (this.queue.length === 0 && !this.ended) await this.fill();
    return this.queue.shift() ?? null;
  }

  /** Events up to and including the first that `stop` accepts (throws if the stream ends first). */
  async until(stop: (e: AnswerEvent) => boolean): Promise<AnswerEvent[]> {
    const events: AnswerEvent[] = [];
    for (;;) {
      const e = await this.next();
      if (!e) throw new Error(`the stream ended before the expected event; read: ${JSON.stringify(events)}`);
      events.push(e);
      if (stop(e)) return events;
    }
  }

  /** Every event left, to the end of the stream. */
  async rest(): Promise<AnswerEvent[]> {
    const events: AnswerEvent[] = [];
    for (let e = await this.next(); e; e = await this.next()) events.push(e);
    return events;
  }

  /** Drop the connection, as a reload does. */
  drop(): void {
    this.controller.abort();
    this.capture();
  }

  private async fill(): Promise<void> {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await this.reader.read();
    } catch {
      step = { done: true, value: undefined };
    }
    if (step.done) {
      this.ended = true;
      this.capture();
      return;
    }
    const text = this.decoder.decode(step.value, { stream: true });
    this.raw += text;
    this.buffer += text;
    let cut = this.buffer.indexOf('\n\n');
    while (cut >= 0) {
      const event = parseBlock(this.buffer.slice(0, cut));
      if (event) this.queue.push(event);
      this.buffer = this.buffer.slice(cut + 2);
      cut = this.buffer.indexOf('\n\n');
    }
  }

  private capture(): void {
    if (this.captured) return;
    this.captured = true;
    this.stack.capture(this.method, this.path, this.res, this.raw);
  }
}

/** The events of a whole event-stream body (what `stack.fetch` read). */
export const parseEvents = (text: string): AnswerEvent[] => text.split('\n\n').flatMap((block) => parseBlock(block) ?? []);

function parseBlock(block: string): AnswerEvent | null {
  let id: number | null = null;
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = Number(line.slice(4));
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  return data ? { id, event, data: JSON.parse(data) } : null;
}

/**
 * Ask for an answer of `tokens` tokens (the emulator's `tokens:N`) arriving `delayMs` apart, and
 * read it up to its `start` event: the stream, and the answer's id.
 */
export async function beginAnswer(
  stack: Stack,
  visitor: { headers(): Record<string, string> },
  messagesPath: string,
  tokens: number,
  delayMs: number,
): Promise<{ stream: AnswerStream; answerId: string }> {
  stack.emulator.faults.add({ fault: { kind: 'slow-tokens', delayMs }, path: '/complete$', times: 1 });
  const text = `tokens:${tokens}`;
  stack.sentTexts.push(text);
  const stream = await AnswerStream.open(stack, messagesPath, {
    method: 'POST',
    headers: visitor.headers(),
    body: JSON.stringify({ text }),
  });
  const start = await stream.next();
  if (start?.event !== 'start') throw new Error(`the answer did not begin with start: ${JSON.stringify(start)}`);
  return { stream, answerId: start.data.answerId };
}

/** The text of the token events among `events`, joined. */
export const textOf = (events: AnswerEvent[]): string =>
  events
    .filter((e) => e.event === 'token')
    .map((e) => e.data.token as string)
    .join('');

/** Wait until `check` holds (polled every 20 ms), or fail after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
