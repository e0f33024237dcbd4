/** The deterministic bot's choice of answer. */
import { describe, expect, it } from 'vitest';
import { MAX_TOKENS_DIRECTIVE, answerFor } from './answer.js';
import { tokenize } from './tokenize.js';

const backstory = 'You are Tessa from Acme.\n- when shipping|delivery: We ship in 2 days.\n- when token: Rule about tokens.';
const ask = (text: string | null): string => answerFor({ text, backstory, botName: 'Tessa' });

describe('answerFor', () => {
  it('is deterministic', () => {
    for (const text of ['hello', 'markdown', 'long', 'what?', 'tokens:30', null]) expect(ask(text)).toBe(ask(text));
  });

  it('answers from backstory rules', () => {
    expect(ask('Is delivery free?')).toBe('We ship in 2 days.');
  });

  it('lets tokens:N produce exactly N tokens, even when a rule would match, capped at 20000', () => {
    for (const n of [1, 7, 16, 17, 500]) expect(tokenize(ask(`give me tokens:${n} please`))).toHaveLength(n);
    expect(tokenize(ask('tokens:99999'))).toHaveLength(MAX_TOKENS_DIRECTIVE);
    expect(tokenize(ask('tokens:0'))).toHaveLength(1);
  });

  it('echoes', () => {
    expect(ask('echo: Grüße\nzwei Zeilen')).toBe('Grüße\nzwei Zeilen');
    expect(ask('echo:')).toBe('(nothing to echo)');
  });

  it('shows markdown: heading, emphasis, lists, inline code, fenced ts block, link, quote and table', () => {
    const text = ask('show me the markdown demo');
    expect(text).toMatch(/^## /m);
    expect(text).toContain('**bold text**');
    expect(text).toContain('_emphasis_');
    expect(text).toMatch(/^- /m);
    expect(text).toMatch(/^1\. /m);
    expect(text).toContain('`inline code`');
    expect(text).toMatch(/```ts\n[\s\S]+\n```/);
    expect(text).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
    expect(text).toMatch(/^> /m);
    expect(text).toMatch(/^\| .+ \|\n\| --- \|/m);
    for (const char of ['é', 'ü', '—', '🎉']) expect(text).toContain(char);
  });

  it('answers single elements and a long text', () => {
    expect(ask('a table')).toMatch(/^\|/);
    expect(ask('some code')).toMatch(/^```ts/);
    expect(ask('a list')).toContain('\n- ');
    expect(ask('a link')).toContain('](https://');
    expect(tokenize(ask('something long')).length).toBeGreaterThanOrEqual(400);
    expect(ask('xss')).toContain('<script>');
  });

  it('greets and falls back with the persona', () => {
    expect(ask('Hello there')).toMatch(/^Hello! 👋 I'm Tessa — /);
    expect(ask('Hello there')).toContain('shipping');
    const fallback = ask('What is the meaning of life?');
    expect(fallback).toContain('I am Tessa from Acme.');
    expect(fallback).toContain('😊');
    expect(ask(null)).toMatch(/^Hello!/);
  });
});

describe('markdown-tokens directive', () => {
  it('answers about N tokens of real markdown', () => {
    const text = answerFor({ text: 'markdown-tokens:3000', backstory: null, botName: null });
    const n = tokenize(text).length;
    expect(n).toBeGreaterThanOrEqual(2990);
    expect(n).toBeLessThanOrEqual(3010);
    expect(text).toContain('## Part 2');
    expect(text).toContain('```');
    expect(text).toMatch(/\|.*\|/);
  });
});
