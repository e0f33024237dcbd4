/**
 * Every limit of the service, built once from the config: requests per IP, sessions per IP and per
 * site, conversations and messages per visitor, concurrent streams per visitor and per process.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ServiceError } from '../errors.js';
import { limiterFactory, type Limit } from './limiter.js';

export interface StreamSlots {
  /** Reserve a stream for the visitor; returns the release function. */
  acquire(visitorKey: string): Promise<() => void>;
  /** Streams open in this process. */
  readonly open: number;
}

export interface Limits {
  requestsPerIp: Limit;
  sessionsPerIp: Limit;
  sessionsPerSite: Limit;
  conversationsPerVisitor: Limit;
  messagesPerVisitor: Limit;
  /** Portal sign-in attempts (password, passkey), per account (email) and per IP. */
  signInsPerAccount: Limit;
  signInsPerIp: Limit;
  streams: StreamSlots;
}

export function createLimits(
  config: Pick<Config, 'limits' | 'timeouts' | 'redis'>,
  deps: {
    redis: Redis | null;
    logger: Logger;
    onReject?: (limit: string) => void;
    /** Multiplies every window (tests shorten a minute to a few seconds). */
    windowScale?: number;
  },
): Limits {
  const l = config.limits;
  const scale = deps.windowScale ?? 1;
  const seconds = (s: number) => Math.max(1, Math.round(s * scale));
  const create = limiterFactory({
    redis: deps.redis,
    failureMode: config.redis?.failureMode ?? 'open',
    keyPrefix: config.redis?.keyPrefix ?? 'tessera',
    logger: deps.logger,
    ...(deps.onReject ? { onReject: deps.onReject } : {}),
  });
  // A stream slot is given back when the stream ends; the window only bounds how long a slot of a
  // crashed process can stay taken.
  const streamWindow = Math.ceil(config.timeouts.totalMs / 1000) + 60;
  const perVisitor = create(
    { name: 'streams_per_visitor', points: l.streamsPerVisitor, durationSeconds: seconds(streamWindow) },
    'too_many_streams',
  );
  let open = 0;

  return {
    requestsPerIp: create({ name: 'requests_per_ip', points: l.requestsPerIpPerMinute, durationSeconds: seconds(60) }),
    sessionsPerIp: create({ name: 'sessions_per_ip', points: l.sessionsPerIpPerMinute, durationSeconds: seconds(60) }),
    sessionsPerSite: create({ name: 'sessions_per_site', points: l.sessionsPerSitePerMinute, durationSeconds: seconds(60) }),
    conversationsPerVisitor: create({
      name: 'conversations_per_visitor',
      points: l.conversationsPerVisitorPerHour,
      durationSeconds: seconds(3600),
    }),
    messagesPerVisitor: create({
      name: 'messages_per_visitor',
      points: l.messagesPerVisitorPerMinute,
      durationSeconds: seconds(60),
    }),
    signInsPerAccount: create({
      name: 'sign_ins_per_account',
      points: l.signInsPerAccountPerHour,
      durationSeconds: seconds(3600),
    }),
    signInsPerIp: create({ name: 'sign_ins_per_ip', points: l.signInsPerIpPerHour, durationSeconds: seconds(3600) }),
    streams: {
      get open() {
        return open;
      },
      async acquire(visitorKey) {
        if (open >= l.streamsPerProcess /* check: stream-cap-process */) {
          deps.onReject?.('streams_per_process');
          throw new ServiceError('too_many_streams', { retryAfter: 5 });
        }
        open++;
        try {
          const taken = perVisitor.take(visitorKey); // check: stream-cap-visitor
          if (taken instanceof Promise) await taken;
        } catch (err) {
          open--;
          if (!(err instanceof ServiceError && err.code === 'too_many_streams')) throw err;
          // A refused take still counts in rate-limiter-flexible; for a concurrency cap it must not.
          void perVisitor.giveBack(visitorKey);
          // A slot comes back when one of the visitor's answers ends (seconds, usually): not at the
          // end of the window that only bounds a crashed process's slots.
          throw new ServiceError('too_many_streams', { retryAfter: 5 });
        }
        let released = false;
        return () => {
          if (released) return;
          released = true;
          open--;
          void perVisitor.giveBack(visitorKey);
        };
      },
    },
  };
}
