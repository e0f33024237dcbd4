/** Sessions and persistence against the real service: reload, renewal, refused resume, lost conversations. */
import { expect } from '@esm-bundle/chai';
import {
  botBodies,
  cleanup,
  createSite,
  fault,
  loseAnswer,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

interface Stored {
  token?: string;
  expiresAt?: number;
  visitorId?: string;
  conversationId?: string;
}

describe('tessera-chat: session and persistence', () => {
  let site: TestSite;
  const key = () => `tessera:${site.siteKey}`;
  const stored = (): Stored => JSON.parse(localStorage.getItem(key()) ?? '{}');
  const store = (patch: Stored) => localStorage.setItem(key(), JSON.stringify({ ...stored(), ...patch }));

  before(async () => {
    site = await createSite();
  });
  afterEach(cleanup);

  it('mints no session until the visitor sends, then keeps token, visitor and conversation per site key', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    expect(localStorage.getItem(key())).to.equal(null);
    await typeAndSend(el, 'echo: hello');
    await waitForAnswer(el);
    const record = stored();
    expect(record.token).to.be.a('string');
    expect(record.expiresAt).to.be.above(Date.now() + 5 * 60_000);
    expect(record.visitorId).to.match(/^vi_/);
    expect(record.conversationId).to.match(/^cv_/);
  });

  it('survives a reload: a new element with the same storage shows the same conversation with its history', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: remember me');
    await waitForAnswer(first);
    await typeAndSend(first, 'markdown');
    await waitForAnswer(first, 2);
    const before = stored();
    first.remove();

    const second = await mountReady(site, { mode: 'inline' });
    await until(() => botBodies(second).length === 2, 'history');
    expect(qa(second, '.msg.user').map((m) => m.textContent!.trim())).to.deep.equal(['You: echo: remember me', 'You: markdown']);
    expect(botBodies(second)[0]!.textContent).to.equal('remember me');
    expect(botBodies(second)[1]!.querySelector('table')).to.not.equal(null);
    expect(stored()).to.deep.equal(before);
    // ... and the conversation goes on where it was.
    await typeAndSend(second, 'echo: still here');
    await waitForAnswer(second, 3);
    expect(stored().conversationId).to.equal(before.conversationId);
  });

  it('a reload in the middle of an answer no longer kept: the question comes back with "interrupted" and a retry that asks again', async () => {
    await fault({ fault: { kind: 'slow-tokens', delayMs: 40 }, path: '/complete$', times: 1 });
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'tokens:200');
    await until(() => botBodies(first)[0]?.textContent, 'first tokens');
    first.remove(); // as a reload does (resume.test.ts: an answer still kept streams on)
    loseAnswer(site);

    const second = await mountReady(site, { mode: 'inline' });
    const box = await until(() => q(second, '[part~="error"]'), 'interrupted notice');
    expect(box.textContent).to.contain('The answer was interrupted.');
    expect(qa(second, '.msg.user').map((m) => m.textContent!.trim())).to.deep.equal(['You: tokens:200']);
    expect(botBodies(second)).to.have.length(0);
    q<HTMLButtonElement>(second, '[part~="retry-button"]')!.click();
    await waitForAnswer(second);
    expect(botBodies(second)[0]!.innerText.trim().split(/\s+/).length).to.equal(200);
    expect(q(second, '[part~="error"]')).to.equal(null);
  });

  it('loads the history only when the floating panel opens', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: later');
    await waitForAnswer(first);
    first.remove();
    const el = await mountReady(site);
    await new Promise((r) => setTimeout(r, 300));
    expect(botBodies(el).length).to.equal(0);
    el.open();
    await until(() => botBodies(el).length === 1, 'history after open');
  });

  it('renews an expired token silently with resume: same visitor, same conversation', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: before expiry');
    await waitForAnswer(first);
    first.remove();
    const before = stored();
    store({ expiresAt: Date.now() - 1000 });

    const el = await mountReady(site, { mode: 'inline' });
    await until(() => botBodies(el).length === 1, 'history');
    await typeAndSend(el, 'echo: after expiry');
    expect((await waitForAnswer(el, 2)).textContent).to.equal('after expiry');
    const after = stored();
    expect(after.token).to.not.equal(before.token);
    expect(after.visitorId).to.equal(before.visitorId);
    expect(after.conversationId).to.equal(before.conversationId);
    expect(q(el, '[part~="error"]')).to.equal(null);
  });

  it('renews before expiry while the panel is open', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: x');
    await waitForAnswer(first);
    first.remove();
    const before = stored();
    // Pretend the token expires in 61 s: the renewal is due a minute ahead, i.e. now.
    store({ expiresAt: Date.now() + 61_000 });
    const el = await mountReady(site, { mode: 'inline' });
    await until(() => stored().token !== before.token, 'renewed token', 8000);
    expect(stored().visitorId).to.equal(before.visitorId);
    expect(stored().expiresAt).to.be.above(Date.now() + 5 * 60_000);
    el.remove();
  });

  it('retries once with a renewed session when the service refuses the token, and starts fresh when resume is refused', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: one');
    await waitForAnswer(first);
    first.remove();
    const before = stored();
    // A token the service cannot verify (signature broken) that the widget still believes in.
    const broken = `${before.token!.slice(0, -4)}AAAA`;
    store({ token: broken, expiresAt: Date.now() + 5 * 60_000 });

    const el = await mountReady(site, { mode: 'inline' });
    await typeAndSend(el, 'echo: two');
    expect((await waitForAnswer(el)).textContent).to.equal('two');
    const after = stored();
    expect(after.token).to.not.equal(broken);
    // resume with a broken token is refused: a new visitor, whose new conversation this is.
    expect(after.visitorId).to.not.equal(before.visitorId);
    expect(after.conversationId).to.match(/^cv_/).and.not.equal(before.conversationId);
    expect(q(el, '[part~="error"]')).to.equal(null);
  });

  it('starts a new conversation when the stored one is gone', async () => {
    const first = await mountReady(site, { mode: 'inline' });
    await typeAndSend(first, 'echo: a');
    await waitForAnswer(first);
    first.remove();
    const missing = 'cv_0000000000000000000000';
    store({ conversationId: missing });
    const el = await mountReady(site, { mode: 'inline' });
    await until(() => stored().conversationId === undefined, 'forgotten conversation');
    expect(botBodies(el).length).to.equal(0);
    expect(q(el, '[part~="error"]')).to.equal(null);
    await typeAndSend(el, 'echo: b');
    expect((await waitForAnswer(el)).textContent).to.equal('b');
    expect(stored().conversationId).to.match(/^cv_/).and.not.equal(missing);
  });

  it('keeps separate records per site key', async () => {
    const other = await createSite();
    const a = await mountReady(site, { mode: 'inline' });
    const b = await mountReady(other, { mode: 'inline' });
    await typeAndSend(a, 'echo: a');
    await waitForAnswer(a);
    await typeAndSend(b, 'echo: b');
    await waitForAnswer(b);
    const ra = JSON.parse(localStorage.getItem(`tessera:${site.siteKey}`)!);
    const rb = JSON.parse(localStorage.getItem(`tessera:${other.siteKey}`)!);
    expect(ra.conversationId).to.not.equal(rb.conversationId);
    expect(ra.visitorId).to.not.equal(rb.visitorId);
  });
});
