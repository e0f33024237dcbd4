/** The built widget script the service serves at /widget.js, re-read only when it changes on disk (a rebuild in development). */
import { readFile, stat } from 'node:fs/promises';

export function widgetFile(path: string | null): () => Promise<Uint8Array | null> {
  let cached: { mtimeMs: number; bytes: Uint8Array } | null = null;
  return async () => {
    if (!path) return null;
    try {
      const { mtimeMs } = await stat(path);
      if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, bytes: new Uint8Array(await readFile(path)) };
      return cached.bytes;
    } catch {
      return null;
    }
  };
}
