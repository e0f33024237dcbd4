/**
 * The widget in each of its 20 languages on a 320 px wide phone: its own words, the direction of
 * the writing, and nothing in the header or the composer that overflows its box (long German and
 * Russian words, right-to-left Arabic and Hebrew, CJK that must show as glyphs, not boxes). Then
 * the launcher's label in the visitor's language before any panel (its labels come in that
 * language's file). Then the built files as a page gets them: one request for the visitor's
 * language (none for English, which comes with the panel and the launcher), made at once, before
 * the panel's; and the bundlers' build.
 */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import { plural, type Strings } from '../src/i18n/index.js';
import { LANGUAGES, type Locale } from '../src/i18n/locale.js';
import ar from '../src/i18n/locales/ar.js';
import de from '../src/i18n/locales/de.js';
import en from '../src/i18n/locales/en.js';
import es from '../src/i18n/locales/es.js';
import fr from '../src/i18n/locales/fr.js';
import he from '../src/i18n/locales/he.js';
import hi from '../src/i18n/locales/hi.js';
import id from '../src/i18n/locales/id.js';
import it_ from '../src/i18n/locales/it.js';
import ja from '../src/i18n/locales/ja.js';
import ko from '../src/i18n/locales/ko.js';
import nl from '../src/i18n/locales/nl.js';
import pl from '../src/i18n/locales/pl.js';
import pt from '../src/i18n/locales/pt.js';
import ru from '../src/i18n/locales/ru.js';
import sv from '../src/i18n/locales/sv.js';
import tr from '../src/i18n/locales/tr.js';
import uk from '../src/i18n/locales/uk.js';
import vi from '../src/i18n/locales/vi.js';
import zh from '../src/i18n/locales/zh.js';
import type { TesseraChat } from '../src/index.js';
import {
  cleanup,
  clearFaults,
  createSite,
  fault,
  input,
  mount,
  mountReady,
  q,
  qa,
  type TestSite,
  until,
} from './support/helpers.js';

const WORDS: Record<Locale, Strings> = { en, de, fr, es, it: it_, pt, nl, pl, sv, tr, ru, uk, ar, he, hi, ja, zh, ko, id, vi };
const PHONE = { width: 320, height: 640 };

/** Open the floating panel and wait for its composer. */
async function opened(el: TesseraChat): Promise<void> {
  el.open();
  await el.updateComplete;
  await until(() => q(el, 'textarea'), 'composer');
}

/** Show the "too long" error (refused before sending: no request), in the element's language. */
async function tooLong(el: TesseraChat): Promise<HTMLElement> {
  input(el).value = 'x'.repeat(4001);
  q<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
  await el.updateComplete;
  return until(() => q<HTMLElement>(el, '[part~="error"] span'), 'error text');
}

/**
 * What overflows in the header, the composer and the error: a control or text whose content is
 * wider than its box (scrollWidth > clientWidth), or whose box is not inside the panel; the panel
 * and the page scrolling sideways. Names, not elements: a failure message must not hold a node.
 */
function overflows(el: TesseraChat, { ellipsis = false } = {}): string[] {
  const panel = q(el, '[part~="panel"]')!;
  const outer = panel.getBoundingClientRect();
  const found: string[] = [];
  const check = (node: HTMLElement | null, name: string, scrolls = true) => {
    if (!node) return;
    if (scrolls && node.scrollWidth > node.clientWidth) found.push(`${name}: ${node.scrollWidth} > ${node.clientWidth} px`);
    const box = node.getBoundingClientRect();
    if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) found.push(`${name}: outside the panel`);
  };
  for (const button of qa(el, '[part~="header"] button, [part~="composer"] button, [part~="error"] button'))
    check(button, button.getAttribute('part')!);
  // A title longer than its room ends in an ellipsis (its content is then wider on purpose).
  check(q(el, '[part~="title"]'), 'title', !ellipsis);
  check(input(el), 'input');
  check(q(el, '[part~="error"] span'), 'error text');
  check(q(el, '[part~="error"]'), 'error');
  if (panel.scrollWidth > panel.clientWidth) found.push('the panel scrolls sideways');
  if (document.documentElement.scrollWidth > innerWidth) found.push('the page scrolls sideways');
  return found;
}

describe('tessera-chat in 20 languages, 320 px wide', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite();
    await setViewport(PHONE);
  });
  afterEach(cleanup);
  after(async () => {
    await clearFaults();
    await setViewport({ width: 800, height: 600 });
  });

  it('has the 20 languages', () => {
    expect(LANGUAGES).to.have.length(20);
    expect(Object.keys(WORDS).sort()).to.deep.equal([...LANGUAGES].sort());
  });

  for (const tag of LANGUAGES) {
    it(`${tag}: its words, ${tag === 'ar' || tag === 'he' ? 'right to left' : 'left to right'}, nothing overflows`, async () => {
      const s = WORDS[tag];
      const el = await mountReady(site, { locale: tag });
      await opened(el);
      const root = q(el, '.root')!;
      expect(root.dir).to.equal(tag === 'ar' || tag === 'he' ? 'rtl' : 'ltr');
      expect(root.lang).to.equal(tag);
      expect(input(el).placeholder).to.equal(s.placeholder);
      expect(input(el).getAttribute('aria-label')).to.equal(s.message);
      expect(q(el, '[part~="send-button"]')!.getAttribute('aria-label')).to.equal(s.send);
      expect(q(el, '[part~="new-conversation-button"]')!.getAttribute('aria-label')).to.equal(s.newConversation);
      expect(q(el, '[part~="close-button"]')!.getAttribute('aria-label')).to.equal(s.close);
      expect(q(el, '[part~="launcher"]')!.getAttribute('aria-label')).to.equal(s.close);
      expect(q(el, '[part~="greeting"]')!.textContent).to.contain(s.greeting);
      const error = await tooLong(el);
      expect(error.textContent).to.equal(plural(s.tooLong, 4000, tag));
      expect(overflows(el)).to.deep.equal([]);
    });
  }

  it('de: a title of one long German word ends in an ellipsis; the rate-limit error and Retry fit', async () => {
    await fault({ fault: { kind: 'status', status: 429 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { locale: 'de', 'chat-title': 'Kundendienstmitarbeiterinnenunterstützungsplattform' });
    await opened(el);
    input(el).value = 'echo: Grüß Gott';
    q<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    const text = await until(() => q(el, '[part~="error"] span'), 'rate-limit error');
    expect(text.textContent).to.match(/^Gerade zu viele Nachrichten\. Versuchen Sie es in \d+\u00a0Sekunden erneut\.$/);
    expect(q(el, '[part~="retry-button"]')!.textContent!.trim()).to.equal('Erneut versuchen');
    const title = q(el, '[part~="title"]')!;
    expect(title.scrollWidth).to.be.above(title.clientWidth); // it is that long…
    expect(getComputedStyle(title).textOverflow).to.equal('ellipsis'); // …and says so
    // The header's buttons keep their room beside it.
    const buttons = qa(el, '[part~="header"] button').map((b) => b.getBoundingClientRect());
    expect(buttons.every((b) => b.left >= title.getBoundingClientRect().right - 0.5)).to.equal(true);
    expect(overflows(el, { ellipsis: true })).to.deep.equal([]);
    // The check sees an overflow: the title's, when an ellipsis is not allowed.
    expect(overflows(el).map((o) => o.split(':')[0])).to.deep.equal(['title']);
  });

  it('fr: the launcher is labelled in French with no panel yet (its labels come with the French words)', async () => {
    const el = await mount(site, { locale: 'fr' });
    const launcher = q(el, '[part~="launcher"]')!;
    await until(() => launcher.getAttribute('aria-label') === fr.open, 'the French label', 5000);
    expect(el.panel).to.equal(null);
    el.open();
    await until(() => launcher.getAttribute('aria-label') === fr.close, 'the French label, open', 5000);
  });

  it('a language the site’s config picks: the launcher follows once its words are in', async () => {
    const polish = await createSite({ site: { locale: 'pl' } });
    const el = await mount(polish);
    const launcher = q(el, '[part~="launcher"]')!;
    await until(() => launcher.getAttribute('aria-label') === pl.open, 'the Polish label', 5000);
    expect(el.panel).to.equal(null);
  });

  it('a language known only once the site’s config is in (inline: the panel came first) follows when its words are in', async () => {
    const polish = await createSite({ site: { locale: 'pl' } });
    const el = await mountReady(polish, { mode: 'inline' });
    await until(() => input(el)?.placeholder === pl.placeholder, 'the Polish words', 5000);
    expect(q(el, '.root')!.lang).to.equal('pl');
    expect(q(el, '[part~="new-conversation-button"]')!.getAttribute('aria-label')).to.equal(pl.newConversation);
  });

  for (const tag of ['ja', 'zh', 'ko'] as const) {
    it(`${tag}: CJK shows as glyphs, not as boxes`, async () => {
      const el = await mountReady(site, { locale: tag });
      await opened(el);
      // Measured in the greeting's own font: a CJK glyph is one em wide; a missing one is the
      // font's box, which is what an unassigned code point draws too.
      const style = getComputedStyle(q(el, '[part~="greeting"]')!);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const em = Number.parseFloat(style.fontSize);
      const text = WORDS[tag].conversation;
      const width = ctx.measureText(text).width;
      const missing = ctx.measureText('\u{10FFFD}'.repeat([...text].length)).width;
      expect(width, `${text}: no CJK font? (Debian: fonts-noto-cjk)`).to.not.equal(missing);
      expect(width / [...text].length / em).to.be.closeTo(1, 0.15);
      expect(q(el, '[part~="greeting"]')!.textContent).to.contain(WORDS[tag].greeting);
    });
  }
});

/** The built widget.js as a page embeds it, in a frame of this page's origin (which the site allows). */
async function embed(site: TestSite, locale: string): Promise<{ frame: HTMLIFrameElement; win: Window; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${PHONE.width}px; height: ${PHONE.height}px; border: 0`;
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<script src="${site.serviceUrl}/widget.js" data-site-key="${site.siteKey}" data-locale="${locale}" async></script></body></html>`;
  document.body.append(frame);
  await new Promise((r) => frame.addEventListener('load', r, { once: true }));
  return { frame, win: frame.contentWindow!, doc: frame.contentDocument! };
}

const inner = (el: Element, selector: string) => el.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

describe('the built widget: one language loaded, beside the panel', () => {
  let site: TestSite;
  const frames: HTMLIFrameElement[] = [];

  before(async () => {
    site = await createSite();
  });
  afterEach(() => {
    for (const f of frames.splice(0)) f.remove();
    cleanup();
  });

  /**
   * Wait for the frame's launcher to be labelled in `s`'s language, open the panel and wait for its
   * composer; then its requests of the widget's files.
   */
  async function open(locale: string, s: Strings): Promise<{ placeholder: string; files: PerformanceResourceTiming[] }> {
    const { frame, win, doc } = await embed(site, locale);
    frames.push(frame);
    const el = await until(() => doc.querySelector('tessera-chat'), 'mounted element');
    const launcher = await until(() => inner(el, '[part~="launcher"]:not([hidden])'), 'launcher');
    await until(() => launcher.getAttribute('aria-label') === s.open, 'the launcher’s label', 5000);
    launcher.click();
    const textarea = await until(() => inner(el, 'textarea') as HTMLTextAreaElement | null, 'composer');
    const files = (win.performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) =>
      new URL(e.name).pathname.startsWith('/widget/'),
    );
    return { placeholder: textarea.placeholder, files };
  }

  const names = (files: PerformanceResourceTiming[], kind: string) =>
    files.filter((f) => new URL(f.name).pathname.startsWith(`/widget/widget-${kind}`)).map((f) => new URL(f.name).pathname);

  it('de: exactly one request for the German words (the launcher’s label among them), made before the panel’s', async () => {
    const { placeholder, files } = await open('de', de);
    expect(placeholder).to.equal(de.placeholder);
    expect(names(files, 'panel')).to.have.length(1);
    const locales = names(files, 'locale-');
    expect(locales).to.have.length(1);
    expect(locales[0]).to.match(/^\/widget\/widget-locale-de\.[0-9a-f]{8}\.js$/);
    // At once, beside the config: not after the panel, nor only once the browser is idle.
    const [panel, words] = ['panel', 'locale-'].map((kind) => files.find((f) => f.name.includes(`/widget-${kind}`))!);
    expect(words!.startTime).to.be.below(panel!.startTime);
  });

  it('en: no request for words (English comes with the panel)', async () => {
    const { placeholder, files } = await open('en', en);
    expect(placeholder).to.equal(en.placeholder);
    expect(names(files, 'panel')).to.have.length(1);
    expect(names(files, 'locale-')).to.deep.equal([]);
  });

  it('the bundlers’ build (dist/tessera-chat.js) loads a language’s words from its own chunks', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<script type="module" src="/dist/tessera-chat.js"></script></head><body>
<tessera-chat mode="inline" site-key="${site.siteKey}" service-url="${site.serviceUrl}"></tessera-chat></body></html>`;
    document.body.append(frame);
    frames.push(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const el = await until(() => frame.contentDocument!.querySelector('tessera-chat'), 'element');
    const textarea = await until(() => inner(el, 'textarea') as HTMLTextAreaElement | null, 'composer');
    expect(textarea.placeholder).to.equal(ja.placeholder);
  });
});
