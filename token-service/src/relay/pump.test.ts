/** The pump with a hand-driven upstream body and a fake sink: relaying, draining, back-pressure, leaving. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DONE, INTERRUPTED, RESULT, setup, token, tokenEvent } from './pump.fakes.js';

/** Let the pump run until it waits again. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Pump', () => {
  it('relays as the upstream sends; after done it drains the body instead of aborting it', async () => {
    const { body, sink, upstream, outcomes, dones, shutdown } = setup();
    body.send(token('a'));
    await settle();
    expect(sink.text).toBe(tokenEvent('a'));
    body.send(RESULT);
    await settle();
    expect(sink.text).toBe(tokenEvent('a') + DONE);
    expect([sink.closes, outcomes, dones]).toEqual([1, ['done'], [{ messageId: 'm1', text: 'a', finishReason: 'unknown' }]]);
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

  // Check: relay-client-cancel, relay-stop-upstream-abort, relay-stop-upstream-reader (relay/pump.ts cancel(), stopUpstream(): abort and reader cancel).
  it('a visitor who leaves aborts the upstream and cancels the reader exactly once, and nothing more is written', async () => {
    for (const slowVisitor of [false, true]) {
      const { pump, body, sink, upstream, outcomes, shutdown } = setup();
      sink.full = slowVisitor;
      body.send(token('a'));
      await settle();
      pump.cancel();
      pump.cancel();
      body.send(token('b'));
      shutdown.stop();
      await vi.advanceTimersByTimeAsync(20_000);
      expect([sink.text, sink.closes, outcomes]).toEqual([tokenEvent('a'), 0, ['client-closed']]);
      expect([upstream.signal.aborted, body.cancels, shutdown.unregisters, vi.getTimerCount()]).toEqual([true, 1, 1, 0]);
    }
  });

  it('back-pressure: reads the upstream again only once the visitor is ready', async () => {
    const { body, sink } = setup();
    sink.full = true;
    body.send(token('a'));
    body.send(token('b'));
    await settle();
    expect([sink.text, sink.readyCalls, body.reads]).toEqual([tokenEvent('a'), 1, 1]);
    sink.catchUp();
    await settle();
    expect([sink.text, sink.readyCalls, body.reads]).toEqual([tokenEvent('a') + tokenEvent('b'), 1, 3]);
  });

  it('a body that breaks or ends mid-answer is interrupted, and the upstream aborted', async () => {
    for (const end of ['fail', 'end'] as const) {
      const { body, sink, outcomes, upstream } = setup();
      body.send(token('a'));
      body[end]();
      await settle();
      expect([sink.text, sink.closes, outcomes, upstream.signal.aborted]).toEqual([
        tokenEvent('a') + INTERRUPTED,
        1,
        ['interrupted'],
        true,
      ]);
    }
  });
});
