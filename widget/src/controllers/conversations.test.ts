/**
 * The visitor's conversations in ChatController, over an in-memory API: the history of a
 * conversation left while it loads, reopening one (open()), and the list of recent ones.
 */
import { expect } from '@esm-bundle/chai';
import {
  AnswerStream,
  FakeApi,
  forgetUnitSites,
  historyItem,
  summary,
  TestHost,
  uniqueSiteKey,
  until,
} from '../../test/support/fakes.js';
import { ApiError } from '../api/errors.js';
import { ChatController, type ChatMessage } from './chat.controller.js';
import { SessionController } from './session.controller.js';
import { loadRecord, saveRecord } from './storage.js';

const shown = (messages: ChatMessage[]) => messages.map((m) => `${m.role}: ${m.text}`);

/** A promise the test settles: a history held back by a slow network. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('ChatController: the visitor’s conversations', () => {
  let host: TestHost;
  let session: SessionController;
  let chat: ChatController;
  let api: FakeApi;
  let siteKey: string;

  beforeEach(async () => {
    host = new TestHost();
    session = new SessionController(host);
    api = new FakeApi();
    siteKey = uniqueSiteKey();
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1', conversationId: 'cv_7' });
    api.histories.set('cv_7', [historyItem('user', 'Latest?', 1), historyItem('bot', 'Latest.', 2)]);
    api.histories.set('cv_3', [historyItem('user', 'Older?', 1), historyItem('bot', 'Older.', 2)]);
    api.histories.set('cv_2', [historyItem('user', 'Oldest?', 1), historyItem('bot', 'Oldest.', 2)]);
    api.summaries.push(summary('cv_7', 'Latest.', 3), summary('cv_3', 'Older.', 2), summary('cv_2', 'Oldest.', 1));
    session.configure(siteKey, api);
    await session.loaded;
    chat = new ChatController(host, session);
    api.calls.length = 0;
  });
  afterEach(() => {
    chat.hostDisconnected();
    session.hostDisconnected();
    forgetUnitSites();
  });

  describe('a history that arrives after the visitor moved on', () => {
    it('"New conversation" while the history loads: the history is dropped, the new conversation stays empty', async () => {
      const slow = gate();
      api.historyGate = slow.promise;
      const restoring = chat.restore();
      expect(chat.phase).to.equal('loading');
      chat.startOver();
      slow.open();
      await restoring;
      expect(chat.messages).to.deep.equal([]);
      expect(chat.conversationId).to.equal(null);
      expect(chat.phase).to.equal('idle');
      expect(session.conversationId).to.equal(null);
      // Undo brings it back, loaded afresh.
      api.historyGate = null;
      chat.undo();
      await until(() => chat.messages.length === 2 && chat.phase === 'idle', 'the history again');
      expect(shown(chat.messages)).to.deep.equal(['user: Latest?', 'bot: Latest.']);
    });

    it('open() while another open() loads: the conversation opened last is the one shown', async () => {
      const slow = gate();
      api.historyGate = slow.promise;
      const first = chat.open('cv_3');
      api.historyGate = null;
      await chat.open('cv_2');
      slow.open();
      await first;
      expect(api.callsOf('history')).to.deep.equal(['history(vi_1/t0, cv_3)', 'history(vi_1/t0, cv_2)']);
      expect(shown(chat.messages)).to.deep.equal(['user: Oldest?', 'bot: Oldest.']);
      expect(chat.conversationId).to.equal('cv_2');
      expect(session.conversationId).to.equal('cv_2');
      expect(chat.phase).to.equal('idle');
    });
  });

  describe('open()', () => {
    it('shows another of the visitor’s conversations and makes it the current one; the next question goes there', async () => {
      await chat.restore();
      chat.startOver();
      await chat.open('cv_3');
      expect(shown(chat.messages)).to.deep.equal(['user: Older?', 'bot: Older.']);
      expect(chat.conversationId).to.equal('cv_3');
      expect(loadRecord(siteKey).conversationId).to.equal('cv_3');
      // Put away for good: no undo brings back what was on screen.
      expect(chat.previous).to.equal(null);
      // Its answers can be rated as restored ones are.
      expect(chat.messages[1]!.id).to.equal('m2');
      await chat.ask('And now?');
      expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t0, cv_3, And now?)']);
    });

    it('a conversation that ends with a question says its answer was interrupted, as after a reload', async () => {
      api.histories.set('cv_3', [historyItem('user', 'Cut off?', 1)]);
      await chat.open('cv_3');
      expect(chat.error).to.include({ code: 'stream_interrupted' });
    });

    it('is refused while an answer is on its way', async () => {
      await chat.restore();
      const stream = new AnswerStream();
      api.answers.push(stream);
      const asking = chat.ask('Wait');
      await until(() => api.callsOf('postMessage').length, 'the question to be posted');
      await chat.open('cv_3');
      expect(chat.conversationId).to.equal('cv_7');
      expect(session.conversationId).to.equal('cv_7');
      expect(api.callsOf('history')).to.have.length(1);
      chat.stop();
      await asking;
    });
  });

  describe('recent conversations', () => {
    it('lists the visitor’s other conversations, latest first, without the one on screen; loaded once', async () => {
      await chat.restore();
      await chat.loadRecent();
      expect(chat.recent.map((c) => c.conversationId)).to.deep.equal(['cv_3', 'cv_2']);
      expect(chat.recent[0]).to.deep.equal(summary('cv_3', 'Older.', 2));
      await chat.loadRecent();
      await chat.loadRecent();
      expect(api.callsOf('conversations')).to.deep.equal(['conversations(vi_1/t0)']);
      // On a new conversation, the one left is among them.
      chat.startOver();
      expect(chat.recent.map((c) => c.conversationId)).to.deep.equal(['cv_7', 'cv_3', 'cv_2']);
      await chat.open('cv_2');
      expect(chat.recent.map((c) => c.conversationId)).to.deep.equal(['cv_7', 'cv_3']);
    });

    it('a first-time visitor has none, and no session is minted to find out', async () => {
      saveRecord(siteKey, {});
      await chat.loadRecent();
      expect(chat.recent).to.deep.equal([]);
      expect(api.calls).to.deep.equal([]);
    });

    it('is loaded again once a new conversation has its first answer', async () => {
      await chat.loadRecent();
      chat.startOver();
      // What the service lists once the new conversation has its answer.
      api.summaries.unshift(summary('cv_1', 'ok', 4));
      await chat.ask('Brand new?');
      expect(api.callsOf('conversations')).to.have.length(2);
      await chat.loadRecent(); // the load on its way
      expect(chat.conversationId).to.equal('cv_1');
      chat.startOver();
      expect(chat.recent.map((c) => c.conversationId)).to.deep.equal(['cv_1', 'cv_7', 'cv_3', 'cv_2']);
      // Further answers of a listed conversation load nothing at once (the list is loaded on its next showing).
      await chat.open('cv_3');
      await chat.ask('Again?');
      expect(api.callsOf('conversations')).to.have.length(2);
      await chat.loadRecent();
      expect(api.callsOf('conversations')).to.have.length(3);
    });

    it('a list that fails to load stays empty without an error on screen, and is not asked for at every render', async () => {
      api.refuse('conversations', new ApiError('service_unavailable', 503));
      await chat.loadRecent();
      await chat.loadRecent();
      expect(chat.recent).to.deep.equal([]);
      expect(chat.error).to.equal(null);
      expect(api.callsOf('conversations')).to.have.length(1);
    });
  });
});
