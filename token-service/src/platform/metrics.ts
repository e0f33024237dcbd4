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
  /** Count one request and its time to headers (the access log's two metrics, on the hot path). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'tessera_http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'Time to response headers, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // The labelled children, kept: looking them up by a label object hashes and sorts its keys on
  // every call, a few microseconds of each request (profiled on the session route).
  const children = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  return {
    registry,
    requests,
    requestSeconds,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`;
      let child = children.get(key);
      if (!child) {
        child = { count: requests.labels(method, route, String(status)), time: requestSeconds.labels(method, route) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
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
