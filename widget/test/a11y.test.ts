/** Accessibility (WCAG 2.2 AA): axe-core closed and open, roles and names, focus, keyboard-only use, motion. */
import 'axe-core';
import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { TesseraChat } from '../src/index.js';
import {
  cleanup,
  createSite,
  forgetAll,
  input,
  mountReady,
  q,
  qa,
  type TestSite,
  until,
  waitForAnswer,
} from './support/helpers.js';

interface AxeResults {
  violations: { id: string; impact: string; nodes: { target: unknown; failureSummary: string }[] }[];
}
declare const axe: { run(context: Node, options?: object): Promise<AxeResults> };

async function violations(): Promise<string[]> {
  // Let opening animations end first: mid-fade colors are not the colors a visitor reads.
  const running = [...document.querySelectorAll('tessera-chat')].flatMap((el) => el.shadowRoot!.getAnimations());
  await Promise.all(running.filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished));
  const { violations } = await axe.run(document, { resultTypes: ['violations'] });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join('; ')}`,
  );
}

/** The element that has focus, looking into the widget's shadow root. */
function focused(el: TesseraChat): Element | null {
  return document.activeElement === el ? el.shadowRoot!.activeElement : document.activeElement;
}

describe('tessera-chat: accessibility', () => {
  let site: TestSite;
  let page: HTMLElement;

  before(async () => {
    site = await createSite({ site: { title: 'Help desk', starterPrompts: ['What is ping?'] } });
    // A well-formed host page, so that every axe finding is the widget's.
    document.title = 'Widget accessibility test';
    document.documentElement.lang = 'en';
    page = document.createElement('main');
    page.innerHTML = '<h1>A customer site</h1><button id="before">A page button</button>';
    document.body.prepend(page);
  });
  after(() => page.remove());
  afterEach(async () => {
    cleanup();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('has no axe violations closed, and open on the welcome screen with its starter prompts', async () => {
    const el = await mountReady(site);
    expect(q(el, '[part~="panel"]')!.hidden, 'closed').to.equal(true);
    expect(await violations()).to.deep.equal([]);
    el.open();
    await el.updateComplete;
    await until(() => q(el, '[part~="starter-prompts"]'), 'the welcome screen');
    expect(await violations()).to.deep.equal([]);
  });

  it('has no axe violations with an answer (a code block, feedback buttons) and with an error', async () => {
    const el = await mountReady(site);
    el.open();
    await el.send('markdown');
    await waitForAnswer(el);
    await until(() => q(el, '[part~="feedback-button"]'), 'the feedback buttons');
    expect(q(el, '.msg.bot pre') !== null && q(el, '.msg.bot table') !== null, 'code block and table').to.equal(true);
    expect(await violations()).to.deep.equal([]);
    await el.send('x'.repeat(4001));
    await until(() => q(el, '[part~="error"]'), 'error');
    expect(await violations()).to.deep.equal([]);
  });

  it('has no axe violations in dark mode, inline mode and Arabic', async () => {
    await mountReady(site, { mode: 'inline', 'color-scheme': 'dark', locale: 'ar' });
    expect(await violations()).to.deep.equal([]);
  });

  it('launcher: a real button with an accessible name, aria-expanded and aria-controls; panel: a labelled dialog', async () => {
    const el = await mountReady(site);
    const launcher = q<HTMLButtonElement>(el, '[part~="launcher"]')!;
    expect(launcher.tagName).to.equal('BUTTON');
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    const panel = el.shadowRoot!.getElementById(launcher.getAttribute('aria-controls')!)!;
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(el.shadowRoot!.getElementById(panel.getAttribute('aria-labelledby')!)!.textContent).to.equal('Help desk');
    launcher.click();
    await el.updateComplete;
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    expect(launcher.getAttribute('aria-label')).to.equal('Close chat');
    const log = q(el, '[part~="transcript"]')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-label')).to.equal('Conversation');
    expect(input(el).getAttribute('aria-label')).to.equal('Message');
    for (const button of qa<HTMLButtonElement>(el, 'button'))
      expect(button.getAttribute('aria-label') || button.textContent!.trim()).to.not.equal('');
  });

  it('keyboard only: Tab to the launcher, Enter opens, type and Enter sends, Tab reaches the answer’s buttons, Escape closes', async () => {
    const el = await mountReady(site);
    (document.getElementById('before') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Tab' });
    const launcher = q(el, '[part~="launcher"]')!;
    expect(focused(el)).to.equal(launcher);
    expect(getComputedStyle(launcher).outlineStyle).to.equal('solid');
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el) === input(el), 'focus in the composer');
    // The emulator answers "code" with a code block.
    await sendKeys({ type: 'code' });
    await sendKeys({ press: 'Enter' });
    const answer = await waitForAnswer(el);
    expect(answer.querySelector('pre') !== null, 'a code block').to.equal(true);
    expect(focused(el)).to.equal(input(el));
    // Back from the composer through the answer's buttons (feedback below the code, then its copy
    // button), each with a visible focus ring.
    const passed: string[] = [];
    for (let i = 0; i < 12 && !focused(el)?.matches('[part~="copy-button"]'); i++) {
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      const active = focused(el) as HTMLElement;
      passed.push(active.getAttribute('part') ?? active.tagName);
      expect(getComputedStyle(active).outlineStyle, passed.at(-1)).to.equal('solid');
    }
    expect(passed.at(-1), passed.join(', ')).to.equal('copy-button');
    expect(passed.filter((part) => part === 'feedback-button').length, passed.join(', ')).to.equal(2);
    // Forward again to "helpful", and rate the answer with the keyboard.
    for (let i = 0; i < 12 && !focused(el)?.matches('[part~="feedback-button"].up'); i++) await sendKeys({ press: 'Tab' });
    const helpful = focused(el) as HTMLButtonElement;
    expect(helpful.matches('[part~="feedback-button"].up'), 'on "helpful"').to.equal(true);
    await sendKeys({ press: 'Enter' });
    await until(() => helpful.getAttribute('aria-pressed') === 'true', 'rated');
    await sendKeys({ press: 'Escape' });
    await until(() => q(el, '[part~="panel"]')!.hidden, 'closed');
    expect(focused(el)).to.equal(launcher);
  });

  it('keyboard only: every control is reachable in a sensible order, each with a visible focus ring', async () => {
    // A new visitor: the welcome screen would also list the conversations of the tests before.
    forgetAll();
    const el = await mountReady(site);
    el.open();
    await until(() => focused(el) === input(el), 'focus in the composer');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      const active = focused(el) as HTMLElement;
      order.push(active.getAttribute('part') ?? active.id);
      if (el.shadowRoot!.contains(active)) expect(getComputedStyle(active).outlineStyle, order.at(-1)).to.equal('solid');
    }
    expect(order).to.deep.equal([
      'starter-prompt',
      'transcript',
      'header-button close-button',
      'header-button new-conversation-button',
      'launcher',
      'before',
    ]);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(focused(el)!.getAttribute('part')).to.equal('header-button close-button');
    await sendKeys({ press: 'Enter' });
    await until(() => q(el, '[part~="panel"]')!.hidden, 'closed');
    expect(focused(el)!.getAttribute('part')).to.equal('launcher');
  });

  it('announces politely: the log is busy while an answer streams and the finished answer is in it', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    const log = q(el, '[part~="transcript"]')!;
    const busy: string[] = [];
    const observer = new MutationObserver(() => busy.push(log.getAttribute('aria-busy')!));
    observer.observe(log, { attributes: true, attributeFilter: ['aria-busy'] });
    await el.send('echo: announced');
    await waitForAnswer(el);
    observer.disconnect();
    expect(busy).to.deep.equal(['true', 'false']);
    expect(log.querySelector('.msg.bot:last-of-type')!.textContent).to.contain('announced');
  });

  it('respects prefers-reduced-motion', async () => {
    const el = await mountReady(site);
    el.open();
    await el.updateComplete;
    expect(getComputedStyle(q(el, '[part~="panel"]')!).animationName).to.equal('pop');
    el.close();
    await el.updateComplete;
    await emulateMedia({ reducedMotion: 'reduce' });
    el.open();
    await el.updateComplete;
    expect(getComputedStyle(q(el, '[part~="panel"]')!).animationName).to.equal('none');
  });

  it('keeps the composer font at 16px or more and never touches the viewport meta or zoom', async () => {
    const metasBefore = document.head.innerHTML;
    const el = await mountReady(site);
    el.open();
    await el.updateComplete;
    expect(parseFloat(getComputedStyle(input(el)).fontSize)).to.be.at.least(16);
    expect(document.head.innerHTML).to.equal(metasBefore);
  });
});
