/** referenceRoutes() in memory: the page's headers and HTML, the asset list, caching and compression. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { PAGE_CSP, referenceRoutes } from './index.js';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

function mounted(at = '/reference', title = 'Tessera API reference') {
  const app = new Hono();
  app.route(at, referenceRoutes({ openapiUrl: '/openapi.json', title }));
  return app;
}

async function assetPaths(app: Hono, page = '/reference') {
  const html = await (await app.request(page)).text();
  return [...html.matchAll(/(?:href|src)="([^"]*\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('the page', () => {
  it('is HTML under its own strict policy, revalidated on every visit', async () => {
    const res = await mounted().request('/reference');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).not.toMatch(/unsafe-|\*|https?:/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const tag = res.headers.get('etag');
    expect(tag).toBeTruthy();
    expect((await mounted().request('/reference', { headers: { 'if-none-match': tag! } })).status).toBe(304);
  });

  it('holds no inline script or style, and escapes its title', async () => {
    const html = await (await mounted('/reference', '</title><script>alert(1)</script>').request('/reference')).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;');
    expect(html).not.toMatch(/<style|style=|<script(?![^>]*\ssrc=)/);
    expect(html).toContain('data-openapi-url="/openapi.json"');
  });

  it('refers to five assets in one versioned folder under its own path', async () => {
    const paths = await assetPaths(mounted());
    expect(paths).toHaveLength(5);
    const version = JSON.parse(await readFile(join(swaggerDir, 'package.json'), 'utf8')).version;
    for (const path of paths)
      expect(path).toMatch(new RegExp(`^/reference/assets/${version.replaceAll('.', '\\.')}-[0-9a-f]{10}/[\\w.-]+$`));
  });

  it('mounted at the root, refers to /assets/..., never to //assets (another host)', async () => {
    const paths = await assetPaths(mounted('/'), '/');
    expect(paths).toHaveLength(5);
    expect(paths.every((p) => p.startsWith('/assets/'))).toBe(true);
  });

  it('refuses a document on another origin, which its CSP would block', () => {
    expect(() => referenceRoutes({ openapiUrl: 'https://api.example/openapi.json', title: 't' })).toThrow(TypeError);
    expect(() => referenceRoutes({ openapiUrl: '//api.example/openapi.json', title: 't' })).toThrow(TypeError);
  });
});

describe('the assets', () => {
  it('are served with their types, a year of caching, and gzip when asked', async () => {
    const app = mounted();
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      png: 'image/png',
    };
    for (const path of await assetPaths(app)) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(types[path.split('.').pop()!]);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      await res.arrayBuffer();
    }
    const bundlePath = (await assetPaths(app)).find((p) => p.endsWith('/swagger-ui-bundle.js'))!;
    const plain = Buffer.from(await (await app.request(bundlePath)).arrayBuffer());
    expect(plain.equals(await readFile(join(swaggerDir, 'swagger-ui-bundle.js')))).toBe(true);
    const gzipped = await app.request(bundlePath, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toContain('Accept-Encoding');
    expect((await gzipped.arrayBuffer()).byteLength).toBeLessThan(plain.byteLength / 3);
  });

  it('are only the listed files of the current version', async () => {
    const app = mounted();
    const folder = (await assetPaths(app))[0]!.replace(/[^/]+$/, '');
    for (const name of ['index.html', 'oauth2-redirect.html', 'package.json', 'swagger-ui-bundle.js.map', '../../index.ts']) {
      expect((await app.request(`${folder}${name}`)).status, name).toBe(404);
    }
    expect((await app.request('/reference/assets/0.0.0-0000000000/swagger-ui.css')).status).toBe(404);
  });
});
