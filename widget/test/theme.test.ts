/** Theming per tenant, site overrides, contrast, languages and RTL, hostile page CSS, mobile. */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import { contrast, parseRgb } from '../src/theme/contrast.js';
import { admin, cleanup, createSite, input, mountReady, q, type TestSite, until, waitForAnswer } from './support/helpers.js';

const rgb = (value: string) => parseRgb(value)!;
const style = (el: Element | null) => getComputedStyle(el!);

describe('tessera-chat: theme, languages, hostile pages, mobile', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite();
  });
  afterEach(async () => {
    cleanup();
    document.documentElement.removeAttribute('lang');
    await setViewport({ width: 800, height: 600 });
  });

  it('applies the tenant theme: colors, radius, font, density, position, launcher icon, avatar, title, greeting', async () => {
    const themed = await createSite({
      site: {
        title: 'Acme Dental',
        greeting: 'Hello from Acme',
        theme: {
          accentColor: '#7c3aed',
          backgroundColor: '#fffbeb',
          textColor: '#1f2937',
          radius: 4,
          density: 'compact',
          fontFamily: 'Georgia, serif',
          position: 'bottom-left',
          launcherIcon: 'sparkle',
          avatarUrl:
            'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        },
      },
    });
    const el = await mountReady(themed);
    el.open();
    await el.updateComplete;
    const launcher = q(el, '[part~="launcher"]');
    expect(style(launcher).backgroundColor).to.equal('rgb(124, 58, 237)');
    expect(style(launcher).left).to.equal('20px');
    const panel = q(el, '[part~="panel"]');
    expect(style(panel).backgroundColor).to.equal('rgb(255, 251, 235)');
    expect(style(panel).borderTopLeftRadius).to.equal('4px');
    expect(style(panel).left).to.equal('20px');
    expect(style(q(el, '.root')).color).to.equal('rgb(31, 41, 55)');
    expect(style(q(el, '.root')).fontFamily).to.equal('Georgia, serif');
    expect(style(q(el, '[part~="header"]')).paddingTop).to.equal('7px');
    expect(q(el, '[part~="title"]')!.textContent).to.equal('Acme Dental');
    expect(q(el, '[part~="greeting"]')!.textContent).to.contain('Hello from Acme');
    expect(q<HTMLImageElement>(el, '[part~="avatar"]')!.src).to.match(/^data:image\/png/);
    el.close();
    await el.updateComplete;
    expect(q(el, '[part~="launcher"] svg path')!.getAttribute('d')).to.match(/^M12 3l2 6/);
  });

  it('picks a readable text color for an accent that would fail AA, and a visible focus ring', async () => {
    const yellow = await createSite({ site: { theme: { accentColor: '#fde047', backgroundColor: '#ffffff' } } });
    const el = await mountReady(yellow);
    const launcher = q(el, '[part~="launcher"]')!;
    await until(() => style(launcher).color !== 'rgb(255, 255, 255)', 'auto text color');
    expect(contrast(rgb(style(launcher).color), rgb(style(launcher).backgroundColor))).to.be.at.least(4.5);
    launcher.focus();
    el.open();
    await el.updateComplete;
    const send = q(el, '[part~="send-button"]')!;
    expect(contrast(rgb(style(send).color), rgb(style(send).backgroundColor))).to.be.at.least(4.5);
    // yellow on white is under 3:1, so the focus ring falls back to the text color
    expect(contrast(rgb(style(input(el)).outlineColor), [255, 255, 255])).to.be.at.least(3);
  });

  it('keeps white text on an accent that passes AA, and fixes a tenant text color that fails on its background', async () => {
    const pale = await createSite({
      site: { theme: { accentColor: '#1d4ed8', backgroundColor: '#222222', textColor: '#333333' } },
    });
    const el = await mountReady(pale, { mode: 'inline' });
    await until(() => style(q(el, '.root')).color !== 'rgb(51, 51, 51)', 'auto text color');
    expect(style(q(el, '[part~="send-button"]')).color).to.equal('rgb(255, 255, 255)');
    expect(contrast(rgb(style(q(el, '.root')).color), [34, 34, 34])).to.be.at.least(4.5);
  });

  it('lets the site override with CSS custom properties and ::part(), and attributes override the config', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      `tessera-chat { --tessera-accent: #b91c1c; --tessera-radius: 2px; } tessera-chat::part(title) { text-transform: uppercase; }`,
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const themed = await createSite({
        site: { title: 'Config title', theme: { accentColor: '#7c3aed', position: 'bottom-left' } },
      });
      const el = await mountReady(themed, {
        position: 'bottom-right',
        'chat-title': 'Attribute title',
        'accent-color': '#047857',
      });
      el.open();
      await el.updateComplete;
      expect(style(q(el, '[part~="launcher"]')).backgroundColor).to.equal('rgb(185, 28, 28)');
      expect(style(q(el, '[part~="panel"]')).borderTopLeftRadius).to.equal('2px');
      expect(style(q(el, '[part~="title"]')).textTransform).to.equal('uppercase');
      expect(q(el, '[part~="title"]')!.textContent).to.equal('Attribute title');
      expect(style(q(el, '[part~="launcher"]')).right).to.equal('20px');
      sheet.replaceSync('');
      await el.updateComplete;
      expect(style(q(el, '[part~="launcher"]')).backgroundColor).to.equal('rgb(4, 120, 87)');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('follows the color scheme: dark, and auto from prefers-color-scheme', async () => {
    const dark = await createSite({ site: { theme: { colorScheme: 'dark' } } });
    const el = await mountReady(dark, { mode: 'inline' });
    expect(style(q(el, '[part~="panel"]')).backgroundColor).to.equal('rgb(23, 24, 28)');
    const light = await mountReady(site, { mode: 'inline' });
    expect(style(q(light, '[part~="panel"]')).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('applies a theme changed by the partner on the next load', async () => {
    const changing = await createSite();
    await admin('PATCH', `/sites/${changing.siteId}`, { theme: { accentColor: '#0f766e' } });
    const el = await mountReady(changing);
    expect(style(q(el, '[part~="launcher"]')).backgroundColor).to.equal('rgb(15, 118, 110)');
  });

  it('speaks the tenant locale, else the page lang, else the browser; Arabic is right-to-left', async () => {
    const german = await createSite({ site: { locale: 'de-CH' } });
    const de = await mountReady(german);
    expect(q(de, '[part~="launcher"]')!.getAttribute('aria-label')).to.equal('Chat öffnen');
    document.documentElement.lang = 'fr';
    const fr = await mountReady(site);
    expect(q(fr, '[part~="launcher"]')!.getAttribute('aria-label')).to.equal('Ouvrir le chat');
    const es = await mountReady(german, { locale: 'es' });
    expect(q(es, '[part~="launcher"]')!.getAttribute('aria-label')).to.equal('Abrir el chat');
    document.documentElement.removeAttribute('lang');
    const browser = await mountReady(site);
    expect(q(browser, '[part~="launcher"]')!.getAttribute('aria-label')).to.equal(
      navigator.language.startsWith('en') ? 'Open chat' : q(browser, '[part~="launcher"]')!.getAttribute('aria-label'),
    );

    const ar = await mountReady(site, { mode: 'inline', locale: 'ar' });
    const root = q(ar, '.root')!;
    expect(root.getAttribute('dir')).to.equal('rtl');
    expect(root.getAttribute('lang')).to.equal('ar');
    expect(input(ar).placeholder).to.equal('اكتب رسالة…');
    await ar.send('echo: مرحبا');
    await waitForAnswer(ar);
    const log = q(ar, '[part~="transcript"]')!.getBoundingClientRect();
    const user = q(ar, '.msg.user')!.getBoundingClientRect();
    const bot = q(ar, '.msg.bot:not([part~="greeting"])')!.getBoundingClientRect();
    // Mirrored: the visitor's bubbles sit on the left, the bot's on the right.
    expect(user.left - log.left < log.right - user.right).to.equal(true);
    expect(log.right - bot.right < bot.left - log.left).to.equal(true);
    expect(style(q(ar, '[part~="send-button"] svg')).transform).to.not.equal('none');
  });

  it('survives hostile global page CSS, and adds no styles to the page', async () => {
    const stylesBefore = document.querySelectorAll('style, link[rel=stylesheet]').length;
    const hostile = document.createElement('style');
    hostile.textContent = `
      * { all: unset !important; display: block; }
      button { display: none !important; }
      textarea, div, section, p { visibility: hidden !important; color: red !important; font-size: 2px !important; }
      :root { --tessera-accent: ; --_bg: red; }
      tessera-chat * { display: none !important; }`;
    document.head.append(hostile);
    try {
      const el = await mountReady(site);
      const launcher = q(el, '[part~="launcher"]')!;
      expect(style(launcher).display).to.equal('grid');
      expect(style(launcher).visibility).to.equal('visible');
      expect(launcher.getBoundingClientRect().width).to.equal(56);
      launcher.click();
      await el.updateComplete;
      const panel = q(el, '[part~="panel"]')!;
      expect(style(panel).display).to.equal('flex');
      expect(panel.getBoundingClientRect().height).to.be.above(300);
      expect(style(input(el)).fontSize).to.equal('16px');
      expect(style(input(el)).visibility).to.equal('visible');
      expect(style(q(el, '.root')).color).to.equal('rgb(28, 29, 33)');
      expect(style(q(el, '[part~="send-button"]')).display).to.equal('grid');
      await el.send('echo: still works');
      expect((await waitForAnswer(el)).textContent).to.equal('still works');
    } finally {
      hostile.remove();
    }
    expect(document.querySelectorAll('style, link[rel=stylesheet]').length).to.equal(stylesBefore);
    expect(document.documentElement.getAttribute('style')).to.equal(null);
    expect(document.adoptedStyleSheets.length).to.equal(0);
  });

  it('goes full-screen under 480px wide and sizes the panel to the visual viewport', async () => {
    await setViewport({ width: 375, height: 640 });
    const el = await mountReady(site);
    el.open();
    await el.updateComplete;
    const box = q(el, '[part~="panel"]')!.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 375, 640]);
    expect(q(el, '.root')!.style.getPropertyValue('--_vv-h')).to.equal('640px');
    // The on-screen keyboard shrinks the visual viewport: the panel follows.
    await setViewport({ width: 375, height: 400 });
    await until(() => Math.round(q(el, '[part~="panel"]')!.getBoundingClientRect().height) === 400, 'panel resized');
    expect(input(el).getBoundingClientRect().bottom).to.be.at.most(400);
    await setViewport({ width: 800, height: 600 });
    await until(() => q(el, '[part~="panel"]')!.getBoundingClientRect().width === 380, 'desktop panel');
  });
});
