/**
 * The built files as customers use them, in iframes: dist/widget.js served by the service at
 * /widget.js under the documented strict CSP, the pre-load stub, a second copy, an existing tag,
 * and dist/tessera-chat.js (ES module build).
 */
import { expect } from '@esm-bundle/chai';
import { cleanup, createSite, type TestSite, until } from './support/helpers.js';

type Frame = Window & {
  __cspViolations: { directive: string; blocked: string }[];
  __events?: string[];
  Tessera: { version: string; open(): void; send(text: string): void };
};

async function load(path: string): Promise<{ frame: HTMLIFrameElement; win: Frame; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  frame.src = path;
  document.body.append(frame);
  await new Promise((r) => frame.addEventListener('load', r, { once: true }));
  return { frame, win: frame.contentWindow as Frame, doc: frame.contentDocument! };
}

const widgets = (doc: Document) => [...doc.querySelectorAll('tessera-chat')];
const inner = (el: Element, selector: string) => el.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const answers = (el: Element) => [...el.shadowRoot!.querySelectorAll('.msg.bot .md')];

describe('embedding the built widget', () => {
  let site: TestSite;
  const frames: HTMLIFrameElement[] = [];

  before(async () => {
    site = await createSite();
    const res = await fetch(`${site.serviceUrl}/widget.js`);
    if (res.status !== 200) throw new Error('the service has no widget.js: run `pnpm build` in widget/ first');
  });
  afterEach(() => {
    frames.splice(0).forEach((f) => {
      f.remove();
    });
    cleanup();
  });

  it('the script tag alone mounts a launcher, takes the service URL from its src, and chats under a strict CSP', async () => {
    const { frame, win, doc } = await load(`/embed-page?siteKey=${site.siteKey}`);
    frames.push(frame);
    const el = await until(() => widgets(doc)[0], 'mounted element');
    expect(el.getAttribute('service-url')).to.equal(site.serviceUrl);
    expect(el.getAttribute('locale')).to.equal('en');
    const launcher = await until(() => inner(el, '[part~="launcher"]'), 'launcher');
    expect(win.Tessera.version).to.be.a('string');
    launcher.click();
    const textarea = await until(() => inner(el, 'textarea') as HTMLTextAreaElement | null, 'composer');
    textarea.value = 'markdown';
    inner(el, '[part~="send-button"]')!.click();
    await until(() => answers(el)[0]?.querySelector('table') && !inner(el, '[part~="stop-button"]'), 'answer', 15_000);
    expect(win.__cspViolations).to.deep.equal([]);
    // The page got no styles, no frames and no viewport changes from the widget.
    expect(doc.querySelectorAll('style, link[rel=stylesheet], iframe, meta[name=viewport]').length).to.equal(0);
    expect(doc.adoptedStyleSheets.length).to.equal(0);
  });

  it('the conversation survives a reload of the page', async () => {
    const first = await load(`/embed-page?siteKey=${site.siteKey}&csp=1`);
    frames.push(first.frame);
    let el = await until(() => widgets(first.doc)[0], 'mounted element');
    first.win.Tessera.send('echo: across reloads');
    await until(() => answers(el)[0]?.textContent === 'across reloads' && !inner(el, '[part~="stop-button"]'), 'answer', 15_000);
    first.frame.contentWindow!.location.reload();
    await new Promise((r) => first.frame.addEventListener('load', r, { once: true }));
    const doc = first.frame.contentDocument!;
    el = await until(() => widgets(doc)[0], 'mounted again');
    await until(() => inner(el, '[part~="launcher"]'), 'launcher');
    (first.frame.contentWindow as Frame).Tessera.open();
    await until(() => answers(el)[0]?.textContent === 'across reloads', 'history after reload', 15_000);
  });

  for (const stub of ['file', 'inline']) {
    it(`queues window.Tessera calls made through the stub (${stub}) before the bundle loaded`, async () => {
      const { frame, win, doc } = await load(`/embed-page?siteKey=${site.siteKey}&stub=${stub}`);
      frames.push(frame);
      const el = await until(() => widgets(doc)[0], 'mounted element');
      await until(() => answers(el)[0]?.textContent === 'queued before load', 'queued send answered', 15_000);
      await until(() => win.__events?.includes('received:queued before load'), 'on() listener');
      expect(win.__events![0]).to.equal('open');
      expect(win.__cspViolations).to.deep.equal([]);
    });
  }

  it('documents the exact stub, its CSP hash and the policy in README.md', async () => {
    const readme = await (await fetch('/README.md')).text();
    const stub = (await (await fetch('/test/support/tessera-stub.js')).text()).trim();
    const hash = `'sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(stub)))))}'`;
    expect(readme).to.contain(`<script>${stub}</script>`);
    expect(readme).to.contain(hash);
    expect(readme).to.contain(
      "default-src 'self'; script-src 'self' https://chat.partner.example; connect-src https://chat.partner.example; style-src 'self'; img-src 'self' https://chat.partner.example data:",
    );
  });

  it('a second copy of the script, or an existing tag, warns once and mounts nothing twice', async () => {
    const { frame, win, doc } = await load(`/embed-page?siteKey=${site.siteKey}&existing=1`);
    frames.push(frame);
    await until(() => win.Tessera?.version, 'loaded');
    await until(() => inner(widgets(doc)[0]!, '[part~="launcher"]'), 'upgraded');
    expect(widgets(doc).map((w) => w.id)).to.deep.equal(['existing']);
    const warnings: string[] = [];
    (win as unknown as { console: Console }).console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    const again = doc.createElement('script');
    again.src = `${site.serviceUrl}/widget.js?copy=2`;
    again.dataset['siteKey'] = site.siteKey;
    doc.body.append(again);
    await until(() => warnings.length > 0, 'warning');
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.contain('already defined');
    expect(widgets(doc).length).to.equal(1);
    expect(win.__cspViolations).to.deep.equal([]);
  });

  it('the ES module build registers the element for bundlers (inline, with service-url)', async () => {
    const { frame, doc } = await load(`/module-page?siteKey=${site.siteKey}`);
    frames.push(frame);
    const el = await until(() => (widgets(doc)[0]?.shadowRoot ? widgets(doc)[0] : null), 'upgraded');
    const textarea = await until(() => inner(el, 'textarea') as HTMLTextAreaElement | null, 'composer');
    expect(inner(el, '[part~="launcher"]')).to.equal(null);
    textarea.value = 'echo: bundled';
    inner(el, '[part~="send-button"]')!.click();
    await until(() => answers(el)[0]?.textContent === 'bundled', 'answer', 15_000);
  });
});
