/**
 * Identifier and secret generation. ChatBotKit ids are Prisma cuid v1 values (25 lowercase
 * alphanumerics starting with 'c'); we build the same shape - 'c' + time + counter + fingerprint +
 * random - so ids created in the same millisecond still sort in creation order, which keeps list
 * ordering on (createdAt, id) intuitive.
 */
import { randomBytes } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps the distribution uniform for alphabets that do not divide 256.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

function pad(value: string, length: number): string {
  return value.padStart(length, '0').slice(-length);
}

const fingerprint = randomString(BASE36, 4);
let counter = 0;

/** A new cuid-like id (25 chars). `at` is the creation time that leads the id. */
export function newId(at: number = Date.now()): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${pad(Math.max(0, Math.floor(at)).toString(36), 8)}${pad(counter.toString(36), 4)}${fingerprint}${randomString(BASE36, 8)}`;
}

/** A new secret key in the 'sk-' shape the server recognises as a secret. */
export function newSecret(prefix = 'sk-emu-'): string {
  return prefix + randomString(BASE62, 32);
}
