/**
 * Screenshot tests of the widget's key states against the reviewed baselines in test/visual/,
 * pixel by pixel (pixelmatch through @web/test-runner-visual-regression; tolerance and folders in
 * web-test-runner.config.mjs). A picture that differs fails the test and leaves the new picture
 * and a diff in artifacts/visual/. A change of look made on purpose: `pnpm run visual:update`, then
 * review the new baselines like code. README.md shows some of these baselines, so its pictures
 * are always the ones the tests compare with.
 *
 * Each picture is the whole viewport: a fixed customer page with the real widget over it (real
 * service, real emulator, whose answers are deterministic). What would differ between two runs
 * is held still: a fixed viewport, reduced motion, finished animations, loaded fonts, no focus
 * (so no caret and no focus ring), the transcript scrolled to its end, no clock text on screen.
 * States are reached through the element's API and found by their `part` names, not by layout.
 */
import { expect } from '@esm-bundle/chai';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { visualDiff } from '@web/test-runner-visual-regression';
import type { TesseraChat } from '../src/index.js';
import {
  cleanup,
  clearFaults,
  createSite,
  fault,
  forgetAll,
  mountReady,
  q,
  type TestSite,
  until,
  waitForAnswer,
} from './support/helpers.js';

// The package's index.d.ts re-exports './browser/commands.mjs', whose types are in commands.d.ts:
// TypeScript looks for commands.d.mts and finds nothing, so the one export is declared here.
declare module '@web/test-runner-visual-regression' {
  export function visualDiff(element: Node, name: string): Promise<void>;
}

const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

/** The question the README's picture shows, and the site's answer to it: a code block and a table. */
const QUESTION = 'How do I call the API?';
const ANSWER = [
  'Send your key in the `Authorization` header:',
  '',
  '```ts',
  "const res = await fetch('/api/v1/rides', {",
  '  headers: { Authorization: `Bearer ${key}` },',
  '});',
  '```',
  '',
  '| Plan | Requests / day | Price |',
  '| --- | --- | --- |',
  '| Starter | 1 000 | € 9 |',
  '| Team | 50 000 | € 49 |',
].join('\\n');

const ARABIC_QUESTION = 'متى يصل الشحن؟';
const ARABIC_ANSWER = 'نشحن خلال **يومين**.\\nيصلك رابط التتبع بالبريد الإلكتروني.';

/** A customer's page under the widget: plain blocks of colour and system fonts, nothing that moves. */
const PAGE_STYLE = `
  #customer-page { position: fixed; inset: 0; overflow: hidden; font: 16px/1.5 system-ui, sans-serif;
    background: #f6f3ee; color: #1d2b2a; }
  #customer-page header { display: flex; justify-content: space-between; padding: 18px 48px; background: #fff;
    font-weight: 700; color: #0f766e; }
  #customer-page .hero { padding: 56px 48px; background: #0f766e; color: #fff; }
  #customer-page h1 { margin: 0 0 12px; font-size: 44px; line-height: 1.1; }
  #customer-page h2 { margin: 0; font-size: 20px; }
  #customer-page p { margin: 0; max-width: 30em; }
  #customer-page .cards { display: flex; gap: 20px; padding: 40px 48px; }
  #customer-page .card { flex: 1; height: 150px; padding: 20px; border-radius: 12px; background: #fff; }
  #customer-page.dark { background: #0b1120; color: #e2e8f0; }
  #customer-page.dark header { background: #111827; color: #5eead4; }
  #customer-page.dark .hero { background: #134e4a; }
  #customer-page.dark .card { background: #1e293b; }
`;

const PAGES = {
  en: {
    lang: 'en',
    brand: 'Velo Bikes',
    nav: 'Bikes · Repairs · Visit us',
    heading: 'Ride Lyon, your way.',
    text: 'City bikes, gravel bikes and e-bikes, tuned by people who ride every day.',
    cards: ['Rhône City', 'Croix-Rousse Gravel', 'Saône E-bike'],
  },
  ar: {
    lang: 'ar',
    brand: 'فيلو للدراجات',
    nav: 'الدراجات · الإصلاح · زورونا',
    heading: 'تجوّل في ليون على طريقتك.',
    text: 'دراجات للمدينة والطرق الوعرة ودراجات كهربائية، يجهّزها أناس يركبون كل يوم.',
    cards: ['رون سيتي', 'كروا روس للطرق الوعرة', 'سون الكهربائية'],
  },
};

describe('tessera-chat: screenshots against the baselines', () => {
  let site: TestSite;
  let page: HTMLElement;
  let style: HTMLStyleElement;

  before(async () => {
    site = await createSite({
      bot: {
        backstory: ['You are Vela, the assistant of Velo Bikes.', `- when api: ${ANSWER}`, `- when الشحن: ${ARABIC_ANSWER}`].join(
          '\n',
        ),
      },
      site: {
        title: 'Velo Bikes',
        subtitle: 'AI assistant · answers instantly',
        greeting: 'Hi! Ask me about bikes, repairs or our API.',
        starterPrompts: [QUESTION, 'When are you open?'],
        translations: {
          ar: {
            title: 'فيلو للدراجات',
            subtitle: 'مساعد ذكي · يجيب فورًا',
            greeting: 'مرحبًا! اسألني عن الدراجات أو الإصلاح أو الشحن.',
            starterPrompts: [ARABIC_QUESTION, 'ما مواعيد العمل؟'],
          },
        },
      },
    });
    style = document.createElement('style');
    style.textContent = PAGE_STYLE;
    document.head.append(style);
    await emulateMedia({ reducedMotion: 'reduce' });
  });
  after(async () => {
    style.remove();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });
  beforeEach(async () => {
    // A new visitor each time: the welcome screen would list the conversations of earlier tests.
    forgetAll();
    await setViewport(DESKTOP);
  });
  afterEach(async () => {
    cleanup();
    page?.remove();
    document.documentElement.lang = 'en';
    document.documentElement.dir = '';
    await clearFaults();
  });

  /** Put the customer page on screen, in its language and scheme. */
  function customerPage(language: keyof typeof PAGES = 'en', dark = false): HTMLElement {
    const p = PAGES[language];
    document.documentElement.lang = p.lang;
    document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
    page = document.createElement('div');
    page.id = 'customer-page';
    page.className = dark ? 'dark' : '';
    page.innerHTML = `<header><span>${p.brand}</span><span>${p.nav}</span></header>
      <section class="hero"><h1>${p.heading}</h1><p>${p.text}</p></section>
      <section class="cards">${p.cards.map((card) => `<div class="card"><h2>${card}</h2></div>`).join('')}</section>`;
    document.body.prepend(page);
    return page;
  }

  /** Open the widget and wait until its panel shows the welcome screen. */
  async function open(el: TesseraChat): Promise<void> {
    el.open();
    await el.updateComplete;
    await until(() => q(el, '[part~="panel"]')?.checkVisibility() && q(el, '[part~="starter-prompts"]'), 'the welcome screen');
  }

  async function ask(el: TesseraChat, text: string): Promise<void> {
    await el.send(text);
    await waitForAnswer(el);
    await until(() => q(el, '[part~="feedback"]'), 'the feedback buttons');
  }

  /** Hold everything still, then compare the viewport with the baseline `name`. */
  async function expectPicture(el: TesseraChat, name: string): Promise<void> {
    // Nothing focused: no caret, no focus ring (their look depends on whether the window has focus).
    (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
    await document.fonts.ready;
    const images = [...el.shadowRoot!.querySelectorAll('img')];
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
    await Promise.all(
      el
        .shadowRoot!.getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished),
    );
    // The transcript follows the answer on the next frame; let that and any layout settle.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(q(el, '[part~="typing"]'), 'still typing').to.equal(null);
    await visualDiff(page, name);
  }

  it('closed: the launcher on the page', async () => {
    customerPage();
    const el = await mountReady(site);
    expect(q(el, '[part~="panel"]')?.checkVisibility() ?? false).to.equal(false);
    await expectPicture(el, 'closed');
  });

  it('welcome: greeting and starter prompts', async () => {
    customerPage();
    const el = await mountReady(site);
    await open(el);
    await expectPicture(el, 'welcome');
  });

  it('an answer with a code block and a table', async () => {
    customerPage();
    const el = await mountReady(site);
    await open(el);
    await ask(el, QUESTION);
    expect(q(el, '.msg.bot pre') !== null && q(el, '.msg.bot table') !== null, 'code block and table').to.equal(true);
    await expectPicture(el, 'answer');
  });

  it('error: the question kept, what went wrong, and Retry', async () => {
    await fault({ fault: { kind: 'status', status: 500 }, path: '/complete$', times: 1 });
    customerPage();
    const el = await mountReady(site);
    await open(el);
    await el.send(QUESTION);
    await until(() => q(el, '[part~="retry-button"]'), 'the error with Retry');
    await expectPicture(el, 'error');
  });

  it('phone: full screen, with an answer', async () => {
    await setViewport(PHONE);
    customerPage();
    const el = await mountReady(site);
    await open(el);
    await ask(el, QUESTION);
    await expectPicture(el, 'phone');
  });

  it('dark: the answer in the dark scheme on a dark page', async () => {
    customerPage('en', true);
    const el = await mountReady(site, { 'color-scheme': 'dark' });
    await open(el);
    await ask(el, QUESTION);
    await expectPicture(el, 'dark');
  });

  it('welcome, back again: the visitor’s recent conversations to reopen', async () => {
    customerPage();
    const el = await mountReady(site);
    await open(el);
    await ask(el, QUESTION);
    q<HTMLButtonElement>(el, '[part~="new-conversation-button"]')!.click();
    el.panel!.chat.commit(); // the undo bar's window closed
    // Said as "now": the picture is taken well within the minute.
    await until(() => q(el, '[part~="recent-conversation"]'), 'the recent conversation');
    await expectPicture(el, 'recent');
  });

  it('unread: an answer completed while the panel was closed', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 40 }, path: '/complete$', times: 1 });
    customerPage();
    const el = await mountReady(site);
    await open(el);
    void el.send(QUESTION);
    await until(() => q(el, '[part~="stop-button"]'), 'the answer to start');
    el.close();
    await until(() => !q(el, '[part~="unread-badge"]')!.hidden, 'the unread badge', 15_000);
    await expectPicture(el, 'unread');
  });

  it('inline: the chat in a page of its own, at a readable line length', async () => {
    customerPage();
    const column = page.appendChild(document.createElement('div'));
    column.style.cssText = 'position: absolute; inset: 80px 48px 24px';
    const el = await mountReady(site, { mode: 'inline' }, column);
    await ask(el, QUESTION);
    await expectPicture(el, 'inline');
  });

  it('Arabic: right to left on an Arabic page, with an answer', async () => {
    customerPage('ar');
    const el = await mountReady(site, { locale: 'ar' });
    await open(el);
    await ask(el, ARABIC_QUESTION);
    expect(q(el, '.root')!.dir).to.equal('rtl');
    await expectPicture(el, 'arabic');
  });
});
