/**
 * Answers that outlive their widget, against the real service and emulator (the emulator's
 * slow-tokens fault keeps an answer streaming for seconds): a widget removed mid-answer and a new
 * one made over the same storage (what a reload does to the element) streams the rest, to exactly
 * the upstream's text; another tab (a same-origin iframe with its own copy of the widget, as in
 * tabs.test.ts) follows the answer live; Stop ends the upstream call, leaving does not. One widget
 * says the answer came (tessera-message-received): the one that asked, else the one that reattached.
 *
 * "Exactly once" is checked on what streamed, not only on the end: the done event's text replaces
 * a streamed text that differs from it (a new markdown element), so the answer's element must be the
 * one that streamed, and its text the history's.
 */
import { expect } from '@esm-bundle/chai';
import type * as Wire from '@tessera/protocol/types';
import type { TesseraChat } from '../src/index.js';
import {
  botBodies,
  cleanup,
  clearFaults,
  completions,
  createSite,
  events,
  fault,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

/** An answer with multi-byte text (the stream's ids count UTF-16 code units): the emulator echoes it word by word. */
const TEXT = Array.from({ length: 60 }, (_, i) => `wörd${i} 🚲`).join(' ');

describe('tessera-chat: answers that outlive their widget', () => {
  let site: TestSite;
  let frame: HTMLIFrameElement | null = null;
  const stored = (): { token?: string; conversationId?: string; answer?: { conversationId: string; answerId: string } } =>
    JSON.parse(localStorage.getItem(`tessera:${site.siteKey}`) ?? '{}');
  const texts = (el: TesseraChat) => el.panel!.chat.messages.map((m) => `${m.role}: ${m.text}`);
  const busy = (el: TesseraChat) => Boolean(q(el, '[part~="stop-button"]'));

  /** A conversation's messages, from the service: the upstream's text of record. */
  async function history(conversationId: string): Promise<string[]> {
    const res = await fetch(`${site.serviceUrl}/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`, {
      headers: { Authorization: `Bearer ${stored().token}` },
    });
    expect(res.status).to.equal(200);
    return ((await res.json()) as Wire.History).items.map((m) => `${m.role}: ${m.text}`);
  }

  /** How the emulator's last completion ended, once it has (`running` until then). */
  async function lastOutcome(timeout = 10_000): Promise<string> {
    const start = performance.now();
    for (;;) {
      const outcome = (await completions()).at(-1)?.outcome ?? 'none';
      if (outcome !== 'running' || performance.now() - start > timeout) return outcome;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The other tab, with its widget once its config and panel are in. */
  async function otherTab(): Promise<TesseraChat> {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width: 420px; height: 600px; border: 0';
    frame.src = `/test/support/tab.html?siteKey=${site.siteKey}&serviceUrl=${encodeURIComponent(site.serviceUrl)}`;
    document.body.append(frame);
    const doc = await until(
      () => frame!.contentDocument?.querySelector('tessera-chat') && frame!.contentDocument,
      'the other tab',
    );
    const el = doc.querySelector('tessera-chat') as TesseraChat;
    await until(() => el.panel && q(el, 'textarea'), 'the other tab’s panel');
    return el;
  }

  before(async () => {
    site = await createSite();
  });
  afterEach(async () => {
    frame?.remove();
    frame = null;
    cleanup();
    await clearFaults();
  });

  it('a widget removed mid-answer: a new one over the same storage streams the rest, exactly the upstream’s text', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 30 }, path: '/complete$', times: 1 });
    const received = events(document, 'tessera-message-received');
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, `echo: ${TEXT}`);
    await until(() => (botBodies(first)[0]?.textContent ?? '').length > 20, 'the first tokens');
    const { answer } = stored();
    expect(answer?.answerId).to.match(/^an_[0-9A-Za-z]{22}$/);
    first.remove(); // as a reload does to the element: its request is aborted, the answer goes on

    const second = await mountReady(site, { mode: 'inline' });
    const body = await until(() => botBodies(second)[0], 'the answer in the new widget');
    // A live answer: the composer busy, Stop offered, the text growing.
    await until(() => busy(second), 'the stop button');
    const seen = body.textContent!.length;
    await until(() => body.textContent!.length > seen, 'more text');
    await waitForAnswer(second);
    expect(botBodies(second)[0], 'the element that streamed is the answer').to.equal(body);
    expect(texts(second)).to.deep.equal([`user: echo: ${TEXT}`, `bot: ${TEXT}`]);
    expect(await history(answer!.conversationId)).to.deep.equal(texts(second));
    expect(q(second, '[part~="error"]')).to.equal(null);
    expect(stored().answer).to.equal(undefined);
    // The widget that asked is gone: the one that reattached says the answer came, once.
    expect(received.map((e) => [e.target, e.detail.text, e.detail.conversationId])).to.deep.equal([
      [second, TEXT, answer!.conversationId],
    ]);
    // Nobody stopped it: the upstream call ran to its end.
    expect(await lastOutcome()).to.equal('completed');
  });

  it('another tab follows the answer live, to the same text', async () => {
    const a = await mountReady(site, { mode: 'inline' });
    await typeAndSend(a, 'echo: first');
    await waitForAnswer(a);
    const b = await otherTab();
    await until(() => botBodies(b).length === 1, 'the other tab to show the conversation');
    const received = [document, b.ownerDocument].map((doc) => events(doc, 'tessera-message-received'));

    await fault({ fault: { kind: 'slow-tokens', delayMs: 30 }, path: '/complete$', times: 1 });
    await typeAndSend(a, `echo: ${TEXT}`);
    const body = await until(() => botBodies(b)[1], 'the other tab to follow the answer');
    expect(qa(b, '.msg.user').map((m) => m.textContent!.trim())).to.deep.equal(['You: echo: first', `You: echo: ${TEXT}`]);
    await until(() => busy(b), 'the other tab’s stop button');
    const seen = body.textContent!.length;
    await until(() => body.textContent!.length > seen, 'more text in the other tab');
    expect(busy(a), 'both stream at once').to.equal(true);
    await waitForAnswer(a, 2);
    await waitForAnswer(b, 2);
    const conversationId = stored().conversationId!;
    const expected = ['user: echo: first', 'bot: first', `user: echo: ${TEXT}`, `bot: ${TEXT}`];
    expect(await history(conversationId)).to.deep.equal(expected);
    // The answered news reloads the other tab's history: the same turn, shown once.
    await until(() => texts(b).length === 4 && !q(b, '[part~="typing"]'), 'the other tab’s history');
    expect(botBodies(b)[1], 'the element that streamed is the answer').to.equal(body);
    expect(texts(a)).to.deep.equal(expected);
    expect(texts(b)).to.deep.equal(expected);
    for (const el of [a, b]) expect(q(el, '[part~="error"]')).to.equal(null);
    // Said once, by the tab that asked.
    expect(received.map((seen) => seen.map((e) => e.detail.text))).to.deep.equal([[TEXT], []]);
  });

  it('Stop ends the upstream call at once; the answer shows stopped, here and in the other tab', async () => {
    const a = await mountReady(site, { mode: 'inline' });
    await typeAndSend(a, 'echo: first');
    await waitForAnswer(a);
    const b = await otherTab();
    await until(() => botBodies(b).length === 1, 'the other tab to show the conversation');

    await fault({ fault: { kind: 'slow-tokens', delayMs: 60 }, path: '/complete$', times: 1 });
    await typeAndSend(a, 'tokens:300');
    await until(() => stored().answer, 'the answer’s id');
    await until(() => (botBodies(b)[1]?.textContent ?? '').length > 10, 'the other tab to stream');
    const stoppedAt = performance.now();
    q<HTMLButtonElement>(a, '[part~="stop-button"]')!.click();
    await until(() => q(a, '[part~="send-button"]'), 'the send button back');
    expect(await lastOutcome(2_000)).to.equal('client-closed');
    expect(performance.now() - stoppedAt, 'the upstream closed within a second').to.be.below(1_000);
    for (const el of [a, b]) {
      await until(() => q(el, '.msg.bot .note'), 'stopped');
      expect(q(el, '.msg.bot .note')!.textContent).to.equal('Stopped.');
      expect(q(el, '[part~="error"]')).to.equal(null);
      expect(busy(el)).to.equal(false);
    }
    expect(stored().answer).to.equal(undefined);
  });
});
