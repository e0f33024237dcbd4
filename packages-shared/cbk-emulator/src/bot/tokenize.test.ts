/** The tokenizer: lossless, small pieces, never splitting a code point. */
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('splits into words with their following whitespace', () => {
    expect(tokenize('We ship in 2 days.\nFast!')).toEqual(['We ', 'ship ', 'in ', '2 ', 'days.\n', 'Fast!']);
  });

  it('cuts long words into pieces of at most 6 characters', () => {
    expect(tokenize('extraordinarily long')).toEqual(['extrao', 'rdinar', 'ily ', 'long']);
  });

  it('keeps leading whitespace as its own token and is lossless', () => {
    for (const text of ['  indented', '', ' ', 'a  b\n\n\nc ', 'Grüße — 🎉🎉🎉🎉🎉🎉🎉🎉 Résumé', '```ts\nconst x = 1;\n```']) {
      expect(tokenize(text).join('')).toBe(text);
    }
    expect(tokenize('  x')).toEqual(['  ', 'x']);
  });

  it('never splits a surrogate pair', () => {
    const tokens = tokenize('🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 😊😊');
    for (const token of tokens) {
      expect(token).toBe(Buffer.from(token, 'utf8').toString('utf8'));
      expect(token.isWellFormed()).toBe(true);
    }
    expect(tokens[0]).toBe('🎉🎉🎉🎉🎉🎉');
  });
});
