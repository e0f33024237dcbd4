/**
 * The optional Redis connection for limits. Commands fail fast while disconnected (no offline
 * queue), so a Redis outage never stalls a request; the connection reconnects by itself, and each
 * change of state is logged once, with what it means for the limits.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function connectRedis(url: string, failureMode: 'open' | 'closed', logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.error(
      { mode: failureMode, error: { message: err.message } },
      failureMode === 'open'
        ? 'redis unavailable: rate limits fall back to per-process memory limits until it returns'
        : 'redis unavailable: refusing rate-limited requests until it returns (REDIS_FAILURE_MODE=closed)',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('redis available again: rate limits are shared again');
  });
  return redis;
}
