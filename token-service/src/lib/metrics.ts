/**
 * Prometheus metrics (prom-client) on a registry of our own, so every app instance (and test) counts
 * separately. Labels are low-cardinality by construction: route patterns, never raw paths, site keys
 * or ids.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  requestSeconds: Histogram<'method' | 'route'>;
  openStreams: Gauge;
  relayEnded: Counter<'outcome'>;
  upstreamSeconds: Histogram<'op' | 'outcome'>;
  rateLimitRejections: Counter<'limit'>;
  breakerState: Gauge<'upstream'>;
  sessionsMinted: Counter;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'tessera_http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'tessera_http_request_duration_seconds',
      help: 'Time to response headers, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    openStreams: new Gauge({ name: 'tessera_relay_open_streams', help: 'Answer streams open now', registers }),
    relayEnded: new Counter({
      name: 'tessera_relay_streams_total',
      help: 'Answer streams by how they ended',
      labelNames: ['outcome'],
      registers,
    }),
    upstreamSeconds: new Histogram({
      name: 'tessera_upstream_request_duration_seconds',
      help: 'ChatBotKit calls: time to response headers, by operation and outcome',
      labelNames: ['op', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    rateLimitRejections: new Counter({
      name: 'tessera_rate_limit_rejections_total',
      help: 'Requests refused by a limit',
      labelNames: ['limit'],
      registers,
    }),
    breakerState: new Gauge({
      name: 'tessera_upstream_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['upstream'],
      registers,
    }),
    sessionsMinted: new Counter({ name: 'tessera_sessions_minted_total', help: 'Visitor sessions minted', registers }),
  };
}
