/** Health, readiness, the public signing keys and the widget script. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { ServiceError } from '../errors.js';

export function systemRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    if (deps.lifecycle.draining) throw new ServiceError('shutting_down');
    try {
      await deps.db.ping();
    } catch {
      throw new ServiceError('service_unavailable', { message: 'The store is not reachable.' });
    }
    return c.json({ status: 'ready' });
  });

  app.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(deps.keyring.jwks());
  });

  app.get('/widget.js', async (c) => {
    const script = await deps.widgetScript();
    if (!script) throw new ServiceError('not_found', { message: 'The widget has not been built (pnpm build).' });
    return c.body(script as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  return app;
}

/** Prometheus metrics, behind `guard` (the admin token) unless served on a private port. */
export function metricsRoutes(deps: Pick<AppDeps, 'metrics' | 'limits'>, guard?: MiddlewareHandler<AppEnv>) {
  const app = new Hono<AppEnv>();
  if (guard) app.use(guard);
  app.get('/', async (c) => {
    deps.metrics.openStreams.set(deps.limits.streams.open);
    c.header('content-type', deps.metrics.registry.contentType);
    c.header('cache-control', 'no-store');
    return c.body(await deps.metrics.registry.metrics());
  });
  return app;
}
