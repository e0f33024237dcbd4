/**
 * The panel's finish against the real service: the header (face, title, subtitle), the welcome
 * screen (greeting, prompt cards, recent conversations to reopen), each message's face, time and
 * copy button, the unread badge, the composer's one focus ring, motion, and inline line length.
 */
import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { TesseraChat } from '../src/index.js';
import {
  clearFaults,
  createSite,
  fault,
  forgetAll,
  input,
  mount,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

const launcher = (el: TesseraChat) => q<HTMLButtonElement>(el, '[part~="launcher"]')!;
const badge = (el: TesseraChat) => q(el, '[part~="unread-badge"]')!;

describe('tessera-chat: the finish', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite({
      site: {
        title: 'Velo Bikes',
        subtitle: 'AI assistant · answers instantly',
        greeting: 'Hi! Ask me anything.',
        starterPrompts: ['echo: first card', 'echo: second card'],
        translations: { fr: { subtitle: 'Assistant IA · répond tout de suite' } },
      },
    });
  });
  afterEach(async () => {
    forgetAll();
    await clearFaults();
    await emulateMedia({ reducedMotion: 'no-preference' });
    await setViewport({ width: 800, height: 600 });
  });

  it('the header shows the face (the title’s first letter without an avatar), the title and the subtitle, per language and by attribute', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    expect(q(el, '.head [part~="avatar"]')!.textContent).to.equal('V');
    expect(q(el, '[part~="title"]')!.textContent).to.equal('Velo Bikes');
    expect(q(el, '[part~="subtitle"]')!.textContent).to.equal('AI assistant · answers instantly');
    // Long text never pushes the header's buttons out: it ends with an ellipsis.
    el.style.cssText = 'display: block; width: 320px; height: 480px';
    el.setAttribute('subtitle', 'A very long subtitle that goes on and on, far wider than the header has room for');
    await el.updateComplete;
    const sub = q(el, '[part~="subtitle"]')!;
    expect(sub.scrollWidth > sub.clientWidth && getComputedStyle(sub).textOverflow === 'ellipsis').to.equal(true);
    expect(
      q(el, '[part~="new-conversation-button"]')!.getBoundingClientRect().right <= q(el, '.head')!.getBoundingClientRect().right,
    ).to.equal(true);
    const fr = await mountReady(site, { mode: 'inline', locale: 'fr' });
    expect(q(fr, '[part~="subtitle"]')!.textContent).to.equal('Assistant IA · répond tout de suite');
  });

  it('the welcome screen: greeting, prompt cards, then the visitor’s recent conversations, which reopen', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    const welcome = q(el, '[part~="welcome"]')!;
    expect(welcome.querySelector('[part~="greeting"]')!.textContent).to.contain('Hi! Ask me anything.');
    expect(qa(el, '[part~="starter-prompt"]').map((b) => b.textContent)).to.deep.equal(['echo: first card', 'echo: second card']);
    // No conversations yet: no list, and no session minted for it.
    expect(q(el, '[part~="recent-conversations"]')).to.equal(null);
    qa<HTMLButtonElement>(el, '[part~="starter-prompt"]')[0]!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('first card');
    expect(q(el, '[part~="welcome"]')).to.equal(null);
    // A new conversation: the welcome screen lists the one before.
    q<HTMLButtonElement>(el, '[part~="new-conversation-button"]')!.click();
    const item = await until(() => q<HTMLButtonElement>(el, '[part~="recent-conversation"]'), 'the recent conversation');
    expect(item.querySelector('.preview')!.textContent).to.contain('first card');
    expect(item.querySelector('.ago')!.textContent!.length > 0).to.equal(true);
    item.click();
    await waitForAnswer(el);
    expect(qa(el, '.msg.user').map((m) => m.textContent!.trim())).to.deep.equal(['You: echo: first card']);
    expect(q(el, '[part~="welcome"]')).to.equal(null);
    // The next message continues that conversation.
    await typeAndSend(el, 'echo: again');
    await waitForAnswer(el, 2);
    expect(qa(el, '.msg.user')).to.have.length(2);
  });

  it('each answer has the bot’s face, a time shown on focus, and a copy button that copies its text', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: **bold** words');
    await waitForAnswer(el);
    const bot = q(el, '.msg.bot:not([part~="greeting"])')!;
    const face = bot.querySelector('[part~="avatar"]')!;
    // The face sits outside the bubble, at its start, on its last line.
    expect(face.getBoundingClientRect().right <= bot.getBoundingClientRect().left + 1).to.equal(true);
    const user = q(el, '.msg.user')!;
    const time = user.dataset['time']!;
    // This minute's or the last (the answer may have crossed a minute).
    const clock = (at: number) => new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(at);
    expect([clock(Date.now()), clock(Date.now() - 60_000)].includes(time)).to.equal(true);
    expect(bot.dataset['time']).to.equal(time);
    // Not part of the message's text, and hidden until the message is pointed at or focused.
    expect(user.textContent!.includes(time)).to.equal(false);
    expect(getComputedStyle(bot, '::after').opacity).to.equal('0');
    const copy = bot.querySelector<HTMLButtonElement>('[part~="copy-message-button"]')!;
    expect(copy.getAttribute('aria-label')).to.equal('Copy message');
    copy.focus();
    await until(() => getComputedStyle(bot, '::after').opacity === '1', 'the time on focus');
    expect(getComputedStyle(bot, '::after').content).to.equal(`"${time}"`);
    await sendKeys({ press: 'Enter' }); // a key press: the clipboard takes text only on a visitor's gesture
    // The real clipboard took the text (reading it back needs a permission headless Chromium denies).
    await until(() => copy.getAttribute('aria-label') === 'Copied', 'copied');
    await until(() => copy.getAttribute('aria-label') === 'Copy message', 'back to copy', 3000);
  });

  it('an answer that completes while the panel is closed puts an unread badge on the launcher, until it opens', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 60 }, path: '/complete$', times: 1 });
    const title = document.title;
    const el = await mountReady(site);
    void el.send('echo: one two three four five');
    await until(() => q(el, '[part~="stop-button"]'), 'the answer to start');
    el.close();
    await until(() => !badge(el).hidden, 'the badge', 15_000);
    expect(badge(el).textContent).to.equal('1');
    expect(badge(el).getAttribute('aria-hidden')).to.equal('true');
    expect(launcher(el).getAttribute('aria-label')).to.equal('Open chat, 1 new message');
    // On the launcher's top corner.
    const b = badge(el).getBoundingClientRect();
    const l = launcher(el).getBoundingClientRect();
    expect(b.top < l.top + 8 && b.right > l.right - 8 && b.right < l.right + 12).to.equal(true);
    expect(document.title).to.equal(title);
    el.open();
    await el.updateComplete;
    expect(badge(el).hidden).to.equal(true);
    expect(launcher(el).getAttribute('aria-label')).to.equal('Close chat');
    // Answers seen with the panel open are not unread.
    await typeAndSend(el, 'echo: seen');
    await waitForAnswer(el, 2);
    el.close();
    await el.updateComplete;
    expect(badge(el).hidden).to.equal(true);
  });

  it('while the browser is idle only the panel’s module is fetched: the panel is made on intent', async () => {
    const el = await mount(site);
    await until(() => el.session.status === 'ready' && !launcher(el).hidden, 'the launcher');
    await new Promise((r) => requestIdleCallback(() => setTimeout(r, 300)));
    expect(el.panel === null && q(el, '[part~="panel"]') === null).to.equal(true);
    launcher(el).dispatchEvent(new PointerEvent('pointerenter'));
    await until(() => q(el, '[part~="panel"]'), 'the panel, made on hover');
    expect(q(el, '[part~="panel"]')!.hidden).to.equal(true);
  });

  it('floating, the widget takes no room in the page: a grid page keeps its one row', async () => {
    const page = document.body.appendChild(document.createElement('div'));
    page.style.cssText = 'display: grid; height: 400px';
    const content = page.appendChild(document.createElement('main'));
    const el = await mountReady(site, {}, page);
    el.open();
    await el.updateComplete;
    expect(content.getBoundingClientRect().height).to.equal(400);
    expect(launcher(el).getBoundingClientRect().height > 0).to.equal(true);
    page.remove();
  });

  it('the composer has one focus ring (its border), not a border and an outline', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    input(el).focus();
    const style = getComputedStyle(input(el));
    expect(style.outlineStyle).to.equal('none');
    expect(style.boxShadow.includes('0px 0px 0px 1px')).to.equal(true);
    expect(style.borderTopColor).to.equal(style.boxShadow.slice(0, style.boxShadow.indexOf(')') + 1));
  });

  it('new messages rise into place, and keep still under prefers-reduced-motion', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: move');
    expect(getComputedStyle(q(el, '.msg.user')!).animationName).to.equal('rise');
    await waitForAnswer(el);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(q(el, '.msg.user')!).animationName).to.equal('none');
    expect(getComputedStyle(q(el, '[part~="send-button"]')!).transitionDuration).to.equal('0s');
  });

  it('inline on a wide page, text keeps a readable line length, centred', async () => {
    await setViewport({ width: 1400, height: 800 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, `echo: ${'words that go on '.repeat(30)}`);
    await waitForAnswer(el);
    const log = q(el, '[part~="transcript"]')!.getBoundingClientRect();
    const bot = q(el, '.msg.bot:not([part~="greeting"])')!.getBoundingClientRect();
    expect(bot.width <= 720).to.equal(true);
    expect(Math.abs(bot.left - log.left - (log.right - q(el, '.msg.user')!.getBoundingClientRect().right)) < 40).to.equal(true);
  });
});
