/** Incremental JSON Lines decoding: bytes in any chunking to parsed objects, one per line. */

/**
 * A line, or a multi-byte character, may be split across chunks. Blank lines are skipped; a line
 * that is not a JSON object yields `undefined` so the caller decides what a protocol error means.
 */
export class JsonlDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';

  /** Feed a chunk; returns the complete lines it finished, parsed. */
  push(chunk: Uint8Array): unknown[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return parseLines(lines);
  }

  /** The stream ended: flush a final line without a newline. */
  end(): unknown[] {
    const text = this.rest + this.decoder.decode();
    this.rest = '';
    return parseLines([text]);
  }
}

function parseLines(lines: string[]): unknown[] {
  const out: unknown[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      out.push(value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined);
    } catch {
      out.push(undefined);
    }
  }
  return out;
}
