/**
 * Read a byte stream as text, up to a size limit: the one way this service reads bodies it did not
 * write (request bodies, upstream answers). Past the limit the stream is cancelled and reading
 * stops; the caller decides what that means.
 */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

/** Anything read chunk by chunk: a web stream's reader, or a Node stream through `readerOf`. */
export interface ChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/** A Node readable (a request or an upstream response) as a ChunkReader; `cancel` lets go of it. */
export function readerOf(stream: AsyncIterable<Buffer>, cancel: () => void): ChunkReader {
  const it = stream[Symbol.asyncIterator]();
  return {
    async read() {
      const step = await it.next();
      return step.done ? { done: true } : { done: false, value: step.value };
    },
    async cancel() {
      cancel();
    },
  };
}

export async function readCappedText(
  body: ReadableStream<Uint8Array> | ChunkReader,
  max: number,
  opts: { fatal?: boolean } = {},
): Promise<string> {
  const reader: ChunkReader = 'getReader' in body ? body.getReader() : body;
  const decoder = new TextDecoder('utf-8', { fatal: opts.fatal ?? false });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > max /* check: body-size-streamed */) {
      await reader.cancel().catch(() => {});
      throw new TooLargeError(`more than ${max} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The same for bytes (an uploaded image): all of them, or TooLargeError past `max`. */
export async function readCappedBytes(body: ReadableStream<Uint8Array> | ChunkReader, max: number): Promise<Uint8Array> {
  const reader: ChunkReader = 'getReader' in body ? body.getReader() : body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new TooLargeError(`more than ${max} bytes`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
