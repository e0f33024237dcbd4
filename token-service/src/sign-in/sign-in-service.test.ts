/**
 * Sign-in on a real store with a clock the test moves: how long links and sessions live (a login
 * link 5 minutes, an invite 7 days; a session's idle and absolute limits), and that a link races
 * to one winner.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccountStore } from '../accounts/store.js';
import { ServiceError } from '../errors.js';
import { limiterFactory } from '../limits/limiter.js';
import { createLogger } from '../platform/logger.js';
import type { Db } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { openTestDb } from '../platform/test-db.js';
import { SignInService } from './sign-in-service.js';
import { createSignInStore } from './store.js';

let db: Db;
let now = Date.UTC(2026, 11, 2, 9, 0, 0);
const clock = { now: () => now };
const MINUTE = 60_000;

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => {
  now = Date.UTC(2026, 11, 2, 9, 0, 0);
});

function service(perIpPoints = 1000) {
  const logger = createLogger('silent');
  const create = limiterFactory({ redis: null, failureMode: 'open', keyPrefix: 't', logger });
  const limit = (name: string, points = 1000) => create({ name, points, durationSeconds: 3600 });
  return new SignInService({
    accounts: createAccountStore(db),
    store: createSignInStore(db),
    clock,
    config: {
      portalUrl: 'https://portal.example',
      portalOrigins: ['https://portal.example'],
      idleSeconds: 3600,
      maxSeconds: 8 * 3600,
    },
    limits: { perAccount: limit('a'), perIp: limit('i', perIpPoints) },
    brand: async () => ({ productName: 'Partner Chat', accentColor: '#2563eb' }),
    mailer: null,
    logger,
  });
}

async function account() {
  return createAccountStore(db).insert({ id: newId('account'), email: `${newId('account')}@x.example`, kind: 'operator', now });
}

const tokenOf = (url: string) => url.split('/').pop()!;
const dead = (p: Promise<unknown>) => expect(p).rejects.toSatisfy((e) => e instanceof ServiceError && e.code === 'link_invalid');

describe('links', () => {
  it('a login link works for 5 minutes, not a moment longer', async () => {
    const s = service();
    const a = await account();
    const early = await s.issueLink(a.id, 'login');
    const late = await s.issueLink(a.id, 'login');
    expect(early.expiresAt - now).toBe(5 * MINUTE);
    now += 5 * MINUTE - 1;
    expect((await s.useLink(tokenOf(early.url))).principal.accountId).toBe(a.id);
    now += 1;
    expect(await s.peekLink(tokenOf(late.url))).toBeNull();
    await dead(s.useLink(tokenOf(late.url)));
  });

  it('an invite works for 7 days', async () => {
    const s = service();
    const a = await account();
    const invite = await s.issueLink(a.id, 'invite');
    now += 7 * 24 * 60 * MINUTE - 1;
    expect(await s.peekLink(tokenOf(invite.url))).toMatchObject({ purpose: 'invite' });
    now += 1;
    await dead(s.useLink(tokenOf(invite.url)));
  });

  // Check: link-one-use (sign-in/sign-in-service.ts SignInService.useLink).
  it('two uses racing: exactly one signs in', async () => {
    const s = service();
    const a = await account();
    const link = await s.issueLink(a.id, 'login');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => s.useLink(tokenOf(link.url))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('links of a removed account are void', async () => {
    const s = service();
    const a = await account();
    const link = await s.issueLink(a.id, 'invite');
    await s.revokeAll(a.id);
    await dead(s.useLink(tokenOf(link.url)));
  });
});

describe('password sign-in', () => {
  // Check: sign-in-throttle-ip (sign-in/sign-in-service.ts SignInService.signInWithPassword).
  it('is throttled per IP across accounts: one address cannot try many emails', async () => {
    const s = service(3);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        await s.signInWithPassword(`nobody${i}@x.example`, 'wrong password here', '203.0.113.9').then(
          () => 'signed in',
          (e: ServiceError) => e.code,
        ),
      );
    }
    expect(codes).toEqual(['sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'rate_limited']);
    // Another address is not held back.
    await expect(s.signInWithPassword('nobody@x.example', 'wrong password here', '203.0.113.10')).rejects.toMatchObject({
      code: 'sign_in_failed',
    });
  });
});

describe('sessions', () => {
  // Check: portal-session-live (sign-in/sign-in-service.ts SignInService.authenticate).
  it('end after the idle limit without a request, and are kept alive by use', async () => {
    const s = service();
    const a = await account();
    const { cookie } = await s.useLink(tokenOf((await s.issueLink(a.id, 'login')).url));
    now += 59 * MINUTE;
    expect(await s.authenticate(cookie)).not.toBeNull();
    now += 59 * MINUTE; // 59 minutes after the last request: still alive
    expect(await s.authenticate(cookie)).not.toBeNull();
    now += 61 * MINUTE;
    expect(await s.authenticate(cookie)).toBeNull();
  });

  it('end at the absolute limit however busy', async () => {
    const s = service();
    const a = await account();
    const { cookie } = await s.useLink(tokenOf((await s.issueLink(a.id, 'login')).url));
    for (let i = 0; i < 16; i++) {
      now += 30 * MINUTE - (i === 15 ? 1 : 0);
      expect(await s.authenticate(cookie), `after ${(i + 1) * 30} minutes`).not.toBeNull();
    }
    now += 1; // 8 h after sign-in, used every 30 minutes
    expect(await s.authenticate(cookie)).toBeNull();
  });

  it('an unknown, malformed or absent cookie is nobody', async () => {
    const s = service();
    for (const c of [undefined, '', 'x', 'a'.repeat(43), `${'a'.repeat(42)}!`]) expect(await s.authenticate(c)).toBeNull();
  });
});
