/**
 * Splits an answer into stream tokens the way a model streams small pieces: each word plus the
 * whitespace that follows it, words longer than 6 characters cut into pieces of at most 6. Cuts are
 * made on code points, never inside a surrogate pair, so every token is valid UTF-8 on its own
 * while multi-byte characters still cross chunk boundaries downstream. Joining the tokens gives
 * the input back exactly.
 */
export const MAX_PIECE = 6;

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/(\s*)(\S*)(\s*)/gu)) {
    const [whole, leading = '', word = '', trailing = ''] = match;
    if (whole === '') continue;
    // Leading whitespace only occurs at the very start of the text; it becomes its own token.
    if (leading) tokens.push(leading);
    if (!word) {
      if (trailing) tokens.push(trailing);
      continue;
    }
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i += MAX_PIECE) {
      const piece = chars.slice(i, i + MAX_PIECE).join('');
      tokens.push(i + MAX_PIECE >= chars.length ? piece + trailing : piece);
    }
  }
  return tokens;
}
