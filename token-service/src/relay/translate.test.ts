/** The pure ChatBotKit-to-SSE translation, fed hostile chunkings; every test checks the exact text. */
import { describe, expect, it } from 'vitest';
import { Translator } from './translate.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const token = (t: string) => line({ type: 'token', data: { token: t } });
const tokenEvent = (t: string) => `event: token\ndata: ${JSON.stringify({ token: t })}\n\n`;
const doneEvent = (d: { messageId: string | null; text: string; finishReason: string }) =>
  `event: done\ndata: ${JSON.stringify(d)}\n\n`;
const UPSTREAM_ERROR =
  'event: error\ndata: {"code":"upstream_error","message":"The assistant could not answer.","retryable":true}\n\n';
const RATE_LIMITED =
  'event: error\ndata: {"code":"upstream_rate_limited","message":"The assistant is busy. Try again shortly.","retryable":true}\n\n';
const INTERRUPTED =
  'event: error\ndata: {"code":"stream_interrupted","message":"The answer was interrupted.","retryable":true}\n\n';

/** The SSE text each chunk produced, then what `end()` produced. */
function translate(chunks: (string | Uint8Array)[]) {
  const t = new Translator();
  const out = chunks.map((c) => t.push(typeof c === 'string' ? bytes(c) : c));
  return { out, end: t.end(), terminal: t.terminal };
}

describe('Translator', () => {
  it('turns each non-empty string token into one token event', () => {
    const { out } = translate([
      token('Hel') + token('lo'),
      token('') + line({ type: 'token', data: { token: 42 } }) + line({ type: 'token', data: {} }),
      token(' world'),
    ]);
    expect(out).toEqual([tokenEvent('Hel') + tokenEvent('lo'), '', tokenEvent(' world')]);
  });

  it('joins a JSON line cut across chunks', () => {
    const all = token('split');
    expect(translate([all.slice(0, 7), all.slice(7, 20), all.slice(20)]).out).toEqual(['', '', tokenEvent('split')]);
  });

  it('joins a multi-byte character cut across chunks, at every byte', () => {
    for (const ch of ['é', '€', '👋']) {
      const all = bytes(token(`a${ch}b`));
      const start = all.indexOf(bytes(ch)[0]!);
      for (let cut = start + 1; cut < start + bytes(ch).length; cut++) {
        expect(translate([all.slice(0, cut), all.slice(cut)]).out, `${ch} cut at ${cut}`).toEqual(['', tokenEvent(`a${ch}b`)]);
      }
    }
  });

  it('accepts CRLF line ends and skips blank lines', () => {
    const { out, end } = translate([
      '{"type":"token","data":{"token":"a"}}\r\n\r\n',
      '\n   \n\t\n{"type":"token","data":{"token":"b"}}\r',
      '\n{"type":"result","data":{"id":"m1"}}\r\n',
    ]);
    expect(out).toEqual([
      tokenEvent('a'),
      '',
      tokenEvent('b') + doneEvent({ messageId: 'm1', text: 'ab', finishReason: 'unknown' }),
    ]);
    expect(end).toBe('');
  });

  it('passes nothing of other event types, known or unknown', () => {
    const { out } = translate([
      line({ type: 'sendResult', data: { id: 'u1', text: 'hi' } }) +
        line({ type: 'completeBegin', data: {} }) +
        line({ type: 'message', data: { type: 'bot', text: 'secret' } }) +
        line({ type: 'usage', data: { token: 12 } }) +
        line({ type: 'somethingNew', data: { token: 'x', secret: 'sk-leak' } }) +
        line({ data: { token: 'no type' } }) +
        line({ type: 'completeEnd', data: {} }),
    ]);
    expect(out).toEqual(['']);
  });

  it('ignores a line that is not JSON or not an object, and goes on', () => {
    const { out } = translate(['not json\n[1,2]\n"str"\nnull\n7\n{"type":"tok', 'en","data":{"token":"ok"}}\n']);
    expect(out).toEqual(['', tokenEvent('ok')]);
  });

  it('turns ping into a keep-alive comment', () => {
    expect(translate([line({ type: 'ping' }) + token('a')]).out).toEqual([`: ping\n\n${tokenEvent('a')}`]);
  });

  it('an error after some tokens: the tokens, exactly one error event, then nothing', () => {
    const { out, end, terminal } = translate([
      token('a') + token('b'),
      token('c') + line({ type: 'error', data: { code: 'GENERIC_ERROR', message: 'Bearer sk-leak' } }) + token('d'),
      token('e') + line({ type: 'result', data: { text: 'abc' } }),
    ]);
    expect(out).toEqual([tokenEvent('a') + tokenEvent('b'), tokenEvent('c') + UPSTREAM_ERROR, '']);
    expect(end).toBe('');
    expect(terminal).toEqual({ outcome: 'upstream-error', code: 'upstream_error' });
  });

  // Check: relay-error-event (relay/translate.ts: our own code, never the upstream's event data).
  it('maps the upstream error code to ours', () => {
    const codeOf = (data: unknown) => translate([line({ type: 'error', data })]).out[0];
    expect(codeOf({ code: 'LIMITS_REACHED' })).toBe(RATE_LIMITED);
    expect(codeOf({ code: 'TOO_MANY_REQUESTS' })).toBe(RATE_LIMITED);
    expect(codeOf({ code: 'INTERNAL_SERVER_ERROR', message: 'x' })).toBe(UPSTREAM_ERROR);
    expect(codeOf(undefined)).toBe(UPSTREAM_ERROR);
  });

  it('a result without text gets the tokens joined, across the 64-token joins', () => {
    for (const n of [1, 63, 64, 65, 128, 150]) {
      const tokens = Array.from({ length: n }, (_, i) => `t${i} `);
      const { out, terminal } = translate([...tokens.map(token), line({ type: 'result', data: { id: 'm9' } })]);
      const done = { messageId: 'm9', text: tokens.join(''), finishReason: 'unknown' as const };
      expect(out).toEqual([...tokens.map(tokenEvent), doneEvent(done)]);
      expect(terminal).toEqual({ outcome: 'done', done });
    }
  });

  it("a result with text keeps the result's text", () => {
    const { out } = translate([
      token('draft'),
      line({ type: 'result', data: { id: 'm2', text: 'Final', end: { reason: 'length' } } }),
    ]);
    expect(out).toEqual([tokenEvent('draft'), doneEvent({ messageId: 'm2', text: 'Final', finishReason: 'length' })]);
  });

  it('receiveResult then a result without id: id and end reason come from receiveResult', () => {
    const { out } = translate([
      token('Hi') + line({ type: 'receiveResult', data: { id: 'm3', text: 'Hi', end: { reason: 'stop' } } }),
      line({ type: 'result', data: {} }),
    ]);
    expect(out).toEqual([tokenEvent('Hi'), doneEvent({ messageId: 'm3', text: 'Hi', finishReason: 'stop' })]);
  });

  it("the result's own id and end reason win; unknown reasons become 'unknown'; no id at all is null", () => {
    const rr = line({ type: 'receiveResult', data: { id: 'm3', end: { reason: 'stop' } } });
    expect(translate([rr + line({ type: 'result', data: { id: 'm4', text: 'x', end: { reason: 'abort' } } })]).out).toEqual([
      doneEvent({ messageId: 'm4', text: 'x', finishReason: 'abort' }),
    ]);
    expect(translate([line({ type: 'result', data: { text: 'x', end: { reason: 'made-up' } } })]).out).toEqual([
      doneEvent({ messageId: null, text: 'x', finishReason: 'unknown' }),
    ]);
  });

  it('ignores everything after the terminal event, in the same chunk and later', () => {
    const { out, end } = translate([
      token('a') + line({ type: 'result', data: { id: 'm5', text: 'a' } }) + token('b') + line({ type: 'error', data: {} }),
      token('c'),
      'garbage without newline',
    ]);
    expect(out).toEqual([tokenEvent('a') + doneEvent({ messageId: 'm5', text: 'a', finishReason: 'unknown' }), '', '']);
    expect(end).toBe('');
  });

  it('a body that ends without result or error is stream_interrupted', () => {
    const { out, end, terminal } = translate([token('a'), '{"type":"token","data":{"token":"b"}}']);
    expect(out).toEqual([tokenEvent('a'), '']);
    expect(end).toBe(tokenEvent('b') + INTERRUPTED);
    expect(terminal).toEqual({ outcome: 'interrupted', code: 'stream_interrupted' });
    expect(translate([]).end).toBe(INTERRUPTED);
  });

  it('a final result without a newline still ends the answer', () => {
    const { out, end, terminal } = translate([token('a'), '{"type":"result","data":{"id":"m6"}}']);
    expect(out).toEqual([tokenEvent('a'), '']);
    expect(end).toBe(doneEvent({ messageId: 'm6', text: 'a', finishReason: 'unknown' }));
    expect(terminal?.outcome).toBe('done');
  });
});
