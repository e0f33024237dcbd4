/** The pure ChatBotKit translation, fed hostile chunkings; every test checks the exact tokens and the end. */
import { describe, expect, it } from 'vitest';
import { Translator } from './translate.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const token = (t: string) => line({ type: 'token', data: { token: t } });
const UPSTREAM_ERROR = { outcome: 'upstream-error', code: 'upstream_error' };
const RATE_LIMITED = { outcome: 'upstream-error', code: 'upstream_rate_limited' };
const INTERRUPTED = { outcome: 'interrupted', code: 'stream_interrupted' };
const done = (messageId: string | null, text: string | null, finishReason = 'unknown') => ({
  outcome: 'done',
  done: { messageId, text, finishReason },
});

/** The tokens each chunk completed (and whether it pinged), then what `end()` completed, and the terminal. */
function translate(chunks: (string | Uint8Array)[]) {
  const t = new Translator();
  const pinged: boolean[] = [];
  const out = chunks.map((c) => {
    const tokens = [...t.push(typeof c === 'string' ? bytes(c) : c)];
    pinged.push(t.pinged);
    return tokens;
  });
  const terminalBeforeEnd = t.terminal;
  return { out, pinged, terminalBeforeEnd, end: [...t.end()], terminal: t.terminal };
}

describe('Translator', () => {
  it('gives each non-empty string token, in the order of its chunk', () => {
    const { out, terminalBeforeEnd } = translate([
      token('Hel') + token('lo'),
      token('') + line({ type: 'token', data: { token: 42 } }) + line({ type: 'token', data: {} }),
      token(' world'),
    ]);
    expect(out).toEqual([['Hel', 'lo'], [], [' world']]);
    expect(terminalBeforeEnd).toBeNull();
  });

  it('joins a JSON line cut across chunks', () => {
    const all = token('split');
    expect(translate([all.slice(0, 7), all.slice(7, 20), all.slice(20)]).out).toEqual([[], [], ['split']]);
  });

  it('joins a multi-byte character cut across chunks, at every byte', () => {
    for (const ch of ['é', '€', '👋']) {
      const all = bytes(token(`a${ch}b`));
      const start = all.indexOf(bytes(ch)[0]!);
      for (let cut = start + 1; cut < start + bytes(ch).length; cut++) {
        expect(translate([all.slice(0, cut), all.slice(cut)]).out, `${ch} cut at ${cut}`).toEqual([[], [`a${ch}b`]]);
      }
    }
  });

  it('accepts CRLF line ends and skips blank lines', () => {
    const { out, end, terminal } = translate([
      '{"type":"token","data":{"token":"a"}}\r\n\r\n',
      '\n   \n\t\n{"type":"token","data":{"token":"b"}}\r',
      '\n{"type":"result","data":{"id":"m1"}}\r\n',
    ]);
    expect(out).toEqual([['a'], [], ['b']]);
    expect(end).toEqual([]);
    expect(terminal).toEqual(done('m1', null));
  });

  it('gives nothing of other event types, known or unknown', () => {
    const { out, terminalBeforeEnd } = translate([
      line({ type: 'sendResult', data: { id: 'u1', text: 'hi' } }) +
        line({ type: 'completeBegin', data: {} }) +
        line({ type: 'message', data: { type: 'bot', text: 'secret' } }) +
        line({ type: 'usage', data: { token: 12 } }) +
        line({ type: 'somethingNew', data: { token: 'x', secret: 'sk-leak' } }) +
        line({ data: { token: 'no type' } }) +
        line({ type: 'completeEnd', data: {} }),
    ]);
    expect(out).toEqual([[]]);
    expect(terminalBeforeEnd).toBeNull();
  });

  it('ignores a line that is not JSON or not an object, and goes on', () => {
    const { out } = translate(['not json\n[1,2]\n"str"\nnull\n7\n{"type":"tok', 'en","data":{"token":"ok"}}\n']);
    expect(out).toEqual([[], ['ok']]);
  });

  it('notes a keep-alive on the chunk that carried it, and only that one', () => {
    const { out, pinged } = translate([line({ type: 'ping' }) + token('a'), token('b'), '{"type":"pi', 'ng"}\n']);
    expect(out).toEqual([['a'], ['b'], [], []]);
    expect(pinged).toEqual([true, false, false, true]);
  });

  it('an error after some tokens: those tokens, the error as the terminal, then nothing', () => {
    const { out, end, terminalBeforeEnd, terminal } = translate([
      token('a') + token('b'),
      token('c') + line({ type: 'error', data: { code: 'GENERIC_ERROR', message: 'Bearer sk-leak' } }) + token('d'),
      token('e') + line({ type: 'result', data: { text: 'abc' } }),
    ]);
    expect(out).toEqual([['a', 'b'], ['c'], []]);
    expect(end).toEqual([]);
    expect(terminalBeforeEnd).toEqual(UPSTREAM_ERROR);
    expect(terminal).toEqual(UPSTREAM_ERROR);
  });

  // Check: relay-error-event (relay/translate.ts: our own code, never the upstream's event data).
  it('maps the upstream error code to ours', () => {
    const terminalOf = (data: unknown) => translate([line({ type: 'error', data })]).terminalBeforeEnd;
    expect(terminalOf({ code: 'LIMITS_REACHED', message: 'Bearer sk-leak' })).toEqual(RATE_LIMITED);
    expect(terminalOf({ code: 'TOO_MANY_REQUESTS' })).toEqual(RATE_LIMITED);
    expect(terminalOf({ code: 'INTERNAL_SERVER_ERROR', message: 'x' })).toEqual(UPSTREAM_ERROR);
    expect(terminalOf(undefined)).toEqual(UPSTREAM_ERROR);
  });

  it('a result without text ends with text null: the tokens are the answer (the log has them)', () => {
    const { out, terminalBeforeEnd } = translate([token('Hi'), token(' there'), line({ type: 'result', data: { id: 'm9' } })]);
    expect(out).toEqual([['Hi'], [' there'], []]);
    expect(terminalBeforeEnd).toEqual(done('m9', null));
    for (const text of [42, null, { t: 'x' }]) {
      expect(translate([line({ type: 'result', data: { id: 'm9', text } })]).terminalBeforeEnd).toEqual(done('m9', null));
    }
  });

  it("a result with text keeps the result's text, even when it differs from the tokens", () => {
    const { out, terminalBeforeEnd } = translate([
      token('draft'),
      line({ type: 'result', data: { id: 'm2', text: 'Final', end: { reason: 'length' } } }),
    ]);
    expect(out).toEqual([['draft'], []]);
    expect(terminalBeforeEnd).toEqual(done('m2', 'Final', 'length'));
    expect(translate([line({ type: 'result', data: { id: 'm2', text: '' } })]).terminalBeforeEnd).toEqual(done('m2', ''));
  });

  it('receiveResult then a result without id: id and end reason come from receiveResult', () => {
    const { out, terminalBeforeEnd } = translate([
      token('Hi') + line({ type: 'receiveResult', data: { id: 'm3', text: 'Hi', end: { reason: 'stop' } } }),
      line({ type: 'result', data: {} }),
    ]);
    expect(out).toEqual([['Hi'], []]);
    expect(terminalBeforeEnd).toEqual(done('m3', null, 'stop'));
  });

  it("the result's own id and end reason win; unknown reasons become 'unknown'; no id at all is null", () => {
    const rr = line({ type: 'receiveResult', data: { id: 'm3', end: { reason: 'stop' } } });
    expect(translate([rr + line({ type: 'result', data: { id: 'm4', text: 'x', end: { reason: 'abort' } } })]).terminal).toEqual(
      done('m4', 'x', 'abort'),
    );
    expect(translate([line({ type: 'result', data: { text: 'x', end: { reason: 'made-up' } } })]).terminal).toEqual(
      done(null, 'x'),
    );
  });

  it('ignores everything after the terminal event, in the same chunk and later', () => {
    const { out, pinged, end, terminal } = translate([
      token('a') + line({ type: 'result', data: { id: 'm5', text: 'a' } }) + token('b') + line({ type: 'error', data: {} }),
      token('c') + line({ type: 'ping' }),
      'garbage without newline',
    ]);
    expect(out).toEqual([['a'], [], []]);
    expect(pinged).toEqual([false, false, false]);
    expect(end).toEqual([]);
    expect(terminal).toEqual(done('m5', 'a'));
  });

  it('a body that ends without result or error is stream_interrupted, its last line still read', () => {
    const { out, end, terminal } = translate([token('a'), '{"type":"token","data":{"token":"b"}}']);
    expect(out).toEqual([['a'], []]);
    expect(end).toEqual(['b']);
    expect(terminal).toEqual(INTERRUPTED);
    expect(translate([]).terminal).toEqual(INTERRUPTED);
  });

  it('a final result without a newline still ends the answer', () => {
    const { out, end, terminal } = translate([token('a'), '{"type":"result","data":{"id":"m6"}}']);
    expect(out).toEqual([['a'], []]);
    expect(end).toEqual([]);
    expect(terminal).toEqual(done('m6', null));
  });
});
