/**
 * Responses of .../list routes in every Accept mode: a JSON page ({items, cursor}), or a stream of
 * {"type":"item","data":...} lines (JSONL / SSE) that keeps going until the items run out or the
 * requested take is reached - with no final result line, as the server does - or CSV rows.
 */
import { page, parseListQuery, selectItems } from '../store/list.js';
import type { Listable, Order } from '../store/list.js';
import type { RouteContext } from './router.js';

const encoder = new TextEncoder();

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function streamLines(lines: Iterable<string>, contentType: string): Response {
  const iterator = lines[Symbol.iterator]();
  // Pull-based so a long list is produced as the client reads, never buffered whole.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType } });
}

export function listResponse<T extends Listable, U extends object>(
  ctx: RouteContext,
  items: Iterable<T>,
  defaultOrder: Order,
  toJson: (item: T) => U,
): Response {
  const query = parseListQuery(ctx.query, defaultOrder);
  if (ctx.accept === 'json') return ctx.c.json(page(items, query, toJson));
  const selected = selectItems(items, query, query.rawTake).map(toJson);
  switch (ctx.accept) {
    case 'jsonl':
      return streamLines(
        selected.map((data) => `${JSON.stringify({ type: 'item', data })}\n`),
        'application/jsonl',
      );
    case 'sse':
      return streamLines(
        selected.map((data) => `event: item\ndata: ${JSON.stringify(data)}\n\n`),
        'text/event-stream',
      );
    case 'csv': {
      const columns = [...new Set(selected.flatMap((item) => Object.keys(item)))];
      const rows = selected.map(
        (item) => `${columns.map((column) => csvCell((item as Record<string, unknown>)[column])).join(',')}\n`,
      );
      return streamLines(columns.length ? [`${columns.join(',')}\n`, ...rows] : [], 'text/csv');
    }
  }
}
