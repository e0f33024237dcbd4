/** The system routes in memory: probes, the public signing keys, the widget script, the OpenAPI document, metrics. */
import { describe, expect, it } from 'vitest';
import { ROUTES } from './index.js';
import { read, testApp } from '../testing/client.js';
import { ADMIN, ADMIN_TOKEN, PUBLIC_URL } from '../testing/fakes.js';

describe('GET /healthz', () => {
  it('answers 200 while the process is up', async () => {
    const res = await testApp().call('GET', '/healthz');
    expect([res.status, res.body]).toEqual([200, { status: 'ok' }]);
  });

  it('does not ask the store', async () => {
    let asked = 0;
    await testApp({ ready: async () => void asked++ }).call('GET', '/healthz');
    expect(asked).toBe(0);
  });

  it('refuses POST with 405 and Allow', async () => {
    const res = await testApp().call('POST', '/healthz');
    expect([res.status, res.body.error.code, res.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'GET, HEAD']);
  });
});

describe('GET /readyz', () => {
  it('answers 200 when the store answers', async () => {
    const res = await testApp().call('GET', '/readyz');
    expect([res.status, res.body]).toEqual([200, { status: 'ready' }]);
  });

  it('answers 503 service_unavailable when the store does not, without its error', async () => {
    const res = await testApp({
      ready: async () => {
        throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
      },
    }).call('GET', '/readyz');
    expect([res.status, res.body.error.code]).toEqual([503, 'service_unavailable']);
    expect(res.text).not.toContain('10.1.2.3');
  });

  it('answers 503 shutting_down while draining, without asking the store', async () => {
    let asked = 0;
    const { call, deps } = testApp({ ready: async () => void asked++ });
    deps.lifecycle.startDrain();
    const res = await call('GET', '/readyz');
    expect([res.status, res.body.error.code, asked]).toEqual([503, 'shutting_down', 0]);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public keys, cacheable for five minutes', async () => {
    const res = await testApp().call('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.body.keys).toEqual([expect.objectContaining({ kid: 'key-1', kty: 'OKP' })]);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('GET /widget.js', () => {
  it('serves the built script to any page, cacheable', async () => {
    const res = await testApp().call('GET', '/widget.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe('/* the widget */');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('answers 404 not_found when the widget has not been built', async () => {
    const res = await testApp({ widgetScript: async () => null }).call('GET', '/widget.js');
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('GET /widget/{file}', () => {
  it('serves a file of the widget to any page, cached for good (its name changes with its content)', async () => {
    const res = await testApp().call('GET', '/widget/widget-panel.0123abcd.js');
    expect([res.status, res.text]).toEqual([200, '/* the panel */']);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 not_found for a file it does not have', async () => {
    const res = await testApp().call('GET', '/widget/widget-panel.ffffffff.js');
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('GET /openapi.json', () => {
  it('describes every route, with the public URL as its server', async () => {
    const res = await testApp().call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: PUBLIC_URL }]);
    const operations = Object.values(res.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) =>
      Object.values(p).map((o) => o.operationId),
    );
    expect(operations.sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('is revalidated on every fetch', async () => {
    const res = await testApp().call('GET', '/openapi.json');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('GET /metrics', () => {
  it('refuses without the admin token: 401 admin_unauthorized with WWW-Authenticate', async () => {
    const res = await testApp().call('GET', '/metrics');
    expect([res.status, res.body.error.code, res.headers.get('www-authenticate')]).toEqual([401, 'admin_unauthorized', 'Bearer']);
  });

  it('serves Prometheus text to the admin, never cached', async () => {
    const { call } = testApp();
    await call('GET', '/healthz');
    const res = await call('GET', '/metrics', { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('tessera_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(res.text).toContain('tessera_relay_open_streams 0');
    expect(res.text).not.toContain(ADMIN_TOKEN);
  });

  it('is not served here when a private metrics port is configured', async () => {
    // Not through `call`: the spec describes /metrics as this app serves it by default.
    const { app } = testApp({ config: { metricsPort: 9464 } });
    const res = await read(await app.request('/metrics', { headers: ADMIN }));
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});
