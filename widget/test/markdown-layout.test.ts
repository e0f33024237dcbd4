/**
 * How answers are laid out in Chromium, through the real widget and stack: text direction per block
 * (English on an Arabic page, Arabic on an English page; code always left to right), the code
 * block's header bar, and tables on a phone. Layout is measured (where characters land), not read
 * from attributes.
 */
import 'axe-core';
import { expect } from '@esm-bundle/chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { TesseraChat } from '../src/index.js';
import { cleanup, createSite, mountReady, q, type TestSite, until, waitForAnswer } from './support/helpers.js';

declare const axe: { run(context: Node, options?: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };

const ENGLISH = [
  'Use `greet();` to say hello. It costs 1 000 messages for € 9.',
  '',
  '## Plans.',
  '',
  '- The first item ends here.',
  '- Second item',
  '',
  '> A quote in English.',
  '',
  '```ts',
  'export function greet(name: string) {',
  '  return `Hello, ${name}!`;',
  '}',
  '```',
  '',
  '| Plan | Messages | Price |',
  '| --- | --- | --- |',
  '| Starter. | 1 000 | € 9 |',
].join('\n');

const ARABIC = [
  'مرحبا بك. استخدم `greet();` الآن.',
  '',
  '- العنصر الأول.',
  '- العنصر الثاني',
  '',
  '| الخطة | الرسائل الشهرية |',
  '| --- | --- |',
  '| أساسي. | 1 000 |',
  '',
  '```',
  'x = f(1);',
  '```',
].join('\n');

/** The box of `needle` (or of its `at`-th character) in the first text node under `root` that holds it. */
function box(root: Node, needle: string, at?: number): DOMRect {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const i = node.textContent!.indexOf(needle);
    if (i < 0) continue;
    const range = document.createRange();
    const start = i + (at ?? 0);
    range.setStart(node, start);
    range.setEnd(node, at === undefined ? i + needle.length : start + 1);
    return range.getBoundingClientRect();
  }
  throw new Error(`"${needle}" not found in ${root.textContent}`);
}

/** The content box of an element (inside border and padding). */
function content(el: Element): { left: number; right: number } {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return {
    left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
    right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
  };
}

const dir = (el: Element) => getComputedStyle(el).direction;

async function answer(el: TesseraChat, text: string): Promise<HTMLElement> {
  await el.send(`echo: ${text}`);
  return waitForAnswer(el);
}

describe('markdown layout in Chromium', () => {
  let site: TestSite;
  before(async () => {
    site = await createSite();
  });
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('on an Arabic page, English text reads left to right block by block, numbers and punctuation in place', async () => {
    const el = await mountReady(site, { mode: 'inline', locale: 'ar' });
    expect(dir(q(el, '.root')!)).to.equal('rtl');
    const md = await answer(el, ENGLISH);
    const p = md.querySelector('p')!;
    // Starts at the left edge; "1 000" and "€ 9" are not reversed; the full stop stays at the end.
    expect(box(p, '1 000', 0).left, '1 000').to.be.below(box(p, '1 000', 2).left);
    expect(box(p, '€ 9', 0).left, '€ 9').to.be.below(box(p, '€ 9', 2).left);
    expect(box(p, '9.', 1).left, 'full stop').to.be.above(box(p, '9.', 0).left);
    expect(box(p, 'Use').left).to.be.closeTo(content(p).left, 1);
    expect(dir(p)).to.equal('ltr');
    for (const selector of ['h3', 'li', 'blockquote', 'td', '.table'])
      expect(dir(md.querySelector(selector)!), selector).to.equal('ltr');
    expect(box(md.querySelector('h3')!, 'Plans.').left).to.be.closeTo(content(md.querySelector('h3')!).left, 1);
    const li = md.querySelector('li')!;
    expect(box(li, 'The').left).to.be.closeTo(content(li).left, 1);
    expect(box(li, 'here.', 4).left).to.be.above(box(li, 'here.', 3).left);
    // The list indents on the left, where its markers are.
    expect(content(li).left).to.be.above(md.getBoundingClientRect().left + 8);
    expect(parseFloat(getComputedStyle(md.querySelector('blockquote')!).borderLeftWidth)).to.be.above(0);
    const ths = [...md.querySelectorAll('th')];
    expect(ths[0]!.getBoundingClientRect().left).to.be.below(ths[1]!.getBoundingClientRect().left);
    const [td, count, price] = md.querySelectorAll('td');
    expect(box(td!, 'Starter.', 7).left).to.be.above(box(td!, 'Starter.', 0).left);
    // A cell of only a number or an amount has no letter to take a direction from: it stays as typed.
    expect(box(count!, '1 000', 0).left, 'cell 1 000').to.be.below(box(count!, '1 000', 2).left);
    expect(box(price!, '€ 9', 0).left, 'cell € 9').to.be.below(box(price!, '€ 9', 2).left);
  });

  it('code is always left to right: blocks start at their left edge, punctuation stays where it was typed', async () => {
    for (const [locale, text] of [
      ['ar', ENGLISH],
      ['en', ARABIC],
    ] as const) {
      const el = await mountReady(site, { mode: 'inline', locale });
      const md = await answer(el, text);
      const pre = md.querySelector('pre')!;
      const code = pre.textContent!;
      expect(box(pre, code.slice(0, 2), 0).left, locale).to.be.closeTo(content(pre).left, 1);
      expect(dir(pre), locale).to.equal('ltr');
      // The semicolon ends its line on the right, after everything typed before it.
      const line = code.split('\n').find((l) => l.includes(';'))!;
      const first = line.length - line.trimStart().length;
      expect(box(pre, line, line.indexOf(';')).left, `${locale}: ${line}`).to.be.above(box(pre, line, first).left);
      expect(box(pre, line, line.indexOf(';')).left, `${locale}: ${line}`).to.be.above(
        box(pre, line, line.indexOf(';') - 1).left,
      );
      const inline = md.querySelector('p code')!;
      expect(dir(inline), locale).to.equal('ltr');
      expect(box(inline, 'greet();', 0).left, locale).to.be.below(box(inline, 'greet();', 7).left);
      cleanup();
    }
  });

  it('on an English page, Arabic text reads right to left block by block, the visitor’s own too', async () => {
    const el = await mountReady(site, { mode: 'inline', locale: 'en' });
    const md = await answer(el, ARABIC);
    const p = md.querySelector('p')!;
    expect(box(p, 'مرحبا').right).to.be.closeTo(content(p).right, 1);
    expect(dir(p)).to.equal('rtl');
    for (const selector of ['li', 'td', '.table']) expect(dir(md.querySelector(selector)!), selector).to.equal('rtl');
    const li = md.querySelector('li')!;
    expect(box(li, 'العنصر').right).to.be.closeTo(content(li).right, 1);
    expect(content(li).right).to.be.below(md.getBoundingClientRect().right - 8);
    const ths = [...md.querySelectorAll('th')];
    expect(ths[0]!.getBoundingClientRect().left).to.be.above(ths[1]!.getBoundingClientRect().left);
    // A number cell reads left to right but lines up with its column (its header is wider), on the
    // table's start side.
    const count = md.querySelectorAll('td')[1]!;
    expect(box(count, '1 000', 0).left).to.be.below(box(count, '1 000', 2).left);
    expect(box(count, '1 000').right).to.be.closeTo(content(count).right, 1);
    expect(dir(q(el, '.msg.bot')!), 'the bubble keeps the page’s direction').to.equal('ltr');
    // The visitor's Arabic message (the bot's English fallback answer does not matter here).
    await el.send('مرحبا، كيف حالك اليوم؟\nسؤال ثان.');
    await waitForAnswer(el, 2);
    const bubble = [...el.shadowRoot!.querySelectorAll('.msg.user')].at(-1)!;
    const text = bubble.querySelector('[dir]')!;
    expect(dir(text)).to.equal('rtl');
    expect(box(text, 'مرحبا').right).to.be.closeTo(content(bubble).right, 1);
    expect(box(text, 'ثان.', 3).left).to.be.below(box(text, 'ثان.', 0).left);
  });

  it('the visitor’s English message on an Arabic page reads left to right', async () => {
    const el = await mountReady(site, { mode: 'inline', locale: 'ar' });
    await answer(el, 'Ok.\nA much longer second line, so the bubble is wider than the first.');
    const bubble = q(el, '.msg.user')!;
    const text = bubble.querySelector('[dir]')!;
    expect(dir(text)).to.equal('ltr');
    expect(box(text, 'echo').left).to.be.closeTo(content(bubble).left, 1);
    expect(box(text, 'Ok.', 2).left).to.be.above(box(text, 'Ok.', 1).left);
  });

  it('code blocks: a header bar with the language and the copy button above the code, by keyboard too', async () => {
    const el = await mountReady(site, { mode: 'inline', locale: 'en' });
    const md = await answer(el, 'Two blocks:\n\n```ts title="a"\nconst a = 1;\n```\n\n```\nplain\n```');
    const [typed, plain] = [...md.querySelectorAll<HTMLElement>('.code')];
    const button = typed!.querySelector('button')!;
    expect(button.textContent).to.equal('Copy code');
    expect(typed!.textContent!.replace(button.textContent!, '').replace(typed!.querySelector('pre')!.textContent!, '')).to.equal(
      'ts',
    );
    // The button sits above the code, not on it; the language on the left, the button on the right.
    const pre = typed!.querySelector('pre')!.getBoundingClientRect();
    expect(button.getBoundingClientRect().bottom).to.be.at.most(pre.top);
    expect(box(typed!, 'ts').right).to.be.below(button.getBoundingClientRect().left);
    expect(button.getBoundingClientRect().right).to.be.closeTo(typed!.getBoundingClientRect().right, 8);
    const plainButton = plain!.querySelector('button')!;
    expect(
      plain!.textContent!.replace(plainButton.textContent!, '').replace(plain!.querySelector('pre')!.textContent!, ''),
    ).to.equal('');
    expect(plainButton.getBoundingClientRect().right).to.be.closeTo(plain!.getBoundingClientRect().right, 8);
    expect(plainButton.getBoundingClientRect().bottom).to.be.at.most(plain!.querySelector('pre')!.getBoundingClientRect().top);
    expect(plainButton.getBoundingClientRect().height).to.be.at.least(24);
    // Keyboard: Tab from the transcript reaches the first copy button, with a visible focus ring.
    q(el, '[part~="transcript"]')!.focus();
    for (let i = 0; i < 10 && el.shadowRoot!.activeElement !== button; i++) await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(getComputedStyle(button).outlineStyle).to.equal('solid');
    await sendKeys({ press: 'Enter' });
    // The feedback shows once the real clipboard took the text (reading it back needs a permission
    // headless Chromium denies; the copied text itself is checked in src/markdown/view.test.ts).
    await until(() => button.textContent === 'Copied', 'copied feedback');
  });

  it('on a phone, a wide table scrolls inside the bubble (by keyboard too) and never breaks a word', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mountReady(site, { locale: 'en' });
    el.open();
    const md = await answer(
      el,
      '| Request type | Response time | Availability guarantee | Notes |\n|---|---|---|---|\n| requests | 120 ms | 99.9 % | retried automatically on failure |',
    );
    const region = md.querySelector<HTMLElement>('.table')!;
    expect(region.scrollWidth).to.be.above(region.clientWidth);
    expect(region.getBoundingClientRect().right).to.be.at.most(md.getBoundingClientRect().right + 0.5);
    for (const cell of md.querySelectorAll('th, td')) {
      for (const word of cell.textContent!.split(' ')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode()!;
        const range = document.createRange();
        const i = node.textContent!.indexOf(word);
        range.setStart(node, i);
        range.setEnd(node, i + word.length);
        expect([...range.getClientRects()].filter((r) => r.width > 0).length, `"${word}" on one line`).to.equal(1);
      }
    }
    expect(region.getAttribute('role')).to.equal('region');
    expect(region.getAttribute('aria-label')).to.equal('Scrollable table');
    expect(region.tabIndex).to.equal(0);
    // The cue: covers that scroll with the content over shadows that stay at the edges.
    expect(getComputedStyle(region).backgroundAttachment).to.match(/local.*scroll/);
    region.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => region.scrollLeft > 0, 'scrolled by keyboard');
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('has no axe violations with code and a table on an Arabic page', async () => {
    const el = await mountReady(site, { mode: 'inline', locale: 'ar' });
    await answer(el, ENGLISH);
    expect(await axeViolations(el)).to.deep.equal([]);
    expect(q(el, '.table')!.getAttribute('aria-label')).to.equal('جدول قابل للتمرير');
  });
});

async function axeViolations(el: TesseraChat): Promise<string[]> {
  await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
  const { violations } = await axe.run(el, { resultTypes: ['violations'] });
  return violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes)}`);
}
