/**
 * One answer's log: event ids that are text offsets, readers attaching at any point of it, readers
 * that fall behind and catch up in one event, and the end. Outputs are hand-driven here; the real
 * ones are in outputs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AnswerEntry, type EntryMirror, type Output } from './entry.js';

interface Event {
  id: number | null;
  event: string;
  data: Record<string, unknown> | null;
}

/** An output that records, says it is behind while `full`, and lets the test release it or leave. */
class FakeOutput implements Output {
  text = '';
  closes = 0;
  writesAfterClose = 0;
  full = false;
  private release: (() => void) | null = null;
  private gone: (() => void) | null = null;

  write(text: string) {
    if (this.closes > 0) this.writesAfterClose++;
    this.text += text;
    return !this.full;
  }
  ready() {
    return new Promise<void>((resolve) => (this.release = resolve));
  }
  close() {
    this.closes++;
  }
  onGone(gone: () => void) {
    this.gone = gone;
  }
  /** The visitor reads again: the pending `ready()` resolves. */
  catchUp() {
    this.full = false;
    this.release?.();
    this.release = null;
  }
  get waiting() {
    return this.release !== null;
  }
  leave() {
    this.gone?.();
  }
  get events(): Event[] {
    return this.text
      .split('\n\n')
      .filter((block) => block !== '')
      .map((block) => {
        const field = (name: string) => block.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1];
        const id = field('id');
        const data = field('data');
        return { id: id === undefined ? null : Number(id), event: field('event') ?? block, data: data ? JSON.parse(data) : null };
      });
  }
  /** The text its token events carry, joined. */
  get tokenText() {
    return this.events
      .filter((e) => e.event === 'token')
      .map((e) => e.data?.token)
      .join('');
  }
}

/** Let pending `ready()` callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function entryOf(hooks: { mirror?: EntryMirror; idle?: () => void } = {}) {
  const ended: AnswerEntry[] = [];
  const entry = new AnswerEntry('an_test', 'cv_test', {
    mirror: hooks.mirror ?? null,
    ended: (e) => ended.push(e),
    ...(hooks.idle ? { idle: hooks.idle } : {}),
  });
  return { entry, ended };
}

const attached = (entry: AnswerEntry, from: number | null) => {
  const out = new FakeOutput();
  entry.attach(out, from);
  return out;
};

const DONE = (text: string | null) => ({
  event: 'done' as const,
  data: { messageId: 'm1', text, finishReason: 'stop' as const },
});
const start = { id: 0, event: 'start', data: { answerId: 'an_test' } };
const tok = (id: number, token: string) => ({ id, event: 'token', data: { token } });
const done = (id: number, text: string) => ({ id, event: 'done', data: { messageId: 'm1', text, finishReason: 'stop' } });

describe('AnswerEntry', () => {
  it('numbers events by text offset: start 0, each token the length after it, the terminal the whole length', () => {
    const { entry, ended } = entryOf();
    const out = attached(entry, null);
    entry.append('Hel');
    entry.append('lo 👋');
    entry.end(DONE(null));
    expect(out.events).toEqual([start, tok(3, 'Hel'), tok(8, 'lo 👋'), done(8, 'Hello 👋')]);
    expect([entry.length, out.closes, entry.readerCount, ended]).toEqual([8, 1, 0, [entry]]);
  });

  it('attaching to a running answer from the start: start, the text so far as one token, then live', () => {
    const { entry } = entryOf();
    entry.append('Hello');
    entry.append(' wor');
    const out = attached(entry, null);
    entry.append('ld');
    entry.end(DONE(null));
    expect(out.events).toEqual([start, tok(9, 'Hello wor'), tok(11, 'ld'), done(11, 'Hello world')]);
  });

  it('attaching from an offset: the text after it, no start, then live', () => {
    const cases: [number, ReturnType<typeof tok>[]][] = [
      [0, [tok(11, 'Hello world'), tok(13, '!?')]],
      [5, [tok(11, ' world'), tok(13, '!?')]],
      [8, [tok(11, 'rld'), tok(13, '!?')]], // inside a token
      [11, [tok(13, '!?')]], // the end
      // Past the end: a replica following another's answer may be behind the id the visitor holds;
      // the reader continues once the text reaches it.
      [12, [tok(13, '?')]],
    ];
    for (const [from, tokens] of cases) {
      const { entry } = entryOf();
      entry.append('Hello');
      entry.append(' world');
      const out = attached(entry, from);
      entry.append('!?');
      entry.end(DONE(null));
      expect(out.events, `from ${from}`).toEqual([...tokens, done(13, 'Hello world!?')]);
    }
  });

  it('a finished answer attached later: start, one token with all the text, done, closed, at once', () => {
    const { entry } = entryOf();
    for (const t of ['We ', 're', 'pair']) entry.append(t);
    entry.end(DONE(null));
    const out = attached(entry, null);
    expect(out.events).toEqual([start, tok(9, 'We repair'), done(9, 'We repair')]);
    expect([out.closes, entry.readerCount]).toEqual([1, 0]);
    expect(attached(entry, 3).events).toEqual([tok(9, 'repair'), done(9, 'We repair')]);
    expect(attached(entry, 9).events).toEqual([done(9, 'We repair')]);
    expect(attached(entry, 40).events).toEqual([done(9, 'We repair')]);
  });

  it('a reader that falls behind gets what it missed as one event once it is ready, then goes on live', async () => {
    const { entry } = entryOf();
    const out = attached(entry, null);
    out.full = true;
    entry.append('a');
    entry.append('b');
    entry.ping();
    entry.append('c');
    expect([out.events, out.waiting]).toEqual([[start, tok(1, 'a')], true]);
    out.catchUp();
    await flush();
    entry.append('d');
    entry.end(DONE(null));
    expect(out.events).toEqual([start, tok(1, 'a'), tok(3, 'bc'), tok(4, 'd'), done(4, 'abcd')]);
    expect(out.writesAfterClose).toBe(0);
  });

  it('a reader behind at the end gets the rest and the end once it is ready, and closes once', async () => {
    const { entry } = entryOf();
    const out = attached(entry, 0);
    out.full = true;
    entry.append('a');
    entry.append('b');
    entry.end(DONE(null));
    expect([out.events, out.closes, entry.readerCount]).toEqual([[tok(1, 'a')], 0, 1]);
    out.catchUp();
    await flush();
    expect([out.events, out.closes, entry.readerCount]).toEqual([[tok(1, 'a'), tok(2, 'b'), done(2, 'ab')], 1, 0]);
  });

  it('every reader ends with exactly the answer, whatever the interleaving of appends, attaches and slow reads', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = ['a', 'bc', 'déf', '👋', ' ', 'ghij', '\n', '"q"', '€'];
    for (let round = 0; round < 300; round++) {
      const { entry } = entryOf();
      const readers: { out: FakeOutput; from: number | null }[] = [];
      let answer = '';
      for (let step = 0; step < 40; step++) {
        const action = random();
        if (action < 0.4) {
          const piece = pick(pieces);
          answer += piece;
          entry.append(piece);
        } else if (action < 0.5) {
          const from = random() < 0.4 ? null : Math.floor(random() * (entry.length + 1));
          readers.push({ out: attached(entry, from), from });
        } else if (action < 0.7 && readers.length > 0) {
          pick(readers).out.full = true;
        } else if (action < 0.85 && readers.length > 0) {
          pick(readers).out.catchUp();
        } else if (action < 0.95) {
          await flush();
        } else {
          entry.ping();
        }
      }
      entry.end(random() < 0.5 ? DONE(null) : { event: 'error', code: 'upstream_timeout' });
      do {
        for (const r of readers) r.out.catchUp();
        await flush();
      } while (readers.some((r) => r.out.waiting));
      for (const { out, from } of readers) {
        const where = `round ${round}, from ${from}`;
        expect(out.tokenText, where).toBe(answer.slice(from ?? 0));
        const ids = out.events.map((e) => e.id).filter((id) => id !== null);
        expect(ids, where).toEqual([...ids].sort((x, y) => x - y));
        expect(out.events.at(-1)?.id, where).toBe(answer.length);
        expect(out.events.filter((e) => e.event === 'start').length, where).toBe(from === null ? 1 : 0);
        expect([out.closes, out.writesAfterClose], where).toEqual([1, 0]);
      }
      expect(entry.readerCount).toBe(0);
    }
  });

  it('a reader that goes away is detached: no more writes, and the log hears when nobody reads', () => {
    let idle = 0;
    const { entry } = entryOf({ idle: () => idle++ });
    const first = attached(entry, null);
    const second = attached(entry, null);
    entry.append('a');
    first.leave();
    entry.append('b');
    entry.ping();
    expect([entry.readerCount, idle, first.events]).toEqual([1, 0, [start, tok(1, 'a')]]);
    second.leave();
    entry.append('c');
    entry.end(DONE(null));
    expect([entry.readerCount, idle, second.text.includes('event: done'), second.closes]).toEqual([0, 1, false, 0]);
  });

  it("the done text is the result's when it differs from the tokens, the tokens' otherwise", () => {
    for (const [result, expected] of [
      ['Final answer', 'Final answer'],
      ['draft', 'draft'],
      [null, 'draft'],
      ['', ''],
    ] as const) {
      const { entry } = entryOf();
      entry.append('draft');
      const out = attached(entry, null);
      entry.end(DONE(result));
      expect(out.events.at(-1), `result ${result}`).toEqual(done(5, expected));
      expect(attached(entry, null).events.at(-1)).toEqual(done(5, expected));
    }
  });

  it('keeps the text right across the joins of every 64 appends', () => {
    // [appends, an append after which the text is read midway (a reader catching up does that)]
    for (const [n, readAfter] of [[1], [63], [64], [65], [128], [130, 10], [200, 64]] as [number, number?][]) {
      const { entry } = entryOf();
      const early = attached(entry, null);
      const tokens = Array.from({ length: n }, (_, i) => `t${i} `);
      tokens.forEach((t, i) => {
        entry.append(t);
        if (i + 1 === readAfter) expect(entry.text()).toBe(tokens.slice(0, i + 1).join(''));
      });
      const all = tokens.join('');
      expect([entry.text(), entry.length], `${n}`).toEqual([all, all.length]);
      const late = attached(entry, null);
      entry.end(DONE(null));
      expect([early.tokenText, late.tokenText], `${n}`).toEqual([all, all]);
      expect(late.events.at(-1), `${n}`).toEqual(done(all.length, all));
    }
  });

  it('ends with our error event, its id the whole length; nothing after the end counts', () => {
    const { entry, ended } = entryOf();
    const out = attached(entry, null);
    entry.append('ab');
    entry.end({ event: 'error', code: 'answer_stopped' });
    entry.append('c');
    entry.ping();
    entry.end(DONE('abc'));
    expect(out.events).toEqual([
      start,
      tok(2, 'ab'),
      { id: 2, event: 'error', data: { code: 'answer_stopped', message: 'The answer was stopped.', retryable: false } },
    ]);
    expect([entry.text(), entry.length, ended.length, out.closes]).toEqual(['ab', 2, 1, 1]);
  });

  it('passes keep-alives to readers that keep up (not to one that is behind)', () => {
    const { entry } = entryOf();
    const keeping = attached(entry, 0);
    const behind = attached(entry, 0);
    behind.full = true;
    entry.append('a');
    entry.ping();
    expect([keeping.text.endsWith(': ping\n\n'), behind.text.includes(': ping')]).toEqual([true, false]);
  });

  it('tells the mirror each append with its offset, each keep-alive, and the end, once', () => {
    const seen: unknown[] = [];
    const mirror: EntryMirror = {
      append: (_e, at, text) => seen.push(['append', at, text]),
      ping: () => seen.push(['ping']),
      end: (e) => seen.push(['end', e.ended?.event]),
    };
    const { entry } = entryOf({ mirror });
    entry.append('ab');
    entry.append('');
    entry.ping();
    entry.append('c');
    entry.end(DONE(null));
    entry.end(DONE(null));
    entry.append('d');
    expect(seen).toEqual([['append', 0, 'ab'], ['ping'], ['append', 2, 'c'], ['end', 'done']]);
  });
});
