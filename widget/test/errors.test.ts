/** Every error state against the real service and emulator faults; a failed send never loses the visitor's text. */
import { expect } from '@esm-bundle/chai';
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
  setOffline,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

const errorBox = (el: Element) => q(el, '[part~="error"]');

describe('tessera-chat: errors', () => {
  let site: TestSite;

  before(async () => {
    site = await createSite();
  });
  afterEach(async () => {
    cleanup();
    await clearFaults();
    await setOffline(false);
  });

  it('shows nothing at all on an origin that is not allowed (the console says why, once), and never mints a token', async () => {
    const foreign = await createSite({ origin: 'https://somewhere-else.example' });
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void (String(args[0]).startsWith('[tessera]') && warned.push(args.join(' ')));
    try {
      const el = await mountReady(foreign);
      el.open();
      await el.updateComplete;
      expect(el.hidden).to.equal(true);
      expect(el.getBoundingClientRect().width + el.getBoundingClientRect().height).to.equal(0);
      expect(q(el, '[part~="launcher"]')!.checkVisibility()).to.equal(false);
      expect(q(el, '[part~="panel"]')).to.equal(null);
      await el.send('hello anyway');
      expect(localStorage.getItem(`tessera:${foreign.siteKey}`)).to.equal(null);
      expect(warned).to.deep.equal([
        `[tessera] origin_not_allowed: chat is not enabled for ${location.origin}: add it to the site's allowed origins`,
      ]);
      // Inline, the panel is part of the page: it says so there.
      const inline = await mountReady(foreign, { mode: 'inline' });
      await until(() => q(inline, '[part~="notice"]'), 'the notice');
      expect(q(inline, '[part~="notice"]')!.textContent).to.equal('Chat is not enabled on this site.');
      expect(q(inline, 'textarea')).to.equal(null);
    } finally {
      console.warn = warn;
    }
  });

  it('says in the console that a suspended site is suspended (not that the origin is not allowed), and shows no launcher', async () => {
    const suspended = await createSite();
    await admin('PATCH', `/sites/${suspended.siteId}`, { status: 'suspended' });
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void (String(args[0]).startsWith('[tessera]') && warned.push(args.join(' ')));
    try {
      const el = await mountReady(suspended);
      expect(el.hidden).to.equal(true);
      expect(warned).to.deep.equal(["[tessera] site_suspended: the site's chat is suspended"]);
    } finally {
      console.warn = warn;
    }
  });

  it('says chat is not available for a suspended site, for good (no retry, no composer)', async () => {
    const suspended = await createSite();
    await admin('PATCH', `/sites/${suspended.siteId}`, { status: 'suspended' });
    const el = await mountReady(suspended, { mode: 'inline' });
    const notice = await until(() => q(el, '[part~="notice"]'), 'notice');
    expect(notice.textContent).to.contain('Chat is not available right now.');
    expect(q(el, '[part~="retry-button"]')).to.equal(null);
    expect(q(el, 'textarea')).to.equal(null);
  });

  it('rate limited: says when to retry (from Retry-After), keeps the text, and retry works', async () => {
    await fault({ fault: { kind: 'status', status: 429 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    const seen = events(el, 'tessera-error');
    await typeAndSend(el, 'echo: try me');
    const box = await until(() => errorBox(el), 'error');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain('Try again in 10 s');
    expect(seen[0]!.detail).to.deep.include({ code: 'upstream_rate_limited', retryable: true, retryAfter: 10 });
    expect(input(el).value).to.equal('echo: try me');
    expect(qa(el, '.msg.user').length).to.equal(0);
    q<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('try me');
    expect(errorBox(el)).to.equal(null);
    expect(input(el).value).to.equal('');
  });

  it('quota used up: says the clock time to come back', async () => {
    const limited = await createSite({ tenant: { quotas: { messagesPerDay: 0 } } });
    const el = await mountReady(limited, { mode: 'inline' });
    await typeAndSend(el, 'hello');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.match(/Try again after \d{1,2}:\d{2}/);
    expect(input(el).value).to.equal('hello');
  });

  it('upstream error before the answer: inline message with retry, text kept', async () => {
    await fault({ fault: { kind: 'status', status: 500 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: again');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('Something went wrong');
    expect(input(el).value).to.equal('echo: again');
    q<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('again');
  });

  it('error in the middle of the answer: keeps the partial answer, says so, offers retry', async () => {
    await fault({ fault: { kind: 'error-event', afterTokens: 3 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:20');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('Something went wrong');
    expect(botBodies(el)[0]!.textContent!.split(' ').length).to.equal(3);
    expect(input(el).value).to.equal('tokens:20');
    q<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitForAnswer(el, 2);
    expect(botBodies(el)[1]!.innerText.trim().split(/\s+/).length).to.equal(20);
  });

  it('connection dropped mid-answer: "interrupted" with retry', async () => {
    await fault({ fault: { kind: 'close-mid-stream', afterTokens: 2 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:30');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.match(/interrupted|went wrong/);
    expect(q(el, '[part~="retry-button"]')).to.not.equal(null);
  });

  it('offline: says so without sending, keeps the text; works again once online', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await setOffline(true);
    await until(() => navigator.onLine === false, 'offline');
    await typeAndSend(el, 'echo: offline text');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('You are offline');
    expect(input(el).value).to.equal('echo: offline text');
    await setOffline(false);
    await until(() => navigator.onLine, 'online');
    q<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('offline text');
  });

  it('an unreachable service is an error with retry, not a crash', async () => {
    const seen = events(document, 'tessera-error');
    const el = await mountReady({ ...site, serviceUrl: 'http://127.0.0.1:9' }, { mode: 'inline' });
    const box = await until(() => errorBox(el), 'error');
    expect(seen.map((e) => e.detail.code)).to.deep.equal(['network']);
    expect(box.textContent).to.contain('not available');
    expect(q(el, '[part~="retry-button"]')).to.not.equal(null);
  });

  it('a message over 4,000 characters is refused before sending and kept', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    const long = 'x'.repeat(4001);
    await typeAndSend(el, long);
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('at most 4000');
    expect(q(el, '[part~="retry-button"]')).to.equal(null);
    expect(input(el).value).to.equal(long);
  });
});
