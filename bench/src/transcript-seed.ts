/**
 * A conversation as the product makes one: a visitor's session on the bench's site, a
 * conversation, and each question sent through the relay (the emulator answers as the tenant's
 * sub-account), then thumbs on some answers, as the widget sends them. The questions pick the
 * emulator's canned answers (lists, a price table, code, a formatting showcase, a long
 * multi-paragraph answer, the fallback), so the answers have the length and markdown of real ones.
 */
import { parseSse } from '@tessera/testkit';
import { type Bench, visitor } from './setup.js';

/** Visitor questions, in turn; the emulator's answer each one gets is noted beside it. */
const QUESTIONS = [
  'Hello! Can I ask you a few things about my order?', // greeting, ~150 characters
  'Could you give me a list of what is included?', // a bullet and a numbered list
  'Is there a table of your plans and prices?', // a table
  'What formatting can your answers use? A demo please', // the showcase: heading, lists, quote, table, code, link
  'Where can I read the docs? A link would help', // a link
  'Do you have a code example for the API?', // a fenced code block
  'My parcel arrived damaged, what now?', // the fallback, ~250 characters
  'Please give me the long version of how it all works', // eight paragraphs, ~3,500 characters
] as const;

const COMMENTS = [
  'This did not answer my question about returns.',
  'Too long, I only wanted the price for one seat.',
  'The link goes to the general docs, not to my case.',
];

export interface SeededConversation {
  conversationId: string;
  /** Messages in the transcript (questions and answers). */
  messages: number;
  ratedDown: number;
  ratedUp: number;
  /** Characters of all answers, and of the longest. */
  answerChars: number;
  longestAnswer: number;
}

/**
 * A conversation of `exchanges` questions and their answers; every `downEvery`-th answer is
 * rated down with a comment, and every `upEvery`-th (when not rated down) up.
 */
export async function seedConversation(
  bench: Bench,
  opts: { exchanges: number; downEvery?: number; upEvery?: number },
): Promise<SeededConversation> {
  const v = await visitor(bench);
  const base = `${bench.service.info.url}/v1/sites/${bench.siteKey}/conversations/${v.conversationId}`;
  const out: SeededConversation = {
    conversationId: v.conversationId,
    messages: 0,
    ratedDown: 0,
    ratedUp: 0,
    answerChars: 0,
    longestAnswer: 0,
  };
  for (let i = 0; i < opts.exchanges; i++) {
    const text = QUESTIONS[i % QUESTIONS.length]!;
    const res = await fetch(`${base}/messages`, { method: 'POST', headers: v.headers, body: JSON.stringify({ text }) });
    const events = parseSse(await res.text());
    const done = events.find((e) => e.event === 'done')?.data as { messageId: string | null; text: string } | undefined;
    if (res.status !== 200 || !done?.messageId) throw new Error(`question ${i + 1}: ${res.status}, no answer`);
    const answer = done.text;
    out.messages += 2;
    out.answerChars += answer.length;
    out.longestAnswer = Math.max(out.longestAnswer, answer.length);

    const n = i + 1;
    const rating = opts.downEvery && n % opts.downEvery === 0 ? 'down' : opts.upEvery && n % opts.upEvery === 0 ? 'up' : null;
    if (!rating) continue;
    const body = rating === 'down' ? { rating, comment: COMMENTS[out.ratedDown % COMMENTS.length] } : { rating };
    const rated = await fetch(`${base}/messages/${done.messageId}/feedback`, {
      method: 'POST',
      headers: v.headers,
      body: JSON.stringify(body),
    });
    if (rated.status !== 200) throw new Error(`feedback on answer ${n}: ${rated.status} ${await rated.text()}`);
    if (rating === 'down') out.ratedDown++;
    else out.ratedUp++;
  }
  return out;
}
