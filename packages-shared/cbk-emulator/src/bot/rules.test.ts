/** The backstory rule syntax. */
import { describe, expect, it } from 'vitest';
import { matchRule, mentions, mentionsWord, parseBackstory } from './rules.js';

const BACKSTORY = [
  'You are Tessa, the assistant of Acme Shoes.',
  'Be nice.',
  '- when shipping|delivery: We ship in 2 days.\\nTracking comes by email.',
  '* WHEN Return | refund : Returns are free.',
  'when price: Shoes cost 80 €.',
  '- when nothing:',
].join('\n');

describe('parseBackstory', () => {
  it('reads rules, keywords, \\n escapes and the persona', () => {
    const { persona, rules } = parseBackstory(BACKSTORY);
    expect(persona).toBe('You are Tessa, the assistant of Acme Shoes.');
    expect(rules).toEqual([
      { keywords: ['shipping', 'delivery'], answer: 'We ship in 2 days.\nTracking comes by email.' },
      { keywords: ['return', 'refund'], answer: 'Returns are free.' },
      { keywords: ['price'], answer: 'Shoes cost 80 €.' },
    ]);
  });

  it('handles a missing backstory', () => {
    expect(parseBackstory(null)).toEqual({ persona: null, rules: [] });
  });
});

describe('matching', () => {
  const { rules } = parseBackstory(BACKSTORY);

  it('matches keywords case-insensitively at word starts, first rule wins', () => {
    expect(matchRule(rules, 'How long does DELIVERY take?')?.keywords[0]).toBe('shipping');
    expect(matchRule(rules, 'returns and refunds?')?.keywords[0]).toBe('return');
    expect(matchRule(rules, 'the Price, please')?.keywords[0]).toBe('price');
    expect(matchRule(rules, 'our relationshipping')).toBeNull();
    expect(matchRule(rules, 'hello')).toBeNull();
  });

  it('distinguishes prefix and whole-word mentions', () => {
    expect(mentions('shipping soon', 'ship')).toBe(true);
    expect(mentionsWord('shipping soon', 'ship')).toBe(false);
    expect(mentionsWord('a long one', 'long')).toBe(true);
    expect(mentionsWord('Über-list', 'list')).toBe(true);
  });
});
