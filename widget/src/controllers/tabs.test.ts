/**
 * Two tabs of one site in step, as controllers over one in-memory API: each "tab" is its own
 * SessionController and ChatController, with a BroadcastChannel of its own (messages reach the
 * other objects of the same name in this page, as they would in another tab) and the one
 * localStorage of the page. The storage-event path (no BroadcastChannel) is driven by hand.
 */
import { expect } from '@esm-bundle/chai';
import {
  AnswerStream,
  doneEvent,
  errorEvent,
  FakeApi,
  forgetUnitSites,
  historyItem,
  startEvent,
  type TestHost,
  tokenEvent,
  uniqueSiteKey,
  until,
  widgetPage,
} from '../../test/support/fakes.js';
import type { ChatController, ChatMessage } from './chat.controller.js';
import type { SessionController } from './session.controller.js';
import { loadRecord, recordKey, saveRecord } from './storage.js';
import type { TabNews } from './tabs.js';

const shown = (messages: ChatMessage[]) => messages.map((m) => `${m.role}: ${m.text}`);

interface Tab {
  host: TestHost;
  session: SessionController;
  chat: ChatController;
}

describe('tabs of one site in step', () => {
  let api: FakeApi;
  let siteKey: string;
  const tabs: Tab[] = [];

  /** A tab whose transcript is on screen: each update runs restore(), as the panel's render does. */
  async function openTab(): Promise<Tab> {
    const { host, session, chat } = await widgetPage(siteKey, api);
    host.onUpdate = () => void chat.restore();
    await chat.restore();
    const tab = { host, session, chat };
    tabs.push(tab);
    return tab;
  }

  beforeEach(() => {
    api = new FakeApi();
    api.keepsHistory = true;
    siteKey = uniqueSiteKey();
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1', conversationId: 'cv_7' });
    api.histories.set('cv_7', [historyItem('user', 'Old question', 1), historyItem('bot', 'Old answer', 2)]);
  });
  afterEach(() => {
    for (const { chat, session } of tabs.splice(0)) {
      chat.hostDisconnected();
      session.hostDisconnected();
    }
    forgetUnitSites();
  });

  it('a new conversation asked in tab A shows in tab B, and B’s next message goes to the conversation B shows', async () => {
    const a = await openTab();
    const b = await openTab();
    expect(shown(b.chat.messages)).to.deep.equal(['user: Old question', 'bot: Old answer']);

    a.chat.startOver();
    // B follows at once: the new conversation is empty until its first message.
    await until(() => b.chat.conversationId === null && !b.chat.messages.length, 'B to follow the new conversation');
    await a.chat.ask('New question');
    expect(a.chat.conversationId).to.equal('cv_1');
    await until(() => b.chat.messages.length === 2 && b.chat.phase === 'idle', 'B to show A’s question and answer');
    expect(b.chat.conversationId).to.equal('cv_1');
    expect(shown(b.chat.messages)).to.deep.equal(['user: New question', 'bot: ok']);
    expect(b.chat.error).to.equal(null);

    await b.chat.ask('From B');
    expect(api.callsOf('postMessage').at(-1)).to.equal('postMessage(vi_1/t0, cv_1, From B)');
    await until(() => a.chat.messages.length === 4 && a.chat.phase === 'idle', 'A to show B’s turn');
    expect(shown(a.chat.messages).slice(2)).to.deep.equal(['user: From B', 'bot: ok']);
    expect(api.callsOf('createConversation')).to.have.length(1);
  });

  it('a tab streaming its own answer follows only once that answer is done', async () => {
    const a = await openTab();
    const b = await openTab();
    const stream = new AnswerStream();
    api.answers.push(stream);
    const asking = b.chat.ask('Still here?');
    await until(() => api.callsOf('postMessage').length, 'B’s question to be posted');
    a.chat.startOver();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Undisturbed: B's answer goes on in the conversation it was asked in.
    expect(b.chat.conversationId).to.equal('cv_7');
    expect(b.chat.phase).to.equal('waiting');
    stream.write(doneEvent('Yes.'));
    stream.end();
    await asking;
    expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t0, cv_7, Still here?)']);
    // Then it shows what A shows: the new, empty conversation.
    expect(b.chat.conversationId).to.equal(null);
    expect(b.chat.messages).to.deep.equal([]);
  });

  it('a question asked in tab A streams live in tab B too, question and answer once', async () => {
    const a = await openTab();
    const b = await openTab();
    const stream = new AnswerStream();
    api.answers.push(stream);
    const follow = new AnswerStream();
    api.reattached.push(follow);
    const asking = a.chat.ask('Tell me');
    await until(() => api.callsOf('postMessage').length, 'A’s question to be posted');
    stream.write(startEvent('an_1'));
    await until(() => b.chat.phase === 'waiting', 'B to follow the answer');
    // From the start: B reads what A has read so far, then on as it comes.
    expect(api.callsOf('answer')).to.deep.equal(['answer(vi_1/t0, cv_7, an_1)']);
    expect(shown(b.chat.messages)).to.deep.equal(['user: Old question', 'bot: Old answer', 'user: Tell me', 'bot: ']);
    stream.write(tokenEvent('Once', 4));
    follow.write(startEvent('an_1') + tokenEvent('Once', 4));
    await until(() => b.chat.phase === 'streaming' && b.chat.messages.at(-1)!.text === 'Once', 'B to stream');
    expect(b.chat.answering).to.equal(true);
    api.histories.get('cv_7')!.push({ ...historyItem('bot', 'Once upon a time.', 4), id: 'msg_1' });
    stream.write(tokenEvent(' upon a time.', 17), doneEvent('Once upon a time.'));
    stream.end();
    follow.write(tokenEvent(' upon a time.', 17), doneEvent('Once upon a time.'));
    follow.end();
    await asking;
    // The answered news reloads B's history: the same turn, once.
    await until(() => api.callsOf('history').length === 3 && b.chat.phase === 'idle', 'B to reload its history');
    for (const tab of [a, b]) {
      expect(shown(tab.chat.messages)).to.deep.equal([
        'user: Old question',
        'bot: Old answer',
        'user: Tell me',
        'bot: Once upon a time.',
      ]);
      expect(tab.chat.error).to.equal(null);
    }
  });

  it('a stop in tab A shows as stopped in tab B, not as an error; B’s stop stops A’s answer', async () => {
    const a = await openTab();
    const b = await openTab();
    for (const stopper of [a, b]) {
      const stream = new AnswerStream();
      api.answers.push(stream);
      const follow = new AnswerStream();
      api.reattached.push(follow);
      const asking = a.chat.ask('Long story?');
      await until(() => api.callsOf('postMessage').length === api.callsOf('stopAnswer').length + 1, 'A’s question');
      const answerId = `an_${api.callsOf('postMessage').length}`;
      stream.write(startEvent(answerId), tokenEvent('Once', 4));
      follow.write(startEvent(answerId) + tokenEvent('Once', 4));
      await until(() => b.chat.phase === 'streaming', 'B to follow');
      stopper.chat.stop();
      // The service ends every other reader's stream with answer_stopped.
      for (const s of stopper === a ? [follow] : [stream]) {
        s.write(errorEvent('answer_stopped', false));
        s.end();
      }
      await asking;
      await until(() => b.chat.phase === 'idle', 'B’s answer to end');
      for (const tab of [a, b]) {
        expect(shown(tab.chat.messages).at(-1)).to.equal('bot: Once');
        expect(tab.chat.messages.at(-1)!.stopped).to.equal(true);
        expect(tab.chat.error).to.equal(null);
      }
    }
    expect(api.callsOf('stopAnswer')).to.deep.equal(['stopAnswer(vi_1/t0, cv_7, an_1)', 'stopAnswer(vi_1/t0, cv_7, an_2)']);
  });

  it('undo in one tab brings the other back to the old conversation; an undo window closes when the other tab moves on', async () => {
    const a = await openTab();
    const b = await openTab();
    a.chat.startOver();
    await until(() => b.chat.conversationId === null, 'B to follow the new conversation');
    a.chat.undo();
    await until(() => b.chat.messages.length === 2, 'B back on the old conversation');
    expect(b.chat.conversationId).to.equal('cv_7');
    expect(shown(b.chat.messages)).to.deep.equal(['user: Old question', 'bot: Old answer']);

    b.chat.startOver();
    expect(b.chat.previous?.id).to.equal('cv_7');
    await until(() => a.chat.conversationId === null, 'A to follow');
    // A has nothing to undo: the undo is B's.
    expect(a.chat.previous).to.equal(null);
    await a.chat.ask('Moving on');
    await until(() => b.chat.conversationId === 'cv_1', 'B to follow A’s new conversation');
    expect(b.chat.previous).to.equal(null);
  });

  it('a token renewed in another tab is simply used: nothing reloads', async () => {
    const a = await openTab();
    const b = await openTab();
    const updates = b.host.updates;
    await a.session.renew();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(b.host.updates).to.equal(updates);
    expect(api.callsOf('history')).to.have.length(2); // one per tab, when each opened
    await b.chat.ask('Token?');
    expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t1, cv_7, Token?)']);
    expect(api.callsOf('session')).to.deep.equal(['session(vi_1/t0)']);
  });

  it('a tab hears nothing of a tab whose storage is blocked (the record lives in memory there)', async () => {
    const heard: TabNews[] = [];
    const channel = new BroadcastChannel(recordKey(siteKey));
    channel.onmessage = (e) => heard.push(e.data);
    const a = await openTab();
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = Storage.prototype.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      a.chat.startOver();
      await a.chat.ask('Private?');
    } finally {
      Object.assign(Storage.prototype, { getItem, setItem });
      channel.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).to.deep.equal([]);
    // The stored record was left alone; the memory one holds the new conversation.
    expect(loadRecord(siteKey).conversationId).to.equal('cv_7');
  });

  describe('without BroadcastChannel: storage events', () => {
    const channel = window.BroadcastChannel;
    let b: Tab;
    beforeEach(async () => {
      (window as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
      b = await openTab();
    });
    afterEach(() => {
      window.BroadcastChannel = channel;
    });

    /** What another document's write looks like here (storage events skip the document that wrote). */
    const fromAnotherTab = (key: string, newValue: string | null) =>
      dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: localStorage }));

    it('follows a conversation another tab made current, and reloads an answer it completed', async () => {
      saveRecord(siteKey, { ...loadRecord(siteKey), conversationId: 'cv_8' });
      api.histories.set('cv_8', [historyItem('user', 'Elsewhere?', 1)]);
      fromAnotherTab(recordKey(siteKey), localStorage.getItem(recordKey(siteKey)));
      await until(() => b.chat.messages.length === 1 && b.chat.phase === 'idle', 'B to show cv_8');
      // The other tab is answering that question: not "interrupted" here.
      expect(b.chat.error).to.equal(null);
      api.histories.get('cv_8')!.push(historyItem('bot', 'Here.', 2));
      fromAnotherTab(`${recordKey(siteKey)}:news`, JSON.stringify({ kind: 'answered', conversationId: 'cv_8', at: 1 }));
      await until(() => b.chat.messages.length === 2 && b.chat.phase === 'idle', 'B to show the answer');
      expect(shown(b.chat.messages)).to.deep.equal(['user: Elsewhere?', 'bot: Here.']);
    });

    it('tells of a completed answer through a news key, written and removed at once', async () => {
      const writes: [string, string][] = [];
      const { setItem } = Storage.prototype;
      Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
        writes.push([key, value]);
        setItem.call(this, key, value);
      };
      try {
        await b.chat.ask('Told?');
      } finally {
        Storage.prototype.setItem = setItem;
      }
      const news = writes.filter(([key]) => key === `${recordKey(siteKey)}:news`).map(([, value]) => JSON.parse(value));
      expect(news.map(({ kind, conversationId }) => ({ kind, conversationId }))).to.deep.equal([
        { kind: 'answered', conversationId: 'cv_7' },
      ]);
      expect(localStorage.getItem(`${recordKey(siteKey)}:news`)).to.equal(null);
    });
  });
});
