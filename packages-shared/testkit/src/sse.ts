import type { TestJson } from './json.js';

/** Parse an event-stream body (the relay's answer) into its events. */
export function parseSse(text: string): { event: string; data: TestJson }[] {
  const events: { event: string; data: TestJson }[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data) events.push({ event, data: JSON.parse(data) });
  }
  return events;
}

/** The same, with each event's SSE `id` (the answer log's text offset; undefined when it has none). */
export function parseSseWithIds(text: string): { id: string | undefined; event: string; data: TestJson }[] {
  const events: { id: string | undefined; event: string; data: TestJson }[] = [];
  for (const block of text.split('\n\n')) {
    let id: string | undefined;
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data) events.push({ id, event, data: JSON.parse(data) });
  }
  return events;
}
