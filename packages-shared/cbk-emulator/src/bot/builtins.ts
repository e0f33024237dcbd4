/**
 * Canned answers of the deterministic bot: a markdown showcase and its parts (table, code, list,
 * link), a long multi-paragraph answer, an answer of exactly N tokens for benchmarks, an unsafe-
 * HTML sample for sanitiser tests, greetings and the fallback. Every text is fixed (no randomness)
 * and carries non-ASCII characters (é, ü, —, emoji) so multi-byte handling downstream is exercised.
 */
import { MAX_PIECE } from './tokenize.js';

export const TABLE = [
  '| Plan | Messages / month | Price |',
  '| --- | ---: | ---: |',
  '| Café | 1 000 | 9 € |',
  '| Über | 10 000 | 49 € |',
  '| Enterprise — custom | ∞ | on request 🤝 |',
].join('\n');

export const CODE = [
  '```ts',
  'export function greet(name: string): string {',
  '  // Grüße — a multi-byte comment 👋',
  '  return `Hello, ${name}!`;',
  '}',
  '```',
].join('\n');

export const LIST = [
  'Here is a bullet list — and a numbered one:',
  '',
  '- Fast délivery',
  '- **Free** returns',
  '- Friendly support 😊',
  '',
  '1. Pick a product',
  '2. Check out',
  '3. Enjoy — über easy!',
].join('\n');

export const LINK =
  'You can read more in the [Tessera documentation](https://example.com/docs?from=emulator&lang=en) — or visit https://example.com for the café menu ☕.';

export const SHOWCASE = [
  '## Formatting showcase ✨',
  '',
  'This answer exercises the renderer: **bold text**, _emphasis_, `inline code` and a link.',
  'Café crème, Grüße aus München — multi-byte text must survive streaming. 🎉',
  '',
  '- First bullet',
  '- Second bullet with **bold**',
  '- Third bullet with _emphasis_',
  '',
  '1. Step one',
  '2. Step two',
  '3. Step three',
  '',
  '> A blockquote: “Simplicity is prerequisite for reliability.” — Edsger W. Dijkstra',
  '',
  TABLE,
  '',
  CODE,
  '',
  LINK,
].join('\n');

export const UNSAFE =
  'Sanitiser check — none of this may run: <script>alert("xss")</script> <img src="x" onerror="alert(1)"> ' +
  '[click me](javascript:alert(1)) <a href="javascript:alert(2)">link</a> 🛡️ Résumé ends here.';

const LONG_TOPICS = [
  'streaming',
  'relaying',
  'rendering',
  'reconnecting',
  'rate limiting',
  'sanitising',
  'théming',
  'über-testing',
];

/** A long answer (well over 400 tokens) of numbered paragraphs. */
export function longAnswer(): string {
  const paragraphs = LONG_TOPICS.map(
    (topic, index) =>
      `${index + 1}. About ${topic}: this paragraph exists so that a long answer keeps the stream busy for a while. ` +
      `Each sentence arrives as many small tokens, which lets a widget show its typing state, scroll smoothly and ` +
      `keep the page responsive — even when the café Wi-Fi is slow. A relay in the middle must pass every piece on ` +
      `as soon as it arrives, without buffering the whole answer, and it must keep multi-byte characters such as ü, ` +
      `é and 🎉 intact across chunk boundaries. When the last token is sent, the bot message and the result follow.`,
  );
  return ['## A long answer 📚', '', ...paragraphs.flatMap((p) => [p, ''])].join('\n').trimEnd();
}

const BENCH_WORDS = ['lorem', 'ipsum', 'café', 'dolor', 'über', 'sit', 'amet', '—', 'token', 'naïve', '🎉', 'relay'];

/** An answer that tokenizes to exactly `count` tokens (every word fits in one piece). */
export function tokensAnswer(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const word = BENCH_WORDS[i % BENCH_WORDS.length] ?? 'x';
    if (Array.from(word).length > MAX_PIECE) throw new Error('bench word too long');
    const last = i === count - 1;
    text += last ? word : word + ((i + 1) % 16 === 0 ? '\n' : ' ');
  }
  return text;
}

/**
 * A long markdown answer of about `count` tokens (the showcase repeated, numbered), for measuring
 * how a widget renders a long formatted answer.
 */
export function markdownTokensAnswer(count: number, tokenizeFn: (text: string) => string[]): string {
  const sections: string[] = [];
  let tokens: string[] = [];
  for (let i = 1; tokens.length < count; i++) {
    sections.push(`## Part ${i}\n\n${SHOWCASE}`);
    tokens = tokenizeFn(sections.join('\n\n'));
  }
  return tokens.slice(0, count).join('');
}

export function greeting(botName: string | null, topics: string[]): string {
  const who = botName ? `I'm ${botName} — ` : '';
  const about = topics.length ? ` You can ask me about ${topics.join(', ')}.` : '';
  return `Hello! 👋 ${who}how can I help you today?${about} Type “markdown” to see what formatting looks like — très chic, über easy.`;
}

export function fallback(persona: string | null, topics: string[]): string {
  const lines = ["I'm not sure about that one yet — but I'm happy to help! 😊"];
  if (persona) lines.push('', `About me: ${persona.replace(/^you are\s+/i, 'I am ')}`);
  lines.push(
    '',
    topics.length
      ? `You can ask me about: ${topics.join(', ')}. Or type “markdown” for a formatting showcase (café-tested).`
      : 'Try “markdown”, “table”, “code”, “list”, “link”, “long”, “echo: …” or “tokens:50” — Grüße from the emulator.',
  );
  return lines.join('\n');
}
