/**
 * Reads the relay's `text/event-stream` body. Hand-written instead of eventsource-parser (the house
 * default) because it is ~25 lines against ~1.4 KB gzip of a 20 KB budget, and our one server
 * only ever sends `event:` + `data:` fields, `:` keep-alives and `\n` line ends (`\r\n` tolerated).
 */

export interface SseHandlers {
  event(name: string, data: string): void;
  /** Called after each network chunk, so a caller can render a batch of tokens once. */
  chunk?(): void;
}

export async function readSse(body: ReadableStream<Uint8Array>, on: SseHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = '';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length) on.event(name || 'message', data.join('\n'));
        name = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = value;
        else if (field === 'data') data.push(value);
      }
    }
    on.chunk?.();
  }
}
