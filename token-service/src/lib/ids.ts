/** Mint the ids we hand out: a kind prefix plus 22 uniformly random base62 characters. */
import { randomBytes } from 'node:crypto';
import { ID_BODY_LENGTH, ID_PREFIXES, type IdKind } from '@tessera/protocol';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(ID_BODY_LENGTH)}`;
}
