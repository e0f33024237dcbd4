/**
 * Password hashes: scrypt from node:crypto (memory-hard, no native addon to build), with OWASP's
 * recommended cost (N = 2^17, r = 8, p = 1: 128 MiB, about 0.2 s here), a 16-byte salt, and the
 * parameters kept in the hash so they can be raised later without breaking existing ones.
 *   scrypt$17$8$1$<salt base64url>$<key base64url>
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import pLimit from 'p-limit';
import { ServiceError } from '../errors.js';

/**
 * At most two hashes at once (each takes 128 MiB and a thread of libuv's pool of four, which also
 * reads files and resolves names), and at most 64 waiting; beyond that a sign-in is refused with
 * 429 rather than queued without end (a flood of sign-ins from many addresses).
 */
const gate = pLimit(2);
const MAX_WAITING = 64;

const KEY_LENGTH = 32;

export interface PasswordCost {
  /** log2 of N. */
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: PasswordCost = { logN: 17, r: 8, p: 1 };

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  if (gate.pendingCount >= MAX_WAITING) return Promise.reject(new ServiceError('rate_limited', { retryAfter: 1 }));
  return gate(() => deriveNow(password, salt, cost));
}

function deriveNow(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 128 * N * cost.r * cost.p + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { logN: Number(logN), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing anyone knows, verified when the email is unknown, so an unknown email takes as
 * long to refuse as a wrong password (sign-in must not reveal which emails exist).
 */
let decoy: Promise<string> | null = null;
export function decoyHash(cost: PasswordCost = DEFAULT_COST): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString('base64url'), cost);
  return decoy;
}
