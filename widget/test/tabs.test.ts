/**
 * Two tabs of one visitor against the real service: this page's widget is tab A, tab B is a
 * same-origin iframe running its own copy of the widget (test/support/tab.html): its own window,
 * modules and BroadcastChannel, the same localStorage, as a second browser tab has. Two elements in
 * one document would share one module graph and see each other's storage writes directly, which no
 * two real tabs do.
 */
import { expect } from '@esm-bundle/chai';
import type * as Wire from '@tessera/protocol/types';
import type { TesseraChat } from '../src/index.js';
import {
  botBodies,
  cleanup,
  createSite,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

describe('tessera-chat: two tabs of one visitor', () => {
  let site: TestSite;
  let frame: HTMLIFrameElement | null = null;
  const stored = (): { token?: string; conversationId?: string } =>
    JSON.parse(localStorage.getItem(`tessera:${site.siteKey}`) ?? '{}');
  const questions = (el: Element) => qa(el, '.msg.user').map((m) => m.textContent!.trim().replace(/^You: /, ''));
  const answers = (el: Element) => botBodies(el).map((b) => b.textContent);

  /** Tab B: the other tab, with its widget once its config and panel are in. */
  async function otherTab(channel = true): Promise<TesseraChat> {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width: 420px; height: 600px; border: 0';
    frame.src = `/test/support/tab.html?siteKey=${site.siteKey}&serviceUrl=${encodeURIComponent(site.serviceUrl)}${channel ? '' : '&channel=0'}`;
    document.body.append(frame);
    const doc = await until(
      () => frame!.contentDocument?.querySelector('tessera-chat') && frame!.contentDocument,
      'tab B’s page',
    );
    const el = doc.querySelector('tessera-chat') as TesseraChat;
    await until(() => el.panel && q(el, 'textarea'), 'tab B’s panel');
    return el;
  }

  /** A conversation's messages, from the service. */
  async function history(conversationId: string): Promise<string[]> {
    const res = await fetch(`${site.serviceUrl}/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`, {
      headers: { Authorization: `Bearer ${stored().token}` },
    });
    expect(res.status).to.equal(200);
    return ((await res.json()) as Wire.History).items.map((m) => `${m.role}: ${m.text}`);
  }

  before(async () => {
    site = await createSite();
  });
  const channel = window.BroadcastChannel;
  afterEach(() => {
    window.BroadcastChannel = channel;
    frame?.remove();
    frame = null;
    cleanup();
  });

  for (const via of ['BroadcastChannel', 'storage events']) {
    it(`a new conversation asked in tab A shows in tab B, and B’s next message lands in the conversation B shows (${via})`, async () => {
      const viaChannel = via === 'BroadcastChannel';
      // A browser without BroadcastChannel: both tabs' widgets are made without it.
      if (!viaChannel) (window as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
      const a = await mountReady(site, { mode: 'inline' });
      await typeAndSend(a, 'echo: first');
      await waitForAnswer(a);
      const first = stored().conversationId!;
      const b = await otherTab(viaChannel);
      await until(() => answers(b).length === 1, 'tab B to show conversation 1');

      q<HTMLButtonElement>(a, '[part~="new-conversation-button"]')!.click();
      await until(() => !questions(b).length, 'tab B to follow the new conversation');
      await typeAndSend(a, 'echo: second');
      await waitForAnswer(a);
      const second = stored().conversationId!;
      expect(second).to.not.equal(first);
      await until(() => answers(b).join() === 'second', 'tab B to show A’s question and answer');
      expect(questions(b)).to.deep.equal(['echo: second']);

      await typeAndSend(b, 'echo: from B');
      await waitForAnswer(b, 2);
      expect(await history(second)).to.deep.equal(['user: echo: second', 'bot: second', 'user: echo: from B', 'bot: from B']);
      expect(await history(first)).to.deep.equal(['user: echo: first', 'bot: first']);
      // ... and tab A shows B's turn too.
      await until(() => answers(a).length === 2, 'tab A to show B’s answer');
      expect(questions(a)).to.deep.equal(['echo: second', 'echo: from B']);
      expect(q(a, '[part~="error"]')).to.equal(null);
      expect(q(b, '[part~="error"]')).to.equal(null);
    });
  }

  it('reopens an earlier conversation: its messages show, in the other tab too', async () => {
    const a = await mountReady(site, { mode: 'inline' });
    await typeAndSend(a, 'echo: the old one');
    await waitForAnswer(a);
    const old = stored().conversationId!;
    q<HTMLButtonElement>(a, '[part~="new-conversation-button"]')!.click();
    await typeAndSend(a, 'echo: the new one');
    await waitForAnswer(a);
    const recent = stored().conversationId!;
    const b = await otherTab();
    await until(() => answers(b).join() === 'the new one', 'tab B on the new conversation');

    const chat = a.panel!.chat;
    await chat.loadRecent();
    // Latest first (the visitor's conversations of the test before come after).
    expect(chat.recent[0]!.conversationId).to.equal(old);
    expect(chat.recent[0]!.preview).to.equal('the old one');
    await chat.open(old);
    await until(() => answers(a).join() === 'the old one', 'tab A to show the old conversation');
    expect(questions(a)).to.deep.equal(['echo: the old one']);
    expect(stored().conversationId).to.equal(old);
    await until(() => answers(b).join() === 'the old one', 'tab B to follow');
    // The one left is now among the recent ones.
    expect(chat.recent[0]!.conversationId).to.equal(recent);
    expect(chat.recent.map((c) => c.conversationId)).to.not.include(old);
  });
});
