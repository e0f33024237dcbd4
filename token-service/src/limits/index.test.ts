/** createLimits with the memory store: the limits from the config, and the stream slots (per visitor, per process, released once). */
import { describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import type { ServiceError } from '../errors.js';
import { createLogger } from '../platform/logger.js';
import { DEFAULT_LIMITS } from '../http/testing/fakes.js';
import { createLimits } from './index.js';

const LIMITS: Config['limits'] = { ...DEFAULT_LIMITS, streamsPerProcess: 3 };

function limits(over: Partial<Config['limits']> = {}, windowScale?: number) {
  const rejected: string[] = [];
  const l = createLimits(
    { limits: { ...LIMITS, ...over }, timeouts: { firstByteMs: 1000, idleMs: 1000, totalMs: 180_000 }, redis: null },
    { redis: null, logger: createLogger('silent'), onReject: (n) => rejected.push(n), ...(windowScale ? { windowScale } : {}) },
  );
  return Object.assign(l, { rejected });
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'taken',
    (e: ServiceError) => e.code,
  );

describe('createLimits', () => {
  it('builds each rate limit from the config, per minute or per hour', async () => {
    const l = limits();
    expect(await l.requestsPerIp.take('ip')).toEqual({ limit: 600, remaining: 599, resetSeconds: 60 });
    expect(await l.sessionsPerIp.take('ip')).toMatchObject({ limit: 30 });
    expect(await l.sessionsPerSite.take('pk')).toMatchObject({ limit: 1200 });
    expect(await l.conversationsPerVisitor.take('v')).toEqual({ limit: 30, remaining: 29, resetSeconds: 3600 });
    expect(await l.messagesPerVisitor.take('v')).toMatchObject({ limit: 20, resetSeconds: 60 });
  });

  it('shortens every window by the scale (tests)', async () => {
    expect((await limits({}, 0.05).requestsPerIp.take('ip')).resetSeconds).toBe(3);
  });
});

describe('stream slots', () => {
  it('counts open streams, and gives a slot back on release', async () => {
    const { streams } = limits();
    const release = await streams.acquire('pk:v1');
    expect(streams.open).toBe(1);
    release();
    expect(streams.open).toBe(0);
  });

  // Check: stream-cap-visitor (limits/index.ts streams.acquire: the per-visitor slot).
  it('caps streams per visitor: 429 too_many_streams, other visitors unaffected', async () => {
    const { streams, rejected } = limits();
    await streams.acquire('pk:v1');
    await streams.acquire('pk:v1');
    expect(await codeOf(streams.acquire('pk:v1'))).toBe('too_many_streams');
    expect(await codeOf(streams.acquire('pk:v2'))).toBe('taken');
    expect(rejected).toEqual(['streams_per_visitor']);
  });

  it("says to retry a visitor's stream cap in seconds (a slot comes back when an answer ends), not at the window's end", async () => {
    const { streams } = limits();
    await streams.acquire('pk:v1');
    await streams.acquire('pk:v1');
    const refused = await streams.acquire('pk:v1').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'too_many_streams', retryAfter: 5 });
  });

  it('does not count a refused acquire against the visitor (a cap, not a rate)', async () => {
    const { streams } = limits();
    const first = await streams.acquire('pk:v1');
    await streams.acquire('pk:v1');
    for (let i = 0; i < 3; i++) await codeOf(streams.acquire('pk:v1'));
    first();
    expect(await codeOf(streams.acquire('pk:v1'))).toBe('taken');
    expect(streams.open).toBe(2);
  });

  // Check: stream-cap-process (limits/index.ts streams.acquire: the process cap).
  it('caps streams per process: 429 too_many_streams with Retry-After', async () => {
    const { streams, rejected } = limits({ streamsPerVisitor: 10 });
    for (const v of ['a', 'b', 'c']) await streams.acquire(`pk:${v}`);
    const err = await streams.acquire('pk:d').catch((e: ServiceError) => e);
    expect([(err as ServiceError).code, (err as ServiceError).retryAfter, streams.open]).toEqual(['too_many_streams', 5, 3]);
    expect(rejected).toEqual(['streams_per_process']);
  });

  it('releases once, however often release is called', async () => {
    const { streams } = limits();
    const release = await streams.acquire('pk:v1');
    await streams.acquire('pk:v1');
    release();
    release();
    release();
    expect(streams.open).toBe(1);
    await streams.acquire('pk:v1');
    expect(await codeOf(streams.acquire('pk:v1'))).toBe('too_many_streams');
  });
});
