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
  loseAnswer,
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
const retryButton = (el: Element) => q<HTMLButtonElement>(el, '[part~="retry-button"]');
const questions = (el: Element) => qa(el, '.msg.user').map((m) => m.textContent!.trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  it('rate limited: counts the wait down (announced once), Retry inactive until it is over, then it asks the question once', async () => {
    await fault({ fault: { kind: 'status', status: 429 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    const seen = events(el, 'tessera-error');
    await typeAndSend(el, 'echo: try me');
    const box = await until(() => errorBox(el), 'error');
    const text = box.querySelector('span')!;
    expect(text.textContent).to.equal('Too many messages right now. Try again in 10\u00a0seconds.');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(seen[0]!.detail).to.deep.include({ code: 'upstream_rate_limited', retryable: true, retryAfter: 10 });
    const retry = retryButton(el)!;
    retry.click(); // too early: nothing is sent
    await until(() => text.textContent === 'Too many messages right now. Try again in 9\u00a0seconds.', 'the countdown', 2500);
    expect(retry.getAttribute('aria-disabled')).to.equal('true');
    expect(retry.getAttribute('aria-describedby')).to.equal(text.id);
    // The alert was announced as it appeared (role=alert, checked before); the same box counts down, no longer live.
    expect(errorBox(el)).to.equal(box);
    expect(box.hasAttribute('role')).to.equal(false);
    // One way to ask again: the question waits on screen for Retry; the composer is left empty.
    expect(questions(el)).to.deep.equal(['You: echo: try me']);
    expect(input(el).value).to.equal('');
    expect(q(el, '[part~="stop-button"]')).to.equal(null);
    // Sending during the wait would only fail again: the send button says so and the text stays.
    const send = q<HTMLButtonElement>(el, '[part~="send-button"]')!;
    expect(send.getAttribute('aria-disabled')).to.equal('true');
    await typeAndSend(el, 'echo: too soon');
    expect(input(el).value).to.equal('echo: too soon');
    expect(questions(el)).to.deep.equal(['You: echo: try me']);
    input(el).value = '';
    expect(botBodies(el)).to.have.length(0);
    await until(() => retry.getAttribute('aria-disabled') === 'false', 'the end of the wait', 12_000);
    expect(text.textContent).to.equal('You can try again now.');
    expect(box.getAttribute('role')).to.equal('alert');
    retry.click();
    expect((await waitForAnswer(el)).textContent).to.equal('try me');
    expect(questions(el)).to.deep.equal(['You: echo: try me']);
    expect(errorBox(el)).to.equal(null);
    expect(input(el).value).to.equal('');
  });

  it('rate limited: the countdown runs only while it can be seen (not with the panel closed, not once the element is gone)', async () => {
    await fault({ fault: { kind: 'status', status: 429 }, path: '/complete$', times: 1 });
    const el = await mountReady(site);
    el.open();
    await el.updateComplete;
    await typeAndSend(el, 'echo: later');
    const text = await until(() => errorBox(el)?.querySelector('span'), 'error');
    el.close();
    await el.updateComplete;
    const closed = text.textContent;
    await sleep(1300);
    expect(text.textContent).to.equal(closed);
    el.open();
    await el.updateComplete;
    // Reopened, it says what is left now.
    expect(text.textContent).to.not.equal(closed);
    expect(text.textContent).to.match(/Try again in [1-9]\u00a0seconds?\./);
    el.remove();
    const gone = text.textContent;
    await sleep(1300);
    expect(text.textContent).to.equal(gone);
  });

  it('quota used up: says the clock time to come back, and Retry stays inactive until then', async () => {
    const limited = await createSite({ tenant: { quotas: { messagesPerDay: 0 } } });
    const el = await mountReady(limited, { mode: 'inline' });
    await typeAndSend(el, 'hello');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.match(/Try again after \d{1,2}:\d{2}/);
    expect(retryButton(el)!.getAttribute('aria-disabled')).to.equal('true');
    retryButton(el)!.click();
    await el.updateComplete;
    expect(errorBox(el)).to.equal(box);
    expect(questions(el)).to.deep.equal(['You: hello']);
    expect(input(el).value).to.equal('');
  });

  it('upstream error before the answer: inline message with retry, the question kept on screen', async () => {
    await fault({ fault: { kind: 'status', status: 500 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: again');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('Something went wrong');
    expect(questions(el)).to.deep.equal(['You: echo: again']);
    expect(input(el).value).to.equal('');
    expect(retryButton(el)!.getAttribute('aria-disabled')).to.equal('false');
    retryButton(el)!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('again');
    expect(questions(el)).to.deep.equal(['You: echo: again']);
  });

  it('error in the middle of the answer: keeps the partial answer, says so, offers retry, which replaces that turn', async () => {
    await fault({ fault: { kind: 'error-event', afterTokens: 3 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:20');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('Something went wrong');
    expect(botBodies(el)[0]!.textContent!.split(' ').length).to.equal(3);
    expect(input(el).value).to.equal('');
    retryButton(el)!.click();
    await el.updateComplete;
    await waitForAnswer(el);
    expect(questions(el)).to.deep.equal(['You: tokens:20']);
    expect(botBodies(el).map((b) => b.innerText.trim().split(/\s+/).length)).to.deep.equal([20]);
  });

  it('a reload in the middle of an answer no longer kept: the question with "interrupted" and Retry, the composer left to the visitor', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 40 }, path: '/complete$', times: 1 });
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'tokens:50');
    await until(() => botBodies(first)[0]?.textContent, 'first tokens');
    first.remove(); // as a reload does (resume.test.ts: an answer still kept streams on)
    loseAnswer(site);

    const el = await mountReady(site, { mode: 'inline' });
    const box = await until(() => errorBox(el), 'interrupted notice');
    expect(box.textContent).to.contain('The answer was interrupted.');
    expect(questions(el)).to.deep.equal(['You: tokens:50']);
    expect(input(el).value).to.equal('');
    // What the visitor types meanwhile stays theirs through the retry.
    input(el).value = 'and one more thing';
    retryButton(el)!.click();
    await el.updateComplete;
    await waitForAnswer(el);
    expect(questions(el)).to.deep.equal(['You: tokens:50']);
    expect(botBodies(el)[0]!.innerText.trim().split(/\s+/).length).to.equal(50);
    expect(errorBox(el)).to.equal(null);
    expect(input(el).value).to.equal('and one more thing');
  });

  it('connection dropped mid-answer: "interrupted" with retry', async () => {
    await fault({ fault: { kind: 'close-mid-stream', afterTokens: 2 }, path: '/complete$', times: 1 });
    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'tokens:30');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.match(/interrupted|went wrong/);
    expect(q(el, '[part~="retry-button"]')).to.not.equal(null);
  });

  it('offline: says so without sending, keeps the question on screen; Retry works once online', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await setOffline(true);
    await until(() => navigator.onLine === false, 'offline');
    await typeAndSend(el, 'echo: offline text');
    const box = await until(() => errorBox(el), 'error');
    expect(box.textContent).to.contain('You are offline');
    expect(questions(el)).to.deep.equal(['You: echo: offline text']);
    expect(input(el).value).to.equal('');
    await setOffline(false);
    await until(() => navigator.onLine, 'online');
    retryButton(el)!.click();
    expect((await waitForAnswer(el)).textContent).to.equal('offline text');
    expect(questions(el)).to.deep.equal(['You: echo: offline text']);
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
    expect(box.textContent).to.contain('at most 4,000');
    expect(q(el, '[part~="retry-button"]')).to.equal(null);
    expect(input(el).value).to.equal(long);
  });
});
