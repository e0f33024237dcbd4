/** List query parsing and paging. */
import { describe, expect, it } from 'vitest';
import { page, parseListQuery, selectItems } from './list.js';

const items = [
  { id: 'c2', createdAt: 1, meta: { tag: 'x' } },
  { id: 'c1', createdAt: 1, meta: { tag: 'y' } },
  { id: 'c3', createdAt: 2, meta: null },
];
const q = (search: string, order: 'asc' | 'desc' = 'desc') => parseListQuery(new URLSearchParams(search), order);

describe('list paging', () => {
  it('orders on (createdAt, id)', () => {
    expect(selectItems(items, q('', 'asc'), 0).map((i) => i.id)).toEqual(['c1', 'c2', 'c3']);
    expect(selectItems(items, q(''), 0).map((i) => i.id)).toEqual(['c3', 'c2', 'c1']);
  });

  it('parses take, cursor and meta filters', () => {
    expect(q('take=0').take).toBe(100);
    expect(q('take=250').take).toBe(100);
    expect(q('take=250').rawTake).toBe(250);
    expect(q('take=x').take).toBe(100);
    expect(q('meta.a=true&meta[b]=2&other=1').meta).toEqual([
      ['a', true],
      ['b', '2'],
    ]);
    expect(() => q('order=up')).toThrow('"order" must be one of [asc, desc]');
  });

  it('pages after the cursor and omits the cursor on an empty page', () => {
    expect(page(items, q('take=2'), (i) => i.id)).toEqual({ items: ['c3', 'c2'], cursor: 'c2' });
    expect(page(items, q('take=2&cursor=c2'), (i) => i.id)).toEqual({ items: ['c1'], cursor: 'c1' });
    expect(page(items, q('cursor=c1'), (i) => i.id)).toEqual({ items: [] });
    expect(page(items, q('cursor=unknown'), (i) => i.id)).toEqual({ items: [] });
    expect(page(items, q('meta.tag=y'), (i) => i.id)).toEqual({ items: ['c1'], cursor: 'c1' });
  });
});
