/**
 * ROUTES against the app: every route the app serves is declared once in ROUTES and appears in the
 * OpenAPI document, and everything documented is served. (The human-readable reference under
 * /reference is pages about the API, not part of it; nor is the portal app's shell, index.html at
 * /portal/ and every page below it, which is a web app, not an API.)
 */
import { describe, expect, it } from 'vitest';
import { honoPath } from '../spec.js';
import { testApp } from '../testing/client.js';
import { ROUTES } from './index.js';

const NOT_API = /^\/reference(\/|$)|^\/portal(\/|\/\*)?$/;

function served() {
  const { app } = testApp();
  const routes = app.routes.filter((r) => r.method !== 'ALL' && !NOT_API.test(r.path)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(routes)].sort();
}

const declared = () => ROUTES.map((r) => `${r.method.toUpperCase()} ${honoPath(r.path)}`).sort();

async function documented() {
  const res = await testApp().call('GET', '/openapi.json');
  const paths = res.body.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${honoPath(path)}`))
    .sort();
}

describe('ROUTES', () => {
  it('declares every route the app serves', () => {
    expect(served().filter((r) => !declared().includes(r))).toEqual([]);
  });

  it('declares nothing the app does not serve', () => {
    expect(declared().filter((r) => !served().includes(r))).toEqual([]);
  });

  it('declares each method and path once, with a unique id', () => {
    expect(new Set(declared()).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
  });

  it('is what the OpenAPI document describes, route for route', async () => {
    expect(await documented()).toEqual(served());
  });

  it('documents a success answer for every route', () => {
    for (const spec of ROUTES) expect(Object.keys(spec.answers).length, spec.id).toBeGreaterThan(0);
  });
});
