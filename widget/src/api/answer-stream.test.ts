/** readAnswer against bodies written chunk by chunk: batching, cuts anywhere, the one terminal event. */
import { expect } from '@esm-bundle/chai';
import { AnswerStream, answer, doneEvent, errorEvent, sse, tokenEvent } from '../../test/support/fakes.js';
import { readAnswer } from './answer-stream.js';
import { ApiError } from './errors.js';

/** Read a whole body: the token batches as they came, and how it ended. */
async function read(stream: AnswerStream): Promise<{ batches: string[]; end: unknown }> {
  const batches: string[] = [];
  const end = await readAnswer(stream.body, (text) => batches.push(text)).catch((err: unknown) => err);
  return { batches, end };
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

  it('rejects with the failure of the read itself (an abort, a broken connection)', async () => {
    const stream = new AnswerStream().write(tokenEvent('so far'));
    const batches: string[] = [];
    const reading = readAnswer(stream.body, (text) => batches.push(text)).catch((err: unknown) => err);
    const abort = new DOMException('aborted', 'AbortError');
    setTimeout(() => stream.fail(abort));
    expect(await reading).to.equal(abort);
    expect(batches).to.deep.equal(['so far']);
  });
});
