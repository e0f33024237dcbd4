/** SessionController driven by an in-memory API: config, tokens (mint, reuse, renew, resume), conversations. */
import { expect } from '@esm-bundle/chai';
import { SITE_UNAVAILABLE_CODES } from '@tessera/protocol/limits';
import { FakeApi, forgetUnitSites, SITE_CONFIG, TestHost, uniqueSiteKey, until } from '../../test/support/fakes.js';
import { ApiError } from '../api/errors.js';
import { SessionController } from './session.controller.js';
import { loadRecord, saveRecord } from './storage.js';

describe('SessionController', () => {
  let host: TestHost;
  let session: SessionController;
  let api: FakeApi;
  let siteKey: string;

  /** A session on a fresh site whose config has loaded. */
  async function ready(): Promise<void> {
    session.configure(siteKey, api);
    await session.loaded;
    api.calls.length = 0;
  }

  beforeEach(() => {
    host = new TestHost();
    session = new SessionController(host);
    api = new FakeApi();
    siteKey = uniqueSiteKey();
  });
  afterEach(() => {
    session.hostDisconnected();
    forgetUnitSites();
  });

  it('registers itself with its host', () => {
    expect(host.controllers).to.have.length(1);
    expect(host.controllers[0]).to.equal(session);
  });

  describe('config', () => {
    it('loads the site config: loading, then ready', async () => {
      session.configure(siteKey, api);
      expect(session.status).to.equal('loading');
      await session.loaded;
      expect(session.status).to.equal('ready');
      expect(session.config).to.deep.equal(SITE_CONFIG);
      expect(session.error).to.equal(null);
      expect(api.calls).to.deep.equal(['config()']);
      expect(host.updates).to.be.at.least(2);
      expect(host.events).to.deep.equal([]);
    });

    for (const code of SITE_UNAVAILABLE_CODES) {
      it(`is disabled for good by ${code}, and says so once`, async () => {
        api.refuse('config', new ApiError(code, code === 'site_not_found' ? 404 : 403, 'no'));
        session.configure(siteKey, api);
        await session.loaded;
        expect(session.status).to.equal('disabled');
        expect(session.error?.code).to.equal(code);
        expect(host.emitted('tessera-error')).to.deep.equal([{ code, message: 'no', retryable: false }]);
        expect(api.calls).to.deep.equal(['config()']);
      });
    }

    it('is disabled without a service to ask (no site key or service URL)', async () => {
      session.configure('', null);
      await session.loaded;
      expect(session.status).to.equal('disabled');
      expect(session.error?.code).to.equal('site_not_found');
      await session.token().then(
        () => expect.fail('minted without an API'),
        (err: ApiError) => expect(err.code).to.equal('site_not_found'),
      );
    });

    it('a retryable failure is an error that load() can cure', async () => {
      api.refuse('config', new ApiError('service_unavailable', 503));
      session.configure(siteKey, api);
      await session.loaded;
      expect(session.status).to.equal('error');
      expect(session.error).to.include({ code: 'service_unavailable', retryable: true });
      expect(host.emitted('tessera-error')).to.have.length(1);
      session.load();
      await session.loaded;
      expect(session.status).to.equal('ready');
      expect(session.error).to.equal(null);
      expect(api.calls).to.deep.equal(['config()', 'config()']);
    });

    it('a minted session heals a failed config load (the session carries the config)', async () => {
      api.refuse('config', new ApiError('network', 0));
      session.configure(siteKey, api);
      await session.loaded;
      expect(session.status).to.equal('error');
      await session.token();
      expect(session.status).to.equal('ready');
      expect(session.config).to.deep.equal(SITE_CONFIG);
      expect(session.error).to.equal(null);
    });
  });

  describe('tokens', () => {
    it('mints a token when first needed, stores it per site key, then reuses it', async () => {
      await ready();
      expect(loadRecord(siteKey)).to.deep.equal({});
      const token = await session.token();
      expect(token).to.equal('vi_1/t1');
      expect(loadRecord(siteKey)).to.include({ token, visitorId: 'vi_1' });
      expect(await session.token()).to.equal(token);
      expect(api.calls).to.deep.equal(['session()']);
    });

    it('mints once for calls that need a token at the same time', async () => {
      await ready();
      const tokens = await Promise.all([session.token(), session.token(), session.renew()]);
      expect(tokens).to.deep.equal(['vi_1/t1', 'vi_1/t1', 'vi_1/t1']);
      expect(api.calls).to.deep.equal(['session()']);
    });

    it('renews a token about to expire with resume: same visitor, same conversation', async () => {
      saveRecord(siteKey, { token: 'vi_7/t0', expiresAt: Date.now() + 5_000, visitorId: 'vi_7', conversationId: 'cv_7' });
      await ready();
      expect(await session.token()).to.equal('vi_7/t1');
      expect(api.calls).to.deep.equal(['session(vi_7/t0)']);
      expect(loadRecord(siteKey)).to.include({ token: 'vi_7/t1', visitorId: 'vi_7', conversationId: 'cv_7' });
    });

    it('starts a new visitor, without the old conversation, when resume is refused (401)', async () => {
      saveRecord(siteKey, { token: 'vi_7/t0', expiresAt: Date.now() - 1, visitorId: 'vi_7', conversationId: 'cv_7' });
      await ready();
      api.refuse('session', new ApiError('resume_rejected', 401));
      expect(await session.token()).to.equal('vi_1/t1');
      expect(api.calls).to.deep.equal(['session(vi_7/t0)', 'session()']);
      expect(loadRecord(siteKey)).to.include({ token: 'vi_1/t1', visitorId: 'vi_1' });
      expect(session.conversationId, 'a new visitor cannot read the old conversation').to.equal(null);
    });

    it('does not start over when renewing fails for another reason', async () => {
      saveRecord(siteKey, { token: 'vi_7/t0', expiresAt: Date.now() - 1, visitorId: 'vi_7', conversationId: 'cv_7' });
      await ready();
      api.refuse('session', new ApiError('rate_limited', 429));
      const err = await session.token().catch((e: ApiError) => e);
      expect(err).to.include({ code: 'rate_limited' });
      expect(api.calls).to.deep.equal(['session(vi_7/t0)']);
      expect(session.conversationId).to.equal('cv_7');
    });

    it('renews ahead of expiry on a timer while active, and stops when inactive', async () => {
      await ready();
      api.lifetimeMs = 60_000 + 30; // renewal due 30 ms after minting
      session.setActive(true);
      await session.token();
      api.lifetimeMs = 10 * 60_000;
      await until(() => api.calls.length === 2, 'the timed renewal');
      expect(api.calls).to.deep.equal(['session()', 'session(vi_1/t1)']);
      api.lifetimeMs = 60_000 + 30;
      await session.renew();
      session.setActive(false);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(api.calls).to.have.length(3);
    });

    it('renews once and retries a call refused with a token_* 401', async () => {
      await ready();
      api.refuse('createConversation', new ApiError('token_expired', 401));
      expect(await session.newConversation()).to.equal('cv_1');
      expect(api.calls).to.deep.equal([
        'session()',
        'createConversation(vi_1/t1)',
        'session(vi_1/t1)',
        'createConversation(vi_1/t2)',
      ]);
    });

    it('renews only once: a second refusal reaches the caller', async () => {
      await ready();
      api.refuse('createConversation', new ApiError('token_invalid', 401), new ApiError('token_invalid', 401));
      const err = await session.newConversation().catch((e: ApiError) => e);
      expect(err).to.include({ code: 'token_invalid' });
      expect(api.callsOf('session')).to.have.length(2);
      expect(api.callsOf('createConversation')).to.have.length(2);
    });

    it('does not renew for errors a new token cannot cure', async () => {
      await ready();
      api.refuse('createConversation', new ApiError('token_site_mismatch', 403));
      const err = await session.newConversation().catch((e: ApiError) => e);
      expect(err).to.include({ code: 'token_site_mismatch' });
      expect(api.calls).to.deep.equal(['session()', 'createConversation(vi_1/t1)']);
    });
  });

  describe('conversations', () => {
    it('creates the conversation once and reuses it', async () => {
      await ready();
      await session.startAnswer('Hi', new AbortController().signal);
      await session.startAnswer('Again', new AbortController().signal);
      expect(api.calls).to.deep.equal([
        'session()',
        'createConversation(vi_1/t1)',
        'postMessage(vi_1/t1, cv_1, Hi)',
        'postMessage(vi_1/t1, cv_1, Again)',
      ]);
      expect(session.conversationId).to.equal('cv_1');
    });

    it('replaces a conversation the service no longer knows, once', async () => {
      saveRecord(siteKey, { token: 'vi_7/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_7', conversationId: 'cv_gone' });
      await ready();
      api.refuse('postMessage', new ApiError('conversation_not_found', 404));
      const to: string[] = [];
      const res = await session.startAnswer('Hi', new AbortController().signal, undefined, (id) => to.push(id));
      expect(res.ok).to.equal(true);
      expect(to).to.deep.equal(['cv_gone', 'cv_1']);
      expect(api.calls).to.deep.equal([
        'postMessage(vi_7/t0, cv_gone, Hi)',
        'createConversation(vi_7/t0)',
        'postMessage(vi_7/t0, cv_1, Hi)',
      ]);
      expect(session.conversationId).to.equal('cv_1');
    });

    it('gives up when the new conversation is not found either', async () => {
      await ready();
      const gone = new ApiError('conversation_not_found', 404);
      api.refuse('postMessage', gone, gone);
      const err = await session.startAnswer('Hi', new AbortController().signal).catch((e: ApiError) => e);
      expect(err).to.equal(gone);
      expect(api.callsOf('postMessage')).to.have.length(2);
      expect(api.callsOf('createConversation')).to.have.length(2);
    });
  });
});
