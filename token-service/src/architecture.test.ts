/**
 * The service's import graph, read with madge: one-way and without cycles. HTTP sits on top of the
 * domain services, which sit on their stores and the platform; only store modules (and the
 * platform and the composition root) touch the database; the domain never imports HTTP.
 */
import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

let graph: Record<string, string[]>;
let circular: string[][];

beforeAll(async () => {
  const result = await madge(import.meta.dirname, {
    fileExtensions: ['ts'],
    tsConfig: new URL('../tsconfig.json', import.meta.url).pathname,
    excludeRegExp: [/\.test\.ts$/, /(^|\/)testing\//, /test-db\.ts$/],
  });
  graph = result.obj();
  circular = result.circular();
}, 60_000);

/** Every import edge `from -> to` for which `bad` holds. */
const edges = (bad: (from: string, to: string) => boolean) =>
  Object.entries(graph).flatMap(([from, deps]) => deps.filter((to) => bad(from, to)).map((to) => `${from} -> ${to}`));

const isStore = (f: string) => /(^|\/)store\.ts$/.test(f);
const isHttp = (f: string) => f.startsWith('http/') || f === 'app.ts';
/** Where everything is assembled: it may see every layer. */
const ROOTS = new Set(['main.ts', 'service.ts', 'index.ts', 'app.ts']);

describe('import graph', () => {
  it('reads the whole service', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(50);
    expect(graph['app.ts']).toContain('http/spec.ts');
  });

  it('has no cycles', () => {
    expect(circular).toEqual([]);
  });

  it('only store modules and the platform touch the database', () => {
    expect(
      edges((from, to) => to === 'platform/db.ts' && !isStore(from) && !from.startsWith('platform/') && !ROOTS.has(from)),
    ).toEqual([]);
  });

  it('the domain never imports HTTP', () => {
    expect(edges((from, to) => isHttp(to) && !isHttp(from) && !ROOTS.has(from) && !from.startsWith('cli/'))).toEqual([]);
  });

  it('HTTP calls services, never stores', () => {
    expect(edges((from, to) => isHttp(from) && (isStore(to) || to === 'platform/db.ts'))).toEqual([]);
  });

  it('stores depend only on the platform (and the wire types)', () => {
    expect(edges((from, to) => isStore(from) && !to.startsWith('platform/'))).toEqual([]);
  });

  it('the platform depends on nothing of the product', () => {
    expect(edges((from, to) => from.startsWith('platform/') && !to.startsWith('platform/') && to !== 'errors.ts')).toEqual([]);
  });
});
