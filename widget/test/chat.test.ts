/** <tessera-chat> against the real token service and emulator: the chat itself. */
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { TesseraChat } from '../src/index.js';
import { UNDO_S } from '../src/panel/panel.js';
import {
  admin,
  botBodies,
  cleanup,
  clearFaults,
  createSite,
  events,
  fault,
  input,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

describe('tessera-chat: chatting', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite({
      site: { title: 'Café Über', greeting: 'Welcome to Café Über!', starterPrompts: ['What is ping?', 'Show markdown'] },
    });
  });
  afterEach(async () => {
    cleanup();
    await clearFaults();
  });

  it('shows the title, greeting and starter prompts from the tenant config', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    expect(q(el, 'h2')!.textContent).to.equal('Café Über');
    expect(q(el, '[part~="greeting"]')!.textContent).to.contain('Welcome to Café Über!');
    expect(qa(el, '[part~="starter-prompt"]').map((b) => b.textContent)).to.deep.equal(['What is ping?', 'Show markdown']);
  });

  it('sends with the button, streams the answer as markdown and fires events', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    const seen = events(document, 'tessera-message-sent', 'tessera-message-received');
    await typeAndSend(el, 'markdown');
    expect(input(el).value).to.equal('');
    expect(q(el, '.msg.user')!.textContent).to.contain('markdown');
    const body = await waitForAnswer(el);
    expect(body.querySelector('h3')!.textContent).to.contain('Formatting showcase');
    expect(body.querySelector('table')).to.not.equal(null);
    expect(body.querySelector('pre code')!.textContent).to.contain('export function greet');
    expect(seen.map((e) => e.type)).to.deep.equal(['tessera-message-sent', 'tessera-message-received']);
    expect(seen[0]!.detail.text).to.equal('markdown');
    expect(seen[1]!.detail.text).to.contain('Formatting showcase');
    expect(seen[1]!.detail.conversationId).to.match(/^cv_/);
    expect(seen[1]!.bubbles && seen[1]!.composed).to.equal(true);
  });

  it('starts a conversation from a starter prompt, which then disappear', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    qa(el, '[part~="starter-prompt"]')[0]!.click();
    const body = await waitForAnswer(el);
    expect(body.textContent).to.equal('pong');
    expect(qa(el, '[part~="starter-prompt"]').length).to.equal(0);
  });

  it('Enter sends, Shift+Enter adds a line', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    input(el).focus();
    await sendKeys({ type: 'echo: one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'two' });
    expect(input(el).value).to.equal('echo: one\ntwo');
    expect(qa(el, '.msg.user').length).to.equal(0);
    await sendKeys({ press: 'Enter' });
    const body = await waitForAnswer(el);
    expect(q(el, '.msg.user')!.textContent).to.contain('echo: one\ntwo');
    expect(body.querySelector('br')).to.not.equal(null);
    expect(body.textContent).to.equal('onetwo');
  });

  it('shows a typing indicator before the first token, and a stop button that aborts the answer', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 150 }, path: '/complete$' });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:200');
    expect(q(el, '[part~="typing"]')).to.not.equal(null);
    expect(q(el, '[part~="transcript"]')!.getAttribute('aria-busy')).to.equal('true');
    await until(() => (botBodies(el)[0]?.textContent ?? '').length > 10, 'first tokens');
    expect(q(el, '[part~="typing"]')).to.equal(null);
    q<HTMLButtonElement>(el, '[part~="stop-button"]')!.click();
    await until(() => q(el, '[part~="send-button"]'), 'send button back');
    const text = botBodies(el)[0]!.textContent!;
    expect(q(el, '.msg.bot .note')!.textContent).to.equal('Stopped.');
    await new Promise((r) => setTimeout(r, 400));
    expect(botBodies(el)[0]!.textContent).to.equal(text);
    expect(q(el, '[part~="error"]')).to.equal(null);
    expect(q(el, '[part~="transcript"]')!.getAttribute('aria-busy')).to.equal('false');
  });

  describe('"new conversation"', () => {
    const stored = () => JSON.parse(localStorage.getItem(`tessera:${site.siteKey}`) ?? '{}').conversationId;
    const newConversation = (el: TesseraChat) => q<HTMLButtonElement>(el, '[part~="new-conversation-button"]')!.click();
    // Booleans and parts, not elements, in assertions: a failing one then reports clearly (serializing
    // a widget's element graph for the report can take the browser down).
    const undoBar = (el: TesseraChat) => Boolean(q(el, '[role="status"] > [part~="undo-bar"]'));
    /** The part of the widget that has focus. */
    const focused = (el: TesseraChat) =>
      document.activeElement === el ? el.shadowRoot!.activeElement?.getAttribute('part') : null;

    /** An inline chat with one answered message; its conversation id. */
    async function chatted(): Promise<[TesseraChat, string]> {
      const el = await mountReady(site, { mode: 'inline' });
      await typeAndSend(el, 'echo: first');
      await waitForAnswer(el);
      return [el, stored()];
    }

    it('starts a new conversation at once with an undo bar; a message sent meanwhile starts the new one', async () => {
      const [el, first] = await chatted();
      expect(first).to.match(/^cv_/);
      newConversation(el);
      await el.updateComplete;
      expect(botBodies(el).length).to.equal(0);
      expect(qa(el, '[part~="starter-prompt"]').length).to.equal(2);
      expect(stored()).to.equal(undefined);
      expect(q(el, '[part~="undo-bar"]')!.textContent).to.contain('Started a new conversation.');
      expect(q(el, '[part~="undo-button"]')!.textContent).to.equal('Undo');
      expect(focused(el)).to.equal('input');
      await typeAndSend(el, 'echo: second');
      expect(undoBar(el)).to.equal(false);
      await waitForAnswer(el);
      const second = stored();
      expect(second).to.match(/^cv_/).and.not.equal(first);
      expect(botBodies(el).map((b) => b.textContent)).to.deep.equal(['second']);
      // A reload shows the new conversation only.
      el.remove();
      const again = await mountReady(site, { mode: 'inline' });
      await until(() => botBodies(again).length === 1, 'history');
      expect(qa(again, '.msg.user').map((m) => m.textContent!.trim())).to.deep.equal(['You: echo: second']);
    });

    it('undo (keyboard: one Shift+Tab from the composer) brings back the same conversation, after a reload too', async () => {
      const [el, first] = await chatted();
      newConversation(el);
      await el.updateComplete;
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(focused(el)).to.equal('undo-button');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(undoBar(el)).to.equal(false);
      expect(stored()).to.equal(first);
      expect(botBodies(el).map((b) => b.textContent)).to.deep.equal(['first']);
      expect(qa(el, '[part~="starter-prompt"]').length).to.equal(0);
      expect(focused(el)).to.equal('input');
      el.remove();
      const again = await mountReady(site, { mode: 'inline' });
      await until(() => botBodies(again).length === 1, 'history');
      expect(botBodies(again)[0]!.textContent).to.equal('first');
      await typeAndSend(again, 'echo: more');
      await waitForAnswer(again, 2);
      expect(stored()).to.equal(first);
    });

    it('after the undo window the old conversation is gone; the window waits while the bar has focus', async function () {
      this.timeout(40_000);
      const [el] = await chatted();
      newConversation(el);
      await el.updateComplete;
      q<HTMLButtonElement>(el, '[part~="undo-button"]')!.focus();
      await new Promise((r) => setTimeout(r, UNDO_S * 1000 + 1500));
      expect(undoBar(el)).to.equal(true);
      input(el).focus();
      const left = performance.now();
      await until(() => !undoBar(el), 'the window to close', UNDO_S * 1000 + 3000);
      // Counted afresh from the last second the bar had focus.
      expect(performance.now() - left).to.be.above((UNDO_S - 1) * 1000);
      expect(stored()).to.equal(undefined);
      expect(botBodies(el).length).to.equal(0);
      el.remove();
      const again = await mountReady(site, { mode: 'inline' });
      await new Promise((r) => setTimeout(r, 300));
      expect(botBodies(again).length).to.equal(0);
      expect(qa(again, '[part~="starter-prompt"]').length).to.equal(2);
    });

    it('offers no undo with nothing to undo, and reset() (the API) stays immediate and cancels an undo', async () => {
      const fresh = await mountReady(site, { mode: 'inline' });
      newConversation(fresh);
      await fresh.updateComplete;
      expect(undoBar(fresh)).to.equal(false);
      expect(focused(fresh)).to.equal('input');
      fresh.remove();
      const [el] = await chatted();
      newConversation(el);
      await el.updateComplete;
      newConversation(el); // a second click on the empty new conversation keeps the undo
      await el.updateComplete;
      expect(undoBar(el)).to.equal(true);
      el.reset();
      await el.updateComplete;
      expect(undoBar(el)).to.equal(false);
      expect(stored()).to.equal(undefined);
      expect(el.panel!.chat.previous === null, 'nothing kept to bring back').to.equal(true);
    });
  });

  it('exposes open(), close(), toggle(), send() and reset()', async () => {
    const el: TesseraChat = await mountReady(site);
    const seen = events(el, 'tessera-open', 'tessera-close');
    expect(q(el, '[part~="panel"]')!.hidden).to.equal(true);
    el.open();
    await el.updateComplete;
    expect(q(el, '[part~="panel"]')!.hidden).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(true);
    el.toggle();
    await el.updateComplete;
    expect(q(el, '[part~="panel"]')!.hidden).to.equal(true);
    await el.send('echo: from the API');
    expect(q(el, '[part~="panel"]')!.hidden).to.equal(false);
    expect((await waitForAnswer(el)).textContent).to.equal('from the API');
    el.reset();
    await el.updateComplete;
    expect(botBodies(el).length).to.equal(0);
    expect(Boolean(q(el, '[part~="undo-bar"]'))).to.equal(false);
    el.close();
    await el.updateComplete;
    expect(seen.map((e) => e.type)).to.deep.equal(['tessera-open', 'tessera-close', 'tessera-open', 'tessera-close']);
  });

  it('autoscroll follows the answer until the visitor scrolls up, then offers "jump to latest"', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 10 }, path: '/complete$' });
    const holder = document.createElement('div');
    holder.style.height = '360px';
    document.body.append(holder);
    try {
      const el = await mountReady(site, { mode: 'inline' }, holder);
      const log = q(el, '[part~="transcript"]')!;
      await typeAndSend(el, 'tokens:400');
      await until(() => log.scrollHeight > log.clientHeight * 2, 'overflow');
      await until(() => log.scrollHeight - log.scrollTop - log.clientHeight < 40, 'following');
      expect(q(el, '[part~="jump-button"]')).to.equal(null);
      log.scrollTop = 0;
      const jump = await until(() => q<HTMLButtonElement>(el, '[part~="jump-button"]'), 'jump button');
      await new Promise((r) => setTimeout(r, 200));
      expect(log.scrollTop).to.equal(0);
      jump.click();
      await until(
        () => !q(el, '[part~="jump-button"]') && log.scrollHeight - log.scrollTop - log.clientHeight < 40,
        'back at the end',
      );
      expect(el.shadowRoot!.activeElement).to.equal(input(el));
      await waitForAnswer(el);
    } finally {
      holder.remove();
    }
  });

  it('inline mode fills a sized container and grows with content in an unsized one', async () => {
    const sized = document.createElement('div');
    sized.style.height = '500px';
    document.body.append(sized);
    const grown = document.createElement('div');
    document.body.append(grown);
    try {
      const a = await mountReady(site, { mode: 'inline' }, sized);
      expect(Math.round(q(a, '[part~="panel"]')!.getBoundingClientRect().height)).to.equal(500);
      const b = await mountReady(site, { mode: 'inline' }, grown);
      const before = q(b, '[part~="panel"]')!.getBoundingClientRect().height;
      await typeAndSend(b, 'long');
      await waitForAnswer(b);
      expect(q(b, '[part~="panel"]')!.getBoundingClientRect().height).to.be.above(before + 200);
      expect(q(b, '[part~="launcher"]')).to.equal(null);
    } finally {
      sized.remove();
      grown.remove();
    }
  });

  it('rates an answer: thumbs down, a comment, and the customer sees both in the transcript', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    const seen = events(document, 'tessera-message-received');
    await typeAndSend(el, 'What is ping?');
    await waitForAnswer(el);
    const { conversationId, messageId } = (await until(() => seen[0], 'the answer')).detail;
    const up = await until(() => q<HTMLButtonElement>(el, '[part~="feedback-button"].up'), 'the thumbs');
    const down = q<HTMLButtonElement>(el, '[part~="feedback-button"].down')!;
    expect([up.getAttribute('aria-label'), down.getAttribute('aria-label')]).to.deep.equal(['Helpful', 'Not helpful']);
    down.click();
    const comment = await until(() => q<HTMLInputElement>(el, '[part~="feedback"] input'), 'the comment field');
    expect(down.getAttribute('aria-pressed')).to.equal('true');
    expect(up.getAttribute('aria-pressed')).to.equal('false');
    comment.value = 'It did not answer';
    q<HTMLButtonElement>(el, '[part~="feedback"] form button')!.click();
    await until(() => !q(el, '[part~="feedback"] input'), 'the comment to be sent');
    let rated: { feedback?: { rating: string; comment: string | null } } | undefined;
    for (let i = 0; i < 50 && !rated?.feedback?.comment; i++) {
      const res = await admin('GET', `/tenants/${site.tenantId}/conversations/${conversationId}/messages`);
      rated = res.body.items?.find((m: { id: string }) => m.id === messageId);
      if (!rated?.feedback?.comment) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rated?.feedback).to.deep.include({ rating: 'down', comment: 'It did not answer' });
  });
});
