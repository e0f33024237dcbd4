/**
 * The built widget the service serves: the script at /widget.js and the files it loads from
 * /widget/ (the panel, and the visitor's language's words), each re-read only when it changes on
 * disk (a rebuild in development).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The widget's other files: named with their content hash (`widget-panel.1a2b3c4d.js`, one
 * language's words `widget-locale-de.1a2b3c4d.js`).
 */
export const WIDGET_ASSET = /^[a-z][a-z0-9-]*\.[0-9a-f]{8}\.js$/;

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

/** The widget's other files, beside the script (`path`): by name, null for any other name or none built. */
export function widgetAssets(path: string | null): (name: string) => Promise<Uint8Array | null> {
  const files = new Map<string, () => Promise<Uint8Array | null>>();
  return (name) => {
    if (!path || !WIDGET_ASSET.test(name)) return Promise.resolve(null); // check: widget-asset-name
    let file = files.get(name);
    // Names that do not exist are not remembered (a scan of random names grows nothing).
    if (!file) file = widgetFile(join(dirname(path), name));
    return file().then((bytes) => {
      if (bytes) files.set(name, file!);
      return bytes;
    });
  };
}
