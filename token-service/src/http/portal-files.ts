/**
 * The portal's built files (the @tessera/portal package's dist, or PORTAL_DIR): index.html for
 * every page, hashed files under assets/. Read from disk once and kept (the build is small and
 * does not change while the service runs). Only names of the build's own shape are looked up, so
 * no request path reaches the file system.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PortalFile {
  bytes: Uint8Array;
  type: string;
}

export interface PortalFiles {
  index(): Promise<PortalFile | null>;
  /** A file of assets/ by its name (`index-3f2a.js`), or null. */
  asset(name: string): Promise<PortalFile | null>;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  ico: 'image/x-icon',
  json: 'application/json',
};

const ASSET_NAME = /^[\w-]+(\.[\w-]+)*\.(js|css|svg|png|woff2|ico|json)$/;

export function portalFiles(dir: string): PortalFiles {
  const cache = new Map<string, Promise<PortalFile | null>>();
  const load = (path: string, type: string) => {
    let file = cache.get(path);
    if (!file) {
      file = readFile(join(dir, path)).then(
        (bytes) => ({ bytes: new Uint8Array(bytes), type }),
        () => null,
      );
      // A file that was missing may appear after a build: do not remember the miss.
      void file.then((f) => f === null && cache.delete(path));
      cache.set(path, file);
    }
    return file;
  };
  return {
    index: () => load('index.html', 'text/html; charset=utf-8'),
    asset(name) {
      const m = ASSET_NAME.exec(name);
      return m ? load(`assets/${name}`, TYPES[m[2]!]!) : Promise.resolve(null);
    },
  };
}
