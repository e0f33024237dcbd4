/**
 * Signed-in visitors in the session (and the chat on screen) over an in-memory API: signing in
 * adopts the anonymous session, another user starts afresh, signing out forgets everything, a
 * refused identity leaves the visitor anonymous, a site that requires a user mints nothing before.
 */
import { expect } from '@esm-bundle/chai';
import {
  FakeApi,
  forgetUnitSites,
  identityToken,
  SITE_CONFIG,
  summary,
  TestHost,
  uniqueSiteKey,
  until,
} from '../../test/support/fakes.js';
import { ApiError } from '../api/errors.js';
import { ChatController } from './chat.controller.js';
import { SessionController } from './session.controller.js';
import { loadRecord, recordKey, saveRecord } from './storage.js';
import type { TabNews } from './tabs.js';

const ALICE = identityToken('alice', { name: 'Alice' });
const BOB = identityToken('bob');
const HOUR = 3_600_000;

describe('signed-in visitors', () => {
  let api: FakeApi;
  let siteKey: string;
  const sessions: SessionController[] = [];

  /** A page's session on the site (a new one: a new page or tab), with what it hears from the others and itself. */
  async function page(): Promise<{ host: TestHost; session: SessionController; heard: TabNews[] }> {
    const host = new TestHost();
    const session = new SessionController(host);
    const heard: TabNews[] = [];
    session.onNews((news) => heard.push(news));
    session.configure(siteKey, api);
    await session.loaded;
    sessions.push(session);
    api.calls.length = 0;
    return { host, session, heard };
  }

  beforeEach(() => {
    api = new FakeApi();
    siteKey = uniqueSiteKey();
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.hostDisconnected();
    forgetUnitSites();
  });

  it('signing in mints at once, resuming the anonymous session: the user adopts its conversation', async () => {
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + HOUR, visitorId: 'vi_1', conversationId: 'cv_7' });
    const { session } = await page();
    await session.identify(ALICE);
    expect(api.calls).to.deep.equal(['session(vi_1/t0, as alice)']);
    expect(api.adoptions).to.deep.equal(['vi_1 → vi_alice']);
    expect(loadRecord(siteKey)).to.deep.include({ visitorId: 'vi_alice', conversationId: 'cv_7', identified: true });
    expect(session.identified).to.equal(true);
    expect(localStorage.getItem(recordKey(siteKey))!.includes(ALICE), 'the identity token is not stored').to.equal(false);
  });

  it('a visitor never seen is signed in with the identity alone; renewals resume it alone', async () => {
    const { session } = await page();
    await session.identify(ALICE);
    await session.renew();
    expect(api.calls).to.deep.equal(['session(as alice)', 'session(vi_alice/t1)']);
    expect(loadRecord(siteKey)).to.deep.include({ token: 'vi_alice/t2', identified: true });
  });

  it('the same user on the next page: minted again without resume, the conversation goes on', async () => {
    saveRecord(siteKey, {
      token: 'vi_alice/t0',
      expiresAt: Date.now() + HOUR,
      visitorId: 'vi_alice',
      conversationId: 'cv_9',
      identified: true,
    });
    const { session, heard } = await page();
    await session.identify(ALICE);
    expect(api.calls).to.deep.equal(['session(as alice)']);
    expect(loadRecord(siteKey)).to.deep.include({ visitorId: 'vi_alice', conversationId: 'cv_9', identified: true });
    expect(heard, 'nothing changed on screen').to.deep.equal([]);
  });

  it('another user: no resume, nothing of the first user carries over, and the screen follows', async () => {
    saveRecord(siteKey, {
      token: 'vi_alice/t0',
      expiresAt: Date.now() + HOUR,
      visitorId: 'vi_alice',
      conversationId: 'cv_9',
      identified: true,
    });
    const { session, heard } = await page();
    await session.identify(BOB);
    expect(api.calls).to.deep.equal(['session(as bob)']);
    expect(api.adoptions).to.deep.equal([]);
    expect(loadRecord(siteKey)).to.deep.equal({
      token: 'vi_bob/t1',
      expiresAt: loadRecord(siteKey).expiresAt,
      visitorId: 'vi_bob',
      identified: true,
    });
    expect(heard).to.deep.include({ kind: 'record' });
    expect(heard).to.deep.include({ kind: 'answered', conversationId: '' });
  });

  it('no stored session is used while a sign-in is under way', async () => {
    saveRecord(siteKey, {
      token: 'vi_alice/t0',
      expiresAt: Date.now() + HOUR,
      visitorId: 'vi_alice',
      conversationId: 'cv_9',
      identified: true,
    });
    const { session } = await page();
    const signing = session.identify(BOB);
    expect(await session.token()).to.equal('vi_bob/t1');
    await signing;
    expect(api.callsOf('session')).to.deep.equal(['session(as bob)']);
  });

  it('logout forgets token, visitor and conversation; the next need mints a new anonymous visitor', async () => {
    const { session, host, heard } = await page();
    await session.identify(ALICE);
    await session.newConversation();
    const updates = host.updates;
    session.logout();
    expect(localStorage.getItem(recordKey(siteKey)), 'the stored record is removed').to.equal(null);
    expect(session.identified).to.equal(false);
    expect(session.conversationId).to.equal(null);
    expect(heard.slice(-2)).to.deep.equal([{ kind: 'record' }, { kind: 'answered', conversationId: '' }]);
    expect(host.updates).to.be.above(updates);
    const chat = new ChatController(host, session);
    await chat.loadRecent();
    expect(chat.recent, 'no session: no list, and none minted for it').to.deep.equal([]);
    expect(await session.token()).to.equal('vi_1/t2');
    expect(api.callsOf('session')).to.deep.equal(['session(as alice)', 'session()']);
    expect(loadRecord(siteKey).identified).to.equal(undefined);
  });

  it('a session still being minted when the user signs out is not stored', async () => {
    const { session } = await page();
    const signing = session.identify(ALICE);
    session.logout();
    await signing;
    const minting = session.token();
    session.logout();
    await minting;
    expect(localStorage.getItem(recordKey(siteKey))).to.equal(null);
    expect(api.callsOf('session'), 'signing in stopped at the sign-out').to.deep.equal(['session()']);
  });

  it('an identity the service refuses: the console says why, once, and the visitor goes on anonymously', async () => {
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + HOUR, visitorId: 'vi_1', conversationId: 'cv_7' });
    const { session } = await page();
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => warned.push(line);
    try {
      api.refuse('session', new ApiError('identity_expired', 401, 'The identity token has expired.'));
      await session.identify(ALICE);
      expect(session.identified).to.equal(false);
      expect(await session.token()).to.equal('vi_1/t0');
      await session.renew();
    } finally {
      console.warn = warn;
    }
    expect(warned).to.deep.equal(['[tessera] identity_expired: The identity token has expired.']);
    expect(api.calls).to.deep.equal(['session(vi_1/t0, as alice)', 'session(vi_1/t0)']);
    expect(loadRecord(siteKey)).to.deep.include({ visitorId: 'vi_1', conversationId: 'cv_7' });
  });

  describe('a site that lets only its signed-in users chat', () => {
    beforeEach(() => {
      api.siteConfig = { ...SITE_CONFIG, identityRequired: true };
    });

    it('no chat until the page signs a user in, then that user’s session', async () => {
      const { host, session } = await page();
      expect(session.signIn).to.equal(true);
      const chat = new ChatController(host, session);
      await chat.loadRecent();
      expect(chat.recent).to.deep.equal([]);
      expect(api.calls).to.deep.equal([]);
      const signing = session.identify(ALICE);
      expect(session.signIn, 'the launcher shows at once').to.equal(false);
      await signing;
      // The welcome screen's list follows: the user's conversations.
      await until(() => api.calls.length === 2, 'the list of the user');
      expect(api.calls).to.deep.equal(['session(as alice)', 'conversations(vi_alice/t1)']);
      expect(session.signIn).to.equal(false);
    });

    it('a refused identity leaves it closed, with no anonymous session', async () => {
      const { session } = await page();
      const warn = console.warn;
      console.warn = () => {};
      try {
        api.refuse('session', new ApiError('identity_wrong_site', 401));
        await session.identify(ALICE);
      } finally {
        console.warn = warn;
      }
      expect(session.signIn).to.equal(true);
      expect(api.calls).to.deep.equal(['session(as alice)']);
      expect(localStorage.getItem(recordKey(siteKey))).to.equal(null);
    });

    it('a signed-in session renews without the identity (it expired long ago)', async () => {
      saveRecord(siteKey, { token: 'vi_alice/t0', expiresAt: Date.now() - 1, visitorId: 'vi_alice', identified: true });
      const { session } = await page();
      expect(session.signIn).to.equal(false);
      expect(await session.token()).to.equal('vi_alice/t1');
      expect(api.calls).to.deep.equal(['session(vi_alice/t0)']);
    });
  });

  describe('the chat on screen and the other tabs', () => {
    it('logout empties the screen and the list of conversations, here and in the other tabs', async () => {
      const a = await page();
      const b = await page();
      await a.session.identify(ALICE);
      const chatA = new ChatController(a.host, a.session);
      const chatB = new ChatController(b.host, b.session);
      api.summaries.push(summary('cv_old', 'Where is my order?'));
      await chatA.ask('Hello');
      await Promise.all([chatA.loadRecent(), chatB.loadRecent()]);
      await until(() => chatB.conversationId === 'cv_1', 'B to follow A’s conversation');
      expect(chatA.recent.map((c) => c.conversationId)).to.deep.equal(['cv_old']);
      expect(chatB.recent.map((c) => c.conversationId)).to.deep.equal(['cv_old']);
      const updatesB = b.host.updates;
      a.session.logout();
      for (const chat of [chatA, chatB]) {
        await until(
          () => chat.conversationId === null && chat.messages.length === 0 && chat.recent.length === 0,
          'an empty screen',
        );
      }
      expect(b.host.updates, 'B updates (its launcher)').to.be.above(updatesB);
      expect(b.session.identified).to.equal(false);
      chatA.hostDisconnected();
      chatB.hostDisconnected();
    });

    it('another user: the first user’s conversation leaves the screen once the service says who it is', async () => {
      const { host, session } = await page();
      await session.identify(ALICE);
      const chat = new ChatController(host, session);
      await chat.ask('Hello');
      expect(chat.conversationId).to.equal('cv_1');
      await session.identify(BOB);
      expect(chat.conversationId).to.equal(null);
      expect(chat.messages).to.deep.equal([]);
      chat.hostDisconnected();
    });
  });
});
