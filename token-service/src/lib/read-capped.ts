/**
 * Read a byte stream as text, up to a size limit: the one way this service reads bodies it did not
 * write (request bodies, upstream answers). Past the limit the stream is cancelled and reading
 * stops; the caller decides what that means.
 */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

export async function readCappedText(body: ReadableStream<Uint8Array>, max: number, opts: { fatal?: boolean } = {}): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: opts.fatal ?? false });
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new TooLargeError(`more than ${max} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
