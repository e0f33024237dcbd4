/**
 * The deterministic bot: picks the answer for a user text. Order: the benchmark directives
 * `markdown-tokens:N` and `tokens:N` and `echo: X` first (so benchmarks work whatever the backstory says), then the
 * backstory rules, then the built-in triggers, greetings, and finally a friendly fallback that
 * uses the backstory's persona. Same input, same output.
 */
import {
  CODE,
  LINK,
  LIST,
  SHOWCASE,
  TABLE,
  UNSAFE,
  fallback,
  greeting,
  longAnswer,
  markdownTokensAnswer,
  tokensAnswer,
} from './builtins.js';
import { tokenize } from './tokenize.js';
import { matchRule, mentionsWord, parseBackstory } from './rules.js';

export const MAX_TOKENS_DIRECTIVE = 20000;

export interface AnswerInput {
  /** The user's text; null when the conversation is continued without a new user turn. */
  text: string | null;
  backstory: string | null;
  botName: string | null;
}

const TRIGGERS: ReadonlyArray<{ words: readonly string[]; answer: () => string }> = [
  { words: ['markdown', 'formatting', 'demo'], answer: () => SHOWCASE },
  { words: ['long'], answer: longAnswer },
  { words: ['table'], answer: () => TABLE },
  { words: ['code'], answer: () => CODE },
  { words: ['list'], answer: () => LIST },
  { words: ['link'], answer: () => LINK },
  { words: ['xss'], answer: () => UNSAFE },
];

const GREETING = /^\s*(?:hi|hello|hey|hallo|hola|servus|moin|bonjour|good (?:morning|afternoon|evening))(?![\p{L}\p{N}])/iu;

export function answerFor(input: AnswerInput): string {
  const { persona, rules } = parseBackstory(input.backstory);
  const topics = rules.map((rule) => rule.keywords[0] ?? '').filter(Boolean);
  const text = input.text ?? '';

  const markdown = /(?<![\p{L}\p{N}])markdown-tokens:\s*(\d+)/iu.exec(text);
  if (markdown) {
    const count = Math.min(MAX_TOKENS_DIRECTIVE, Math.max(1, Number.parseInt(markdown[1] ?? '1', 10)));
    return markdownTokensAnswer(count, tokenize);
  }
  const directive = /(?<![\p{L}\p{N}-])tokens:\s*(\d+)/iu.exec(text);
  if (directive) {
    const count = Math.min(MAX_TOKENS_DIRECTIVE, Math.max(1, Number.parseInt(directive[1] ?? '1', 10)));
    return tokensAnswer(count);
  }
  const echo = /^\s*echo:\s?([\s\S]*)$/i.exec(text);
  if (echo) return echo[1] ? echo[1] : '(nothing to echo)';

  const rule = matchRule(rules, text);
  if (rule) return rule.answer;
  for (const trigger of TRIGGERS) {
    if (trigger.words.some((word) => mentionsWord(text, word))) return trigger.answer();
  }
  if (text.trim() === '' || GREETING.test(text)) return greeting(input.botName, topics);
  return fallback(persona, topics);
}
