/**
 * readAnswer against bodies written chunk by chunk: batching, cuts anywhere, the one terminal event,
 * the answer's id and the ids a reattach goes on from.
 */
import { expect } from '@esm-bundle/chai';
import { AnswerStream, answer, doneEvent, errorEvent, sse, startEvent, tokenEvent } from '../../test/support/fakes.js';
import { type AnswerReader, readAnswer } from './answer-stream.js';
import { ApiError } from './errors.js';

/** A reader that keeps the token batches as they came (with the id read by then) and the answer ids. */
function reader(): AnswerReader & { batches: string[]; ids: (string | undefined)[]; starts: string[] } {
  const on = {
    batches: [] as string[],
    ids: [] as (string | undefined)[],
    starts: [] as string[],
    tokens: (text: string) => {
      on.batches.push(text);
      on.ids.push(on.id);
    },
    start: (answerId: string) => on.starts.push(answerId),
  } as AnswerReader & { batches: string[]; ids: (string | undefined)[]; starts: string[] };
  return on;
}

/** Read a whole body: the token batches as they came, and how it ended. */
async function read(stream: AnswerStream): Promise<{ batches: string[]; end: unknown }> {
  const on = reader();
  const end = await readAnswer(stream.body, on).catch((err: unknown) => err);
  return { batches: on.batches, end };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readAnswer', () => {
  it('gives the tokens of each network chunk as one batch, then the done event', async () => {
    const { batches, end } = await read(
      answer(tokenEvent('Hel') + tokenEvent('lo'), tokenEvent(','), tokenEvent(' you') + doneEvent('Hello, you')),
    );
    expect(batches).to.deep.equal(['Hello', ',', ' you']);
    expect(end).to.deep.equal({ messageId: 'msg_1', text: 'Hello, you', finishReason: 'stop' });
  });

  it('reassembles events and lines cut anywhere by the network', async () => {
    const text = tokenEvent('one') + tokenEvent('two') + doneEvent('onetwo');
    const cuts = [3, 9, 17, 30, 31, 52, 70];
    const chunks = [0, ...cuts].map((from, i) => text.slice(from, cuts[i] ?? text.length));
    const { batches, end } = await read(answer(...chunks));
    // A batch only for the chunks that completed a token event.
    expect(batches).to.deep.equal(['one', 'two']);
    expect((end as { text: string }).text).to.equal('onetwo');
  });

  it('decodes a multi-byte character cut between two chunks', async () => {
    const all = bytes(tokenEvent('é🚲') + doneEvent('é🚲'));
    const head = bytes('event: token\ndata: {"token":"').length;
    // 'é' is 2 bytes: cut after its first; '🚲' is 4 bytes: cut after its second.
    const inE = head + 1;
    const inBike = head + 2 + 2;
    const { batches, end } = await read(answer(all.slice(0, inE), all.slice(inE, inBike), all.slice(inBike)));
    expect(batches.join('')).to.equal('é🚲');
    expect((end as { text: string }).text).to.equal('é🚲');
  });

  it('ignores keep-alive comments and unknown events, and reads CRLF line ends', async () => {
    const crlf = (s: string) => s.replaceAll('\n', '\r\n');
    const { batches, end } = await read(
      answer(
        ': ping\n\n',
        crlf(tokenEvent('a')),
        `${sse('usage', { tokens: 3 })}: ping\n\n`,
        crlf(tokenEvent('b')) + sse('message', { token: 'x' }),
        crlf(doneEvent('ab', 'length')),
      ),
    );
    expect(batches).to.deep.equal(['a', 'b']);
    expect(end).to.deep.equal({ messageId: 'msg_1', text: 'ab', finishReason: 'length' });
  });

  it('rejects with the error event as an ApiError, after the tokens before it', async () => {
    const { batches, end } = await read(answer(tokenEvent('par') + tokenEvent('tial'), errorEvent('upstream_timeout')));
    expect(batches).to.deep.equal(['partial']);
    expect(end).to.be.instanceOf(ApiError);
    expect(end).to.include({ code: 'upstream_timeout', message: 'upstream_timeout!', status: 0, retryable: true });
  });

  it('keeps an error event that says it is not retryable', async () => {
    const { end } = await read(answer(errorEvent('quota_exceeded', false)));
    expect(end).to.include({ code: 'quota_exceeded', retryable: false });
  });

  it('synthesizes stream_interrupted when the body ends without a terminal event', async () => {
    const { batches, end } = await read(answer(tokenEvent('cut'), 'event: done\ndata: {"text":'));
    expect(batches).to.deep.equal(['cut']);
    expect(end).to.include({ code: 'stream_interrupted', retryable: true });
  });

  it('ends at the first terminal event: nothing after it counts', async () => {
    const { batches, end } = await read(answer(tokenEvent('a') + doneEvent('a') + tokenEvent('b'), errorEvent('upstream_error')));
    expect(batches).to.deep.equal(['a']);
    expect(end).to.deep.include({ text: 'a' });
  });

  it('turns an event whose data is not JSON into bad_response', async () => {
    const { end } = await read(answer(tokenEvent('a'), 'event: token\ndata: {oops\n\n', doneEvent('a')));
    expect(end).to.include({ code: 'bad_response' });
  });

  it('rejects with the failure of the read itself (an abort, a broken connection), the id of what came kept', async () => {
    const stream = new AnswerStream().write(startEvent('an_1') + tokenEvent('so ', 3), tokenEvent('far', 6));
    const on = reader();
    const reading = readAnswer(stream.body, on).catch((err: unknown) => err);
    const abort = new DOMException('aborted', 'AbortError');
    setTimeout(() => stream.fail(abort));
    expect(await reading).to.equal(abort);
    expect(on.batches).to.deep.equal(['so ', 'far']);
    expect(on.id).to.equal('6');
  });

  it('gives the answer id of the start event, and the id of the last event read with each batch', async () => {
    const on = reader();
    const done = await readAnswer(
      answer(
        startEvent('an_7'),
        tokenEvent('Hé', 2) + tokenEvent('llo', 5),
        ': ping\n\n',
        tokenEvent(' 🚲', 8) + doneEvent('Hé 🚲'),
      ).body,
      on,
    );
    expect(on.starts).to.deep.equal(['an_7']);
    expect(on.batches).to.deep.equal(['Héllo', ' 🚲']);
    // A keep-alive has no id: the id read stays that of the event before it.
    expect(on.ids).to.deep.equal(['5', '8']);
    expect(done.text).to.equal('Hé 🚲');
  });

  it('reads the id field wherever it is in the event, and an id cut between chunks', async () => {
    const on = reader();
    const text = 'event: start\nid: 0\ndata: {"answerId":"an_2"}\n\ndata: {"token":"ab"}\nid: 12\nevent: token\n\n';
    const cut = text.indexOf('id: 12') + 5;
    await readAnswer(answer(text.slice(0, cut), text.slice(cut), doneEvent('ab')).body, on);
    expect(on.starts).to.deep.equal(['an_2']);
    expect(on.batches).to.deep.equal(['ab']);
    expect(on.ids).to.deep.equal(['12']);
  });
});
