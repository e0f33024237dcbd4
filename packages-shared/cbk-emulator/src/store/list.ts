/**
 * List semantics shared by every .../list route (doc §4): order on (createdAt, id), default desc
 * (message lists: asc), cursor = id of the last item seen, take clamped to 1..100 (0/NaN -> 100),
 * meta.<k>=<v> (or meta[k]=v) equality filters with 'true'/'false' read as booleans, and a
 * response cursor that is omitted when the page is empty.
 */
import { badRequest } from '../http/errors.js';
import type { JsonObject } from '../types.js';

export type Order = 'asc' | 'desc';

export interface ListQuery {
  cursor: string | undefined;
  order: Order;
  /** Page size for JSON lists (1..100). */
  take: number;
  /** take as sent (0 when absent/invalid); streamed lists use it as an overall cap. */
  rawTake: number;
  meta: Array<[string, string | boolean]>;
}

export interface Listable {
  id: string;
  createdAt: number;
  meta?: JsonObject | null;
}

export const MAX_TAKE = 100;

export function parseListQuery(query: URLSearchParams, defaultOrder: Order): ListQuery {
  const orderParam = query.get('order');
  if (orderParam !== null && orderParam !== 'asc' && orderParam !== 'desc') {
    throw badRequest('"order" must be one of [asc, desc]');
  }
  const takeNumber = Number.parseInt(query.get('take') ?? '', 10);
  const rawTake = Number.isFinite(takeNumber) && takeNumber > 0 ? takeNumber : 0;
  const meta: Array<[string, string | boolean]> = [];
  for (const [key, value] of query) {
    const match = /^meta(?:\.([^.[\]]+)|\[([^\]]+)\])$/.exec(key);
    const name = match?.[1] ?? match?.[2];
    if (!name) continue;
    meta.push([name, value === 'true' ? true : value === 'false' ? false : value]);
  }
  return {
    cursor: query.get('cursor') || undefined,
    order: orderParam ?? defaultOrder,
    take: rawTake === 0 ? MAX_TAKE : Math.min(rawTake, MAX_TAKE),
    rawTake,
    meta,
  };
}

function compare(a: Listable, b: Listable): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function matchesMeta(item: Listable, filters: ListQuery['meta']): boolean {
  return filters.every(([key, expected]) => {
    const actual = item.meta?.[key];
    if (typeof expected === 'boolean') return actual === expected;
    return actual !== undefined && actual !== null && String(actual) === expected;
  });
}

/** Items after the cursor, in order, meta-filtered; capped at `limit` (0 = no cap). */
export function selectItems<T extends Listable>(items: Iterable<T>, query: ListQuery, limit: number): T[] {
  const sorted = [...items].filter((item) => matchesMeta(item, query.meta)).sort(compare);
  if (query.order === 'desc') sorted.reverse();
  let start = 0;
  if (query.cursor !== undefined) {
    const index = sorted.findIndex((item) => item.id === query.cursor);
    // An unknown cursor yields an empty page (Prisma's cursor on a missing row).
    if (index === -1) return [];
    start = index + 1;
  }
  const rest = sorted.slice(start);
  return limit > 0 ? rest.slice(0, limit) : rest;
}

/** One JSON page: {items, cursor}, cursor omitted on an empty page. */
export function page<T extends Listable, U>(
  items: Iterable<T>,
  query: ListQuery,
  toJson: (item: T) => U,
): { items: U[]; cursor?: string } {
  const selected = selectItems(items, query, query.take);
  const last = selected[selected.length - 1];
  return last ? { items: selected.map(toJson), cursor: last.id } : { items: [] };
}
