/**
 * Answers that outlive their page (ChatController with a real SessionController over an in-memory
 * API): the answer's id kept in the stored record from its `start` to its end, a reload that
 * reattaches to it (a new controller over the same storage), a finished answer shown once, an
 * answer no longer kept, Stop, and a dropped connection read on after the last id, text exactly once;
 * the one page that reports the answer's end.
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
  shown,
  widgetPage,
} from '../../test/support/fakes.js';
import { ApiError } from '../api/errors.js';
import type { ChatController } from './chat.controller.js';
import type { SessionController } from './session.controller.js';
import { loadRecord, recordKey, saveRecord } from './storage.js';
import type { TabNews } from './tabs.js';

interface Page {
  host: TestHost;
  session: SessionController;
  chat: ChatController;
}

describe('answers that outlive their page', () => {
  let api: FakeApi;
  let siteKey: string;
  const pages: Page[] = [];

  /** A page of the site with the widget on it (the first one, or the one after a reload). */
  async function open(): Promise<Page> {
    const page = await widgetPage(siteKey, api);
    pages.push(page);
    return page;
  }

  /** The page goes (a reload, a navigation): its element is disconnected. */
  function leave({ chat, session }: Page): void {
    chat.hostDisconnected();
    session.hostDisconnected();
  }

  const pending = () => loadRecord(siteKey).answer;

  beforeEach(() => {
    api = new FakeApi();
    api.keepsHistory = true;
    siteKey = uniqueSiteKey();
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1', conversationId: 'cv_7' });
  });
  afterEach(() => {
    for (const page of pages.splice(0)) leave(page);
    forgetUnitSites();
  });

  /** Ask on `page` with an answer stream the test writes; resolves once the question is posted. */
  async function ask(page: Page, text: string): Promise<{ stream: AnswerStream; asking: Promise<void> }> {
    const stream = new AnswerStream();
    api.answers.push(stream);
    const asking = page.chat.ask(text);
    await until(() => api.callsOf('postMessage').length, 'the question to be posted');
    return { stream, asking };
  }

  it('keeps the answer’s id in the stored record from its start to its end, and tells the other tabs', async () => {
    const heard: TabNews[] = [];
    const channel = new BroadcastChannel(recordKey(siteKey));
    channel.onmessage = (e) => heard.push(e.data);
    const page = await open();
    const { stream, asking } = await ask(page, 'Hi');
    expect(pending()).to.equal(undefined);
    stream.write(startEvent('an_1'));
    await until(() => pending(), 'the answer in the record');
    expect(pending()).to.deep.equal({ conversationId: 'cv_7', answerId: 'an_1' });
    stream.write(tokenEvent('Hello', 5), doneEvent('Hello'));
    stream.end();
    await asking;
    expect(pending()).to.equal(undefined);
    await until(() => heard.some((n) => n.kind === 'answered'), 'the answered news');
    channel.close();
    expect(heard.filter((n) => n.kind !== 'record')).to.deep.equal([
      { kind: 'answering', text: 'Hi', conversationId: 'cv_7', answerId: 'an_1' },
      { kind: 'answered', conversationId: 'cv_7' },
    ]);
  });

  it('a reload mid-answer: the history shows, then the rest streams in as a live answer, its text exactly once', async () => {
    const first = await open();
    const { stream, asking } = await ask(first, 'Long story?');
    stream.write(startEvent('an_1'), tokenEvent('Once', 4));
    await until(() => first.chat.phase === 'streaming', 'the first tokens');
    leave(first);
    await asking;
    // Leaving is no stop: the answer goes on, and the record still names it.
    expect(api.callsOf('stopAnswer')).to.deep.equal([]);
    expect(pending()).to.deep.equal({ conversationId: 'cv_7', answerId: 'an_1' });

    const follow = new AnswerStream();
    api.reattached.push(follow);
    const page = await open();
    await page.chat.restore();
    // From the start (no Last-Event-ID): the service sends all the text so far at once.
    expect(api.callsOf('answer')).to.deep.equal(['answer(vi_1/t0, cv_7, an_1)']);
    expect(shown(page.chat.messages)).to.deep.equal([
      ['user', 'Long story?'],
      ['bot', ''],
    ]);
    expect([page.chat.phase, page.chat.answering, page.chat.error]).to.deep.equal(['waiting', true, null]);
    follow.write(startEvent('an_1') + tokenEvent('Once upon', 9));
    await until(() => page.chat.phase === 'streaming', 'the text so far');
    follow.write(tokenEvent(' a time.', 17), doneEvent('Once upon a time.'));
    follow.end();
    await until(() => page.chat.phase === 'idle', 'the end of the answer');
    const bot = page.chat.messages.at(-1)!;
    expect(shown(page.chat.messages)).to.deep.equal([
      ['user', 'Long story?'],
      ['bot', 'Once upon a time.'],
    ]);
    expect([bot.view!.el.textContent, bot.id]).to.deep.equal(['Once upon a time.', 'msg_1']);
    expect(page.chat.error).to.equal(null);
    expect(pending()).to.equal(undefined);
    expect(api.callsOf('postMessage')).to.have.length(1);
  });

  it('costs nothing without an answer on its way: the history alone', async () => {
    api.histories.set('cv_7', [historyItem('user', 'Hi', 1), historyItem('bot', 'Hello', 2)]);
    const page = await open();
    await page.chat.restore();
    expect(api.calls).to.deep.equal(['config()', 'history(vi_1/t0, cv_7)']);
  });

  it('an answer of another conversation is left alone', async () => {
    saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_1', answerId: 'an_1' } });
    api.histories.set('cv_7', [historyItem('user', 'Hi', 1), historyItem('bot', 'Hello', 2)]);
    const page = await open();
    await page.chat.restore();
    expect(api.callsOf('answer')).to.deep.equal([]);
    expect(pending()).to.deep.equal({ conversationId: 'cv_1', answerId: 'an_1' });
  });

  it('a finished answer the history already holds is shown once', async () => {
    saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_7', answerId: 'an_1' } });
    api.histories.set('cv_7', [historyItem('user', 'Hi', 1), { ...historyItem('bot', 'Hello', 2), id: 'msg_1' }]);
    const follow = new AnswerStream();
    api.reattached.push(follow);
    follow.write(startEvent('an_1') + tokenEvent('Hello', 5) + doneEvent('Hello'));
    follow.end();
    const page = await open();
    await page.chat.restore();
    await until(() => page.chat.phase === 'idle', 'the answer');
    expect(shown(page.chat.messages)).to.deep.equal([
      ['user', 'Hi'],
      ['bot', 'Hello'],
    ]);
    expect(page.chat.error).to.equal(null);
    expect(pending()).to.equal(undefined);
  });

  it('its news, late from the tab that asked, after this tab read it through the stored record: the question shows once', async () => {
    saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_7', answerId: 'an_1' } });
    api.histories.set('cv_7', [historyItem('user', 'Hi', 1)]);
    const follow = new AnswerStream();
    api.reattached.push(follow);
    follow.write(startEvent('an_1') + tokenEvent('Hello', 5) + doneEvent('Hello'));
    follow.end();
    const page = await open();
    await page.chat.restore();
    await until(() => page.chat.phase === 'idle' && page.chat.messages.length === 2, 'the answer');
    // The asking tab's news arrives only now (a busy machine delivers it late).
    const channel = new BroadcastChannel(recordKey(siteKey));
    channel.postMessage({ kind: 'answering', text: 'Hi', conversationId: 'cv_7', answerId: 'an_1' } satisfies TabNews);
    channel.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(shown(page.chat.messages)).to.deep.equal([
      ['user', 'Hi'],
      ['bot', 'Hello'],
    ]);
    expect(api.callsOf('answer')).to.have.length(1);
  });

  it('its news, late, once the history shows the whole answer (the record not yet cleared here): the question shows once', async () => {
    api.histories.set('cv_7', [historyItem('user', 'Hi', 1), { ...historyItem('bot', 'Hello', 2), id: 'msg_1' }]);
    const page = await open();
    // Its transcript is on screen: each update runs restore(), as the panel's render does.
    page.host.onUpdate = () => void page.chat.restore();
    await page.chat.restore();
    // The storage events of the tab that asked come late: the record still names the answer, and
    // its news comes only now, after this tab's history already showed the answer complete.
    saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_7', answerId: 'an_1' } });
    const follow = new AnswerStream();
    api.reattached.push(follow);
    follow.write(startEvent('an_1') + tokenEvent('Hello', 5) + doneEvent('Hello'));
    follow.end();
    const channel = new BroadcastChannel(recordKey(siteKey));
    channel.postMessage({ kind: 'answering', text: 'Hi', conversationId: 'cv_7', answerId: 'an_1' } satisfies TabNews);
    channel.close();
    await until(() => api.callsOf('answer').length && page.chat.phase === 'idle', 'the answer read again');
    expect(shown(page.chat.messages)).to.deep.equal([
      ['user', 'Hi'],
      ['bot', 'Hello'],
    ]);
    expect(page.chat.error).to.equal(null);
  });

  describe('an answer the service no longer keeps (404 answer_not_found)', () => {
    beforeEach(() => {
      saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_7', answerId: 'an_1' } });
    });

    it('after its question: interrupted, and Retry asks it again', async () => {
      api.histories.set('cv_7', [historyItem('user', 'Open today?', 1)]);
      const page = await open();
      await page.chat.restore();
      await until(() => page.chat.phase === 'idle', 'the reattach to fail');
      expect(api.callsOf('answer')).to.have.length(1);
      expect(page.chat.error).to.include({ code: 'stream_interrupted', retryable: true });
      expect(shown(page.chat.messages)).to.deep.equal([['user', 'Open today?']]);
      expect(pending()).to.equal(undefined);
      expect(page.chat.retry()).to.equal('Open today?');
      await until(() => page.chat.phase === 'idle' && page.chat.messages.length === 2, 'the new answer');
      expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t0, cv_7, Open today?)']);
      expect(shown(page.chat.messages)).to.deep.equal([
        ['user', 'Open today?'],
        ['bot', 'ok'],
      ]);
    });

    it('after its answer: nothing to do', async () => {
      api.histories.set('cv_7', [historyItem('user', 'Hi', 1), historyItem('bot', 'Hello', 2)]);
      const page = await open();
      await page.chat.restore();
      await until(() => page.chat.phase === 'idle', 'the reattach to end');
      expect(shown(page.chat.messages)).to.deep.equal([
        ['user', 'Hi'],
        ['bot', 'Hello'],
      ]);
      expect(page.chat.error).to.equal(null);
      expect(page.host.emitted('tessera-error')).to.deep.equal([]);
      expect(pending()).to.equal(undefined);
    });
  });

  describe('stop', () => {
    it('once the answer has its id: the service is told to stop it (DELETE), and it shows stopped', async () => {
      const page = await open();
      const { stream, asking } = await ask(page, 'Long story?');
      stream.write(startEvent('an_1'), tokenEvent('Once', 4));
      await until(() => page.chat.phase === 'streaming', 'the first tokens');
      page.chat.stop();
      await asking;
      expect(api.callsOf('stopAnswer')).to.deep.equal(['stopAnswer(vi_1/t0, cv_7, an_1)']);
      expect(shown(page.chat.messages)).to.deep.equal([
        ['user', 'Long story?'],
        ['bot', 'Once', 'stopped'],
      ]);
      expect(page.chat.error).to.equal(null);
      expect(pending()).to.equal(undefined);
    });

    it('before its start: the request is aborted, as the service then aborts the answer', async () => {
      const page = await open();
      const { asking } = await ask(page, 'Quick?');
      page.chat.stop();
      await asking;
      expect(api.callsOf('stopAnswer')).to.deep.equal([]);
      expect(shown(page.chat.messages)).to.deep.equal([
        ['user', 'Quick?'],
        ['bot', '', 'stopped'],
      ]);
    });

    it('of an answer reattached to after a reload', async () => {
      saveRecord(siteKey, { ...loadRecord(siteKey), answer: { conversationId: 'cv_7', answerId: 'an_1' } });
      api.histories.set('cv_7', [historyItem('user', 'Long story?', 1)]);
      const follow = new AnswerStream();
      api.reattached.push(follow);
      const page = await open();
      await page.chat.restore();
      follow.write(startEvent('an_1') + tokenEvent('Once', 4));
      await until(() => page.chat.phase === 'streaming', 'the text so far');
      page.chat.stop();
      await until(() => page.chat.phase === 'idle', 'the stop');
      expect(api.callsOf('stopAnswer')).to.deep.equal(['stopAnswer(vi_1/t0, cv_7, an_1)']);
      expect(shown(page.chat.messages).at(-1)).to.deep.equal(['bot', 'Once', 'stopped']);
      expect(pending()).to.equal(undefined);
    });
  });

  describe('a connection that drops mid-answer', () => {
    it('is read on after the last id read: no gap, no repetition', async () => {
      const page = await open();
      const { stream, asking } = await ask(page, 'Count');
      stream.write(startEvent('an_1'), tokenEvent('one ', 4) + tokenEvent('two ', 8));
      await until(() => page.chat.messages.at(-1)!.text === 'one two ', 'the first tokens');
      const resumed = new AnswerStream();
      api.reattached.push(resumed);
      stream.fail(new TypeError('network error'));
      await until(() => api.callsOf('answer').length, 'the reattach');
      expect(api.callsOf('answer')).to.deep.equal(['answer(vi_1/t0, cv_7, an_1, 8)']);
      expect(page.chat.phase).to.equal('streaming');
      resumed.write(tokenEvent('three', 13), doneEvent('one two three'));
      resumed.end();
      await asking;
      const bot = page.chat.messages.at(-1)!;
      expect([bot.text, bot.view!.el.textContent]).to.deep.equal(['one two three', 'one two three']);
      expect(page.chat.error).to.equal(null);
      expect(api.callsOf('postMessage')).to.have.length(1);
      expect(page.host.emitted('tessera-message-received')).to.have.length(1);
    });

    it('gives up after 3 failed attempts, 250 ms, 1 s and 2 s apart: interrupted, with Retry', async () => {
      const page = await open();
      const { stream, asking } = await ask(page, 'Count');
      stream.write(startEvent('an_1'), tokenEvent('one ', 4));
      await until(() => page.chat.phase === 'streaming', 'the first tokens');
      const network = () => new ApiError('network', 0);
      api.refuse('answer', network(), network(), network());
      const dropped = performance.now();
      stream.fail(new TypeError('network error'));
      await asking;
      expect(api.callsOf('answer')).to.deep.equal(Array(3).fill('answer(vi_1/t0, cv_7, an_1, 4)'));
      expect(performance.now() - dropped).to.be.within(3250, 4250);
      expect(page.chat.error).to.include({ code: 'stream_interrupted', retryable: true });
      expect(shown(page.chat.messages)).to.deep.equal([
        ['user', 'Count'],
        ['bot', 'one '],
      ]);
      expect(pending()).to.equal(undefined);
    });

    it('an error event is the answer’s end, not a drop: no reattach', async () => {
      const page = await open();
      const { stream, asking } = await ask(page, 'Count');
      stream.write(startEvent('an_1'), tokenEvent('one ', 4), errorEvent('upstream_error'));
      stream.end();
      await asking;
      expect(api.callsOf('answer')).to.deep.equal([]);
      expect(page.chat.error).to.include({ code: 'upstream_error' });
      expect(pending()).to.equal(undefined);
    });
  });

  describe('one page reports the end (tessera-message-received, the other tabs’ answered)', () => {
    let heard: TabNews[];
    let channel: BroadcastChannel;
    beforeEach(() => {
      heard = [];
      channel = new BroadcastChannel(recordKey(siteKey));
      channel.onmessage = (e) => heard.push(e.data);
    });
    afterEach(() => channel.close());

    const received = (page: Page) => page.host.emitted('tessera-message-received');
    const answered = () => heard.filter((n) => n.kind === 'answered');

    it('after a reload mid-answer, the page that reattached: the page that asked is gone', async () => {
      const first = await open();
      const { stream, asking } = await ask(first, 'Long story?');
      stream.write(startEvent('an_r1'), tokenEvent('Once', 4));
      await until(() => first.chat.phase === 'streaming', 'the first tokens');
      leave(first);
      await asking;
      const follow = new AnswerStream();
      api.reattached.push(follow);
      const page = await open();
      await page.chat.restore();
      follow.write(startEvent('an_r1') + tokenEvent('Once upon a time.', 17), doneEvent('Once upon a time.'));
      follow.end();
      await until(() => page.chat.phase === 'idle', 'the end of the answer');
      expect(received(first)).to.deep.equal([]);
      expect(received(page)).to.deep.equal([
        { text: 'Once upon a time.', messageId: 'msg_1', conversationId: 'cv_7', finishReason: 'stop' },
      ]);
      await until(() => answered().length, 'the answered news');
      expect(answered()).to.deep.equal([{ kind: 'answered', conversationId: 'cv_7' }]);
    });

    it('not a tab that reattached while the page that asked is still there: that page does', async () => {
      const asker = await open();
      const { stream, asking } = await ask(asker, 'Long story?');
      stream.write(startEvent('an_r2'), tokenEvent('Once', 4));
      await until(() => pending(), 'the answer in the record');
      const follow = new AnswerStream();
      api.reattached.push(follow);
      const other = await open();
      await other.chat.restore();
      await until(() => api.callsOf('answer').length, 'the other tab to reattach');
      for (const s of [stream, follow]) {
        s.write(tokenEvent(' upon a time.', 17), doneEvent('Once upon a time.'));
        s.end();
      }
      await asking;
      await until(() => other.chat.phase === 'idle', 'the other tab’s end of the answer');
      await until(() => answered().length, 'the answered news');
      expect(received(asker)).to.have.length(1);
      expect(received(other)).to.deep.equal([]);
      expect(answered()).to.have.length(1);
    });

    it('not a tab following the answer live, even once the page that asked has gone: the page reloaded does', async () => {
      const follower = await open();
      // Its transcript is on screen: each update runs restore(), as the panel's render does.
      follower.host.onUpdate = () => void follower.chat.restore();
      await follower.chat.restore();
      const asker = await open();
      const live = new AnswerStream();
      api.reattached.push(live);
      const { stream, asking } = await ask(asker, 'Long story?');
      stream.write(startEvent('an_r3'), tokenEvent('Once', 4));
      await until(() => follower.chat.answering && api.callsOf('answer').length, 'the follower to follow');
      leave(asker);
      await asking;
      const follow = new AnswerStream();
      api.reattached.push(follow);
      const reloaded = await open();
      await reloaded.chat.restore();
      await until(() => api.callsOf('answer').length === 2, 'the reloaded page to reattach');
      for (const s of [live, follow]) {
        s.write(startEvent('an_r3') + tokenEvent('Once upon a time.', 17), doneEvent('Once upon a time.'));
        s.end();
      }
      await until(() => follower.chat.phase === 'idle' && reloaded.chat.phase === 'idle', 'both ends of the answer');
      await until(() => answered().length, 'the answered news');
      expect([received(asker), received(follower)]).to.deep.equal([[], []]);
      expect(received(reloaded)).to.have.length(1);
      expect(answered()).to.have.length(1);
    });
  });
});
