/** Health, readiness, the public signing keys, the widget script, metrics, and the API's own description. */
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ServiceError } from '../../errors.js';
import type { AppDeps, AppEnv } from '../context.js';
import { mount, route } from '../spec.js';
import { answer, json, setHeader } from '../response.js';

const Status = z.strictObject({ status: z.string() });
const Jwks = z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())) });

export const health = route({
  id: 'health',
  method: 'get',
  path: '/healthz',
  tag: 'System',
  summary: 'The process is up',
  auth: 'none',
  answers: { 200: { description: 'Up', schema: Status } },
  errors: [],
});

export const readiness = route({
  id: 'readiness',
  method: 'get',
  path: '/readyz',
  tag: 'System',
  summary: 'The process is ready for traffic (its store answers, it is not shutting down)',
  auth: 'none',
  answers: { 200: { description: 'Ready', schema: Status } },
  errors: ['service_unavailable', 'shutting_down'],
});

export const signingKeysPublished = route({
  id: 'getJwks',
  method: 'get',
  path: '/.well-known/jwks.json',
  tag: 'System',
  summary: 'The public keys that verify visitor session tokens (JWK Set)',
  auth: 'none',
  answers: { 200: { description: 'The active key and retired keys whose tokens may still be live', schema: Jwks } },
  errors: [],
});

export const widgetScript = route({
  id: 'getWidgetScript',
  method: 'get',
  path: '/widget.js',
  tag: 'System',
  summary: 'The widget: the one script a customer page loads',
  auth: 'none',
  answers: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
  errors: ['not_found'],
});

export const widgetAsset = route({
  id: 'getWidgetAsset',
  method: 'get',
  path: '/widget/{file}',
  tag: 'System',
  summary: "The widget's other files, which /widget.js loads when needed (the panel); named by their content, cached for good",
  auth: 'none',
  answers: { 200: { description: 'JavaScript (an ES module)', contentType: 'text/javascript' } },
  errors: ['not_found'],
});

export const metrics = route({
  id: 'getMetrics',
  method: 'get',
  path: '/metrics',
  tag: 'System',
  summary: 'Prometheus metrics (with the admin token, unless served on METRICS_PORT)',
  auth: 'admin',
  answers: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  errors: [],
});

export const openapi = route({
  id: 'getOpenApi',
  method: 'get',
  path: '/openapi.json',
  tag: 'System',
  summary: 'This API, described in OpenAPI 3.1 (the human-readable form is at /reference)',
  auth: 'none',
  answers: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  errors: [],
});

export function systemRoutes(app: Hono<AppEnv>, deps: AppDeps, document: () => unknown) {
  mount(app, health, (c) => json(c, { status: 'ok' }));

  mount(app, readiness, async (c) => {
    if (deps.lifecycle.draining) throw new ServiceError('shutting_down');
    try {
      await deps.ready();
    } catch {
      throw new ServiceError('service_unavailable', { message: 'The store is not reachable.' });
    }
    return json(c, { status: 'ready' });
  });

  mount(app, signingKeysPublished, (c) => {
    setHeader(c, 'cache-control', 'public, max-age=300');
    return json(c, deps.signingKeys.jwks());
  });

  mount(app, widgetScript, async (c) => {
    const script = await deps.widgetScript();
    if (!script) throw new ServiceError('not_found', { message: 'The widget has not been built (pnpm build).' });
    return answer(c, script as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  mount(app, widgetAsset, async (c) => {
    const file = await deps.widgetAsset(c.req.param('file') ?? '');
    if (!file) throw new ServiceError('not_found', { message: 'No such file of the widget.' });
    // A module the page imports from another origin: CORS for any page; the name changes with the content.
    return answer(c, file as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    });
  });

  mount(app, openapi, (c) => {
    setHeader(c, 'cache-control', 'no-cache');
    return json(c, document());
  });
}

/** Prometheus metrics, behind `guard` (the admin token) unless served on a private port. */
export function metricsRoutes(app: Hono<AppEnv>, deps: Pick<AppDeps, 'metrics' | 'limits'>, guard?: MiddlewareHandler<AppEnv>) {
  if (guard) app.use(metrics.path, guard);
  mount(app, metrics, async (c) => {
    deps.metrics.openStreams.set(deps.limits.streams.open);
    return answer(c, await deps.metrics.registry.metrics(), 200, {
      'content-type': deps.metrics.registry.contentType,
      'cache-control': 'no-store',
    });
  });
}
