/**
 * The files the reference page loads: Swagger UI's prebuilt bundle, stylesheet and icon from
 * swagger-ui-dist, and our start script and stylesheet from ./static. All live under one versioned
 * folder (`assets/<swagger-ui-dist version>-<hash of ./static>/`), so they can be cached for a year.
 *
 * An explicit list rather than a static-file server over the package folder: swagger-ui-dist also
 * ships index.html (an inline config script pointing at a public demo API), oauth2-redirect.html,
 * source maps and its package.json, none of which this service has any reason to answer.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMimeType } from 'hono/utils/mime';

/** The names the page refers to; each is served at `assets/<version>/<name>`. */
export const ASSET_NAMES = {
  script: 'swagger-ui-bundle.js',
  style: 'swagger-ui.css',
  icon: 'favicon-32x32.png',
  start: 'reference.js',
  theme: 'reference.css',
} as const;

const VENDOR_FILES = [ASSET_NAMES.script, ASSET_NAMES.style, ASSET_NAMES.icon];
const OWN_FILES = [ASSET_NAMES.start, ASSET_NAMES.theme];

export interface Asset {
  name: string;
  contentType: string;
  /** The file's bytes, read once on first use and kept (about 1.9 MB in all). */
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
}

export interface AssetSet {
  version: string;
  assets: Asset[];
}

function vendorAsset(dir: string, name: string): Asset {
  let cached: Promise<Uint8Array<ArrayBuffer>> | undefined;
  return {
    name,
    contentType: getMimeType(name) ?? 'application/octet-stream',
    bytes() {
      cached ??= readFile(join(dir, name)).then(
        (buffer) => new Uint8Array(buffer),
        (err: unknown) => {
          cached = undefined; // let the next request try again
          throw err;
        },
      );
      return cached;
    },
  };
}

/**
 * Locates the files and computes the version. Throws at once if swagger-ui-dist is not installed.
 * The package's main module is never imported: it would load the 1.7 MB browser bundle into the
 * server process.
 */
export function loadAssetSet(): AssetSet {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('swagger-ui-dist/package.json');
  const swaggerVersion = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const vendorDir = dirname(packageJson);

  // Our own files are small: read them now, so their hash can version the folder.
  const staticDir = fileURLToPath(new URL('./static/', import.meta.url));
  const hash = createHash('sha256');
  const own = OWN_FILES.map((name): Asset => {
    const content = new Uint8Array(readFileSync(join(staticDir, name)));
    hash.update(name).update(content);
    return { name, contentType: getMimeType(name) ?? 'application/octet-stream', bytes: async () => content };
  });

  return {
    version: `${swaggerVersion}-${hash.digest('hex').slice(0, 10)}`,
    assets: [...VENDOR_FILES.map((name) => vendorAsset(vendorDir, name)), ...own],
  };
}
