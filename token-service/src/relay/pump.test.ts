/** The pump with a hand-driven upstream body: tokens into the log as they come, the end, draining, Stop. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerEntry, type Output } from '../answers/entry.js';
import { FakeSink, INTERRUPTED, PING, RESULT, STOPPED, setup, token } from './pump.fakes.js';

/** Let the pump run until it waits again. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const DONE_WITHOUT_TEXT = { event: 'done', data: { messageId: 'm1', text: null, finishReason: 'unknown' } };

describe('Pump', () => {
  it('puts each token into the sink as the upstream sends it, and passes keep-alives on', async () => {
    const { body, sink, outcomes } = setup();
    body.send(token('a'));
    await settle();
    expect([sink.tokens, sink.pings]).toEqual([['a'], 0]);
    body.send(token('b') + PING + token('c'));
    await settle();
    expect([sink.tokens, sink.pings]).toEqual([['a', 'b', 'c'], 1]);
    body.send(PING);
    await settle();
    expect([sink.tokens, sink.pings, sink.ends, outcomes]).toEqual([['a', 'b', 'c'], 2, [], []]);
  });

  it('after the result: ends the answer, then drains the body instead of aborting it', async () => {
    const { body, sink, upstream, outcomes, dones, shutdown } = setup();
    body.send(token('a'));
    body.send(RESULT);
    await settle();
    expect([sink.tokens, sink.ends, outcomes]).toEqual([['a'], [DONE_WITHOUT_TEXT], ['done']]);
    expect(dones).toEqual([{ messageId: 'm1', text: 'a', finishReason: 'unknown' }]);
    expect(vi.getTimerCount()).toBe(1); // the drain's give-up timer
    body.send('{"type":"usage"}\n');
    body.end();
    await settle();
    // The drain read to the end (it clears its timer only then), and the connection was not torn down.
    expect([upstream.signal.aborted, body.cancels, shutdown.unregisters, vi.getTimerCount()]).toEqual([false, 0, 1, 0]);
  });

  it('gives up draining after the result when the body does not end within 2 s', async () => {
    const { body } = setup();
    body.send(token('a') + RESULT);
    await vi.advanceTimersByTimeAsync(1999);
    expect(body.cancels).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(body.cancels).toBe(1);
  });

  it("onDone gets the log's text when the result had none, the result's own otherwise, after onEnd", async () => {
    const order: string[] = [];
    // The log's text, not the tokens the pump saw: the pump keeps no copy of the answer.
    const sink = new (class extends FakeSink {
      override text() {
        return 'as the log has it';
      }
    })();
    const { body } = setup({ onEnd: () => order.push('end'), onDone: (d) => order.push(`done: ${d.text}`) }, sink);
    body.send(token('a') + RESULT);
    await settle();
    expect(order).toEqual(['end', 'done: as the log has it']);

    const withText = setup();
    withText.body.send(`${token('draft')}${JSON.stringify({ type: 'result', data: { id: 'm2', text: 'Final' } })}\n`);
    await settle();
    expect(withText.sink.ends).toEqual([{ event: 'done', data: { messageId: 'm2', text: 'Final', finishReason: 'unknown' } }]);
    expect(withText.dones).toEqual([{ messageId: 'm2', text: 'Final', finishReason: 'unknown' }]);
  });

  it('never waits for a reader: a reader that reads nothing does not hold the upstream back', async () => {
    const entry = new AnswerEntry('an_test', 'cv_test', { mirror: null, ended: () => {} });
    const written: string[] = [];
    const stuck: Output = {
      write: (text) => {
        written.push(text);
        return false;
      },
      ready: () => new Promise(() => {}),
      close: () => {},
      onGone: () => {},
    };
    entry.attach(stuck, null);
    const { body, outcomes } = setup({}, entry);
    const tokens = Array.from({ length: 200 }, (_, i) => `t${i} `);
    for (const t of tokens) body.send(token(t));
    body.send(RESULT);
    await settle();
    expect([body.unread, outcomes, entry.text(), entry.ended?.event]).toEqual([0, ['done'], tokens.join(''), 'done']);
    // It got the start and the first token, whose write said it was behind: nothing more until it is ready.
    expect(written).toEqual([
      'id: 0\nevent: start\ndata: {"answerId":"an_test"}\n\n',
      'id: 3\nevent: token\ndata: {"token":"t0 "}\n\n',
    ]);
  });

  // Check: relay-visitor-stop, relay-stop-upstream-abort, relay-stop-upstream-reader (relay/pump.ts stop(), stopUpstream(): abort and reader cancel).
  it('Stop aborts the upstream and cancels the reader exactly once, and ends with answer_stopped', async () => {
    for (const waiting of [true, false]) {
      const { pump, body, sink, upstream, outcomes, dones, shutdown } = setup();
      body.send(token('a'));
      await settle();
      // Stopped while a read waits for the upstream, or with a chunk the pump has not read yet.
      if (!waiting) body.send(token('unread'));
      pump.stop();
      pump.stop();
      body.send(token('b') + RESULT);
      shutdown.stop();
      await vi.advanceTimersByTimeAsync(20_000);
      expect([sink.tokens, sink.ends, outcomes, dones]).toEqual([['a'], [STOPPED], ['stopped'], []]);
      expect([upstream.signal.aborted, body.cancels, shutdown.unregisters, vi.getTimerCount()]).toEqual([true, 1, 1, 0]);
    }
  });

  it('Stop after the answer ended does nothing', async () => {
    const { pump, body, sink, upstream, outcomes } = setup();
    body.send(token('a') + RESULT);
    await settle();
    pump.stop();
    await settle();
    expect([sink.ends, outcomes, upstream.signal.aborted, body.cancels]).toEqual([[DONE_WITHOUT_TEXT], ['done'], false, 0]);
  });

  it('a body that breaks or ends mid-answer is interrupted, and the upstream aborted', async () => {
    for (const end of ['fail', 'end'] as const) {
      const { body, sink, outcomes, upstream } = setup();
      body.send(token('a'));
      body[end]();
      await settle();
      expect([sink.tokens, sink.ends, outcomes, upstream.signal.aborted]).toEqual([['a'], [INTERRUPTED], ['interrupted'], true]);
    }
  });
});
