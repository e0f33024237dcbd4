/** ChatController with a real SessionController over an in-memory API: restore, asking, streaming, failures. */
import { expect } from '@esm-bundle/chai';
import { LIMITS } from '@tessera/protocol/limits';
import {
  AnswerStream,
  answer,
  doneEvent,
  errorEvent,
  FakeApi,
  forgetUnitSites,
  historyItem,
  TestHost,
  tokenEvent,
  uniqueSiteKey,
  until,
  shown,
} from '../../test/support/fakes.js';
import { ApiError } from '../api/errors.js';
import { ChatController, type ChatMessage } from './chat.controller.js';
import { SessionController } from './session.controller.js';
import { loadRecord, saveRecord } from './storage.js';

describe('ChatController', () => {
  let host: TestHost;
  let session: SessionController;
  let chat: ChatController;
  let api: FakeApi;
  let siteKey: string;

  beforeEach(async () => {
    host = new TestHost();
    session = new SessionController(host);
    chat = new ChatController(host, session);
    api = new FakeApi();
    siteKey = uniqueSiteKey();
    // A visitor with a valid token, so the calls below are only the ones under test.
    saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1' });
    session.configure(siteKey, api);
    await session.loaded;
    api.calls.length = 0;
  });
  afterEach(() => {
    chat.hostDisconnected();
    session.hostDisconnected();
    forgetUnitSites();
  });

  /** Ask with an answer stream the test writes; resolves once the question has been posted. */
  async function askStreaming(text: string): Promise<{ stream: AnswerStream; asking: Promise<void>; bot: ChatMessage }> {
    const stream = new AnswerStream();
    api.answers.push(stream);
    const asking = chat.ask(text);
    await until(() => api.callsOf('postMessage').length, 'the question to be posted');
    return { stream, asking, bot: chat.messages.at(-1)! };
  }

  describe('restoring the stored conversation', () => {
    beforeEach(() => {
      saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1', conversationId: 'cv_7' });
    });

    it('shows the history once, bot messages as markdown', async () => {
      api.histories.set('cv_7', [historyItem('user', 'Do you fix bikes?', 1), historyItem('bot', 'Yes, **all** kinds.', 2)]);
      const restoring = chat.restore();
      expect(chat.phase).to.equal('loading');
      await restoring;
      expect(chat.phase).to.equal('idle');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Do you fix bikes?'],
        ['bot', 'Yes, **all** kinds.'],
      ]);
      expect(chat.messages[1]!.view!.el.querySelector('strong')?.textContent).to.equal('all');
      await chat.restore();
      expect(api.calls).to.deep.equal(['history(vi_1/t0, cv_7)']);
      expect(chat.error).to.equal(null);
    });

    it('a history that ends with a question says the answer was interrupted; Retry asks it again, the composer is left alone', async () => {
      api.histories.set('cv_7', [
        historyItem('user', 'Hi', 1),
        historyItem('bot', 'Hello', 2),
        historyItem('user', 'Open today?', 3),
      ]);
      await chat.restore();
      expect(chat.error).to.include({ code: 'stream_interrupted', retryable: true });
      // One way to ask again: the question stays on screen with Retry; nothing goes to the composer.
      expect(host.drafts).to.deep.equal([]);
      expect(shown(chat.messages).at(-1)).to.deep.equal(['user', 'Open today?']);
      expect(host.emitted('tessera-error').map((d) => d['code'])).to.deep.equal(['stream_interrupted']);
      api.answers.push(answer(tokenEvent('Until 6.'), doneEvent('Until 6.')));
      expect(chat.retry()).to.equal('Open today?');
      await until(() => chat.phase === 'idle' && chat.messages.length === 4, 'the answer');
      expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t0, cv_7, Open today?)']);
      // The question shows once, now with its answer.
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Hi'],
        ['bot', 'Hello'],
        ['user', 'Open today?'],
        ['bot', 'Until 6.'],
      ]);
      expect(chat.error).to.equal(null);
    });

    it('a conversation the service no longer knows is forgotten: nothing to show, no error', async () => {
      api.refuse('history', new ApiError('conversation_not_found', 404));
      await chat.restore();
      expect(chat.messages).to.deep.equal([]);
      expect(chat.error).to.equal(null);
      expect(session.conversationId).to.equal(null);
      expect(loadRecord(siteKey)).to.include({ token: 'vi_1/t0', visitorId: 'vi_1' });
    });

    it('a failed load keeps an error whose retry loads again', async () => {
      api.refuse('history', new ApiError('service_unavailable', 503));
      api.histories.set('cv_7', [historyItem('user', 'Hi', 1), historyItem('bot', 'Hello', 2)]);
      await chat.restore();
      expect(chat.error).to.include({ code: 'service_unavailable' });
      expect(host.drafts).to.deep.equal([]);
      expect(chat.retry()).to.equal(null);
      await until(() => chat.messages.length === 2, 'the history');
      expect(api.callsOf('history')).to.have.length(2);
      expect(chat.error).to.equal(null);
    });
  });

  it('restores nothing when no conversation is stored', async () => {
    await chat.restore();
    expect(api.calls).to.deep.equal([]);
    expect(chat.phase).to.equal('idle');
  });

  describe('asking', () => {
    it('streams the answer: waiting, then streaming with one render per network chunk, then idle', async () => {
      const { stream, asking, bot } = await askStreaming('  Do you rent bikes?  ');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Do you rent bikes?'],
        ['bot', ''],
      ]);
      expect(chat.phase).to.equal('waiting');
      expect(chat.busy).to.equal(true);
      const renders: string[] = [];
      const push = bot.view!.push.bind(bot.view);
      bot.view!.push = (text) => {
        renders.push(text);
        push(text);
      };
      stream.write(tokenEvent('Yes') + tokenEvent(', by') + tokenEvent(' the'), tokenEvent(' day.'));
      await until(() => bot.text === 'Yes, by the day.', 'the tokens');
      expect(chat.phase).to.equal('streaming');
      expect(renders).to.deep.equal(['Yes, by the', ' day.']);
      expect(bot.view!.el.textContent).to.equal('Yes, by the day.');
      stream.write(doneEvent('Yes, by the day.'));
      stream.end();
      await asking;
      expect(chat.phase).to.equal('idle');
      expect(chat.error).to.equal(null);
      expect(api.calls).to.deep.equal(['createConversation(vi_1/t0)', 'postMessage(vi_1/t0, cv_1, Do you rent bikes?)']);
      expect(host.events).to.deep.equal([
        { type: 'tessera-message-sent', detail: { text: 'Do you rent bikes?', conversationId: 'cv_1' } },
        {
          type: 'tessera-message-received',
          detail: { text: 'Yes, by the day.', messageId: 'msg_1', conversationId: 'cv_1', finishReason: 'stop' },
        },
      ]);
    });

    it('reuses the conversation for the next question', async () => {
      await chat.ask('one');
      await chat.ask('two');
      expect(api.calls).to.deep.equal([
        'createConversation(vi_1/t0)',
        'postMessage(vi_1/t0, cv_1, one)',
        'postMessage(vi_1/t0, cv_1, two)',
      ]);
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'one'],
        ['bot', 'ok'],
        ['user', 'two'],
        ['bot', 'ok'],
      ]);
    });

    it('shows the text of the done event when it differs from the streamed text', async () => {
      api.answers.push(answer(tokenEvent('Helo'), tokenEvent(' wrld') + doneEvent('Hello **world**', 'length')));
      await chat.ask('Hi');
      const bot = chat.messages[1]!;
      expect(bot.text).to.equal('Hello **world**');
      expect(bot.view!.el.textContent).to.equal('Hello world');
      expect(bot.view!.el.querySelector('strong')?.textContent).to.equal('world');
      expect(host.emitted('tessera-message-received')[0]).to.include({ text: 'Hello **world**', finishReason: 'length' });
    });

    it('an error event mid-answer keeps the partial answer and the error; Retry replaces that turn', async () => {
      api.answers.push(answer(tokenEvent('Part') + tokenEvent('ial'), errorEvent('upstream_error')));
      await chat.ask('Tell me more');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Tell me more'],
        ['bot', 'Partial'],
      ]);
      expect(chat.phase).to.equal('idle');
      expect(chat.error).to.include({ code: 'upstream_error', retryable: true });
      expect(host.drafts).to.deep.equal([]);
      expect(host.emitted('tessera-error')).to.deep.equal([
        { code: 'upstream_error', message: 'upstream_error!', retryable: true },
      ]);
      expect(host.emitted('tessera-message-received')).to.deep.equal([]);
      chat.retry();
      await until(() => api.callsOf('postMessage').length === 2 && !chat.busy, 'the retry');
      expect(api.callsOf('postMessage')[1]).to.equal('postMessage(vi_1/t0, cv_1, Tell me more)');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Tell me more'],
        ['bot', 'ok'],
      ]);
      expect(chat.error).to.equal(null);
    });

    it('a body that ends without a terminal event is stream_interrupted', async () => {
      api.answers.push(answer(tokenEvent('So far')));
      await chat.ask('Go on');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Go on'],
        ['bot', 'So far'],
      ]);
      expect(chat.error).to.include({ code: 'stream_interrupted', retryable: true });
      expect(host.drafts).to.deep.equal([]);
    });

    it('an error before any token leaves the question but no empty answer bubble', async () => {
      api.answers.push(answer(errorEvent('upstream_timeout')));
      await chat.ask('Anyone?');
      expect(shown(chat.messages)).to.deep.equal([['user', 'Anyone?']]);
      expect(chat.error).to.include({ code: 'upstream_timeout' });
    });

    it('a question refused for now (rate limited) stays on screen with the error, not in the composer; Retry asks it once', async () => {
      api.refuse('postMessage', new ApiError('rate_limited', 429, 'Slow down', 12));
      await chat.ask('Hello?');
      expect(shown(chat.messages)).to.deep.equal([['user', 'Hello?']]);
      expect(chat.phase).to.equal('idle');
      expect(chat.error).to.include({ code: 'rate_limited', retryAfter: 12 });
      expect(host.drafts).to.deep.equal([]);
      expect(host.emitted('tessera-error')).to.deep.equal([
        { code: 'rate_limited', message: 'Slow down', retryable: true, retryAfter: 12 },
      ]);
      expect(host.emitted('tessera-message-sent')).to.deep.equal([]);
      chat.retry();
      await until(() => !chat.busy && chat.messages.length === 2, 'the answer');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Hello?'],
        ['bot', 'ok'],
      ]);
    });

    it('a question refused for good leaves no turn on screen, no Retry, and its text back in the composer', async () => {
      api.refuse('postMessage', new ApiError('invalid_request', 400));
      await chat.ask('Hello?');
      expect(chat.messages).to.deep.equal([]);
      expect(chat.error).to.include({ code: 'invalid_request', retryable: false });
      expect(host.drafts).to.deep.equal(['Hello?']);
      // Nothing for Retry to ask (the panel shows none for an error that is not retryable).
      expect(chat.retry()).to.equal(null);
      expect(api.callsOf('postMessage')).to.have.length(1);
    });

    it('stop keeps the partial answer, marked stopped, with no error', async () => {
      const { stream, asking, bot } = await askStreaming('Long story?');
      stream.write(tokenEvent('Once upon'));
      await until(() => chat.phase === 'streaming', 'streaming');
      chat.stop();
      await asking;
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Long story?'],
        ['bot', 'Once upon', 'stopped'],
      ]);
      expect(bot.view!.el.textContent).to.equal('Once upon');
      expect(chat.phase).to.equal('idle');
      expect(chat.error).to.equal(null);
      expect(host.drafts).to.deep.equal([]);
      expect(host.emitted('tessera-error')).to.deep.equal([]);
    });

    it('stop before the first token keeps an empty answer that says stopped', async () => {
      const { asking } = await askStreaming('Quick?');
      chat.stop();
      await asking;
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Quick?'],
        ['bot', '', 'stopped'],
      ]);
      expect(chat.error).to.equal(null);
    });

    it('refuses a text over the protocol limit before calling anything, and gives it back', async () => {
      const long = 'x'.repeat(LIMITS.messageText + 1);
      await chat.ask(long);
      expect(api.calls).to.deep.equal([]);
      expect(chat.messages).to.deep.equal([]);
      expect(chat.error).to.include({ code: 'too_long', retryable: false });
      expect(host.drafts).to.deep.equal([long]);
      await chat.ask('x'.repeat(LIMITS.messageText));
      expect(api.callsOf('postMessage')).to.have.length(1);
      expect(chat.error).to.equal(null);
    });

    it('offline: says so without calling anything; the question waits on screen for Retry', async () => {
      Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
      try {
        await chat.ask('Still there?');
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
      }
      expect(navigator.onLine).to.equal(true);
      expect(api.calls).to.deep.equal([]);
      expect(shown(chat.messages)).to.deep.equal([['user', 'Still there?']]);
      expect(chat.error).to.include({ code: 'offline', retryable: true });
      expect(host.drafts).to.deep.equal([]);
      chat.retry();
      await until(() => !chat.busy && chat.messages.length === 2, 'the answer');
      expect(shown(chat.messages)).to.deep.equal([
        ['user', 'Still there?'],
        ['bot', 'ok'],
      ]);
    });

    it('ignores an empty question and a question while an answer is streaming', async () => {
      await chat.ask('   ');
      const { stream, asking } = await askStreaming('First');
      await chat.ask('Second');
      stream.write(doneEvent(''));
      stream.end();
      await asking;
      expect(api.callsOf('postMessage')).to.deep.equal(['postMessage(vi_1/t0, cv_1, First)']);
    });
  });

  it('reset stops the answer and forgets the conversation: the next question starts another', async () => {
    await chat.ask('one');
    const { asking } = await askStreaming('two');
    chat.reset();
    await asking;
    expect(chat.messages).to.deep.equal([]);
    expect(chat.error).to.equal(null);
    expect(session.conversationId).to.equal(null);
    await chat.ask('three');
    expect(api.callsOf('createConversation')).to.have.length(2);
    expect(api.callsOf('postMessage').at(-1)).to.equal('postMessage(vi_1/t0, cv_2, three)');
  });

  describe("the panel's countdown timer", () => {
    const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it('wake(ms) updates the host once after ms; a new wake replaces it; wake(0) and disconnecting clear it', async () => {
      const start = host.updates;
      chat.wake(20);
      chat.wake(40);
      await tick(30);
      expect(host.updates).to.equal(start);
      await tick(30);
      expect(host.updates).to.equal(start + 1);
      await tick(60);
      expect(host.updates).to.equal(start + 1);
      chat.wake(20);
      chat.wake(0);
      chat.wake(20);
      chat.hostDisconnected();
      await tick(50);
      expect(host.updates).to.equal(start + 1);
    });
  });

  describe('rating answers', () => {
    it("a complete answer gets the service's message id; a rating is sent for it, a comment after a thumbs down", async () => {
      api.answers.push(answer(tokenEvent('We are open'), doneEvent('We are open')));
      await chat.ask('When are you open?');
      const bot = chat.messages.at(-1)!;
      expect([bot.role, bot.id]).to.deep.equal(['bot', 'msg_1']);
      await chat.rate(bot, 'up');
      expect(bot.rating).to.equal('up');
      await chat.rate(bot, 'down');
      expect([bot.rating, bot.commented]).to.deep.equal(['down', false]);
      await chat.rate(bot, 'down', 'It said nothing about Saturdays');
      expect(bot.commented).to.equal(true);
      expect(api.callsOf('rate')).to.deep.equal([
        'rate(vi_1/t0, cv_1, msg_1, up)',
        'rate(vi_1/t0, cv_1, msg_1, down)',
        'rate(vi_1/t0, cv_1, msg_1, down, It said nothing about Saturdays)',
      ]);
    });

    it('restored answers keep their ids (they can be rated after a reload); a refused rating shows the error', async () => {
      saveRecord(siteKey, { token: 'vi_1/t0', expiresAt: Date.now() + 600_000, visitorId: 'vi_1', conversationId: 'cv_9' });
      api.histories.set('cv_9', [historyItem('user', 'Hi', 1), historyItem('bot', 'Hello', 2)]);
      const reloaded = new SessionController(host);
      reloaded.configure(siteKey, api);
      await reloaded.loaded;
      const restored = new ChatController(host, reloaded);
      await restored.restore();
      const bot = restored.messages.at(-1)!;
      expect(bot.id).to.equal('m2');
      api.refuse('rate', new ApiError('rate_limited', 429));
      await restored.rate(bot, 'up');
      expect(restored.error?.code).to.equal('rate_limited');
      restored.hostDisconnected();
      reloaded.hostDisconnected();
    });
  });
});
