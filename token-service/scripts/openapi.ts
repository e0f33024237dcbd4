/**
 * `pnpm --filter @tessera/token-service openapi`: write the OpenAPI document the service serves at
 * /openapi.json into the admin client package (openapi.json), and the TypeScript types generated
 * from it (src/openapi.ts, with openapi-typescript). `--check` writes nothing and exits 1 when
 * either file is stale (the test suite runs the same comparison).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderedOpenApi } from '../src/http/openapi-files.js';

const check = process.argv.includes('--check');
const files = await renderedOpenApi();
let stale = 0;
for (const [specifier, content] of Object.entries(files)) {
  const path = fileURLToPath(import.meta.resolve(specifier));
  const current = await readFile(path, 'utf8').catch(() => '');
  if (current === content) continue;
  stale++;
  if (check) console.error(`stale: ${path} (run: pnpm --filter @tessera/token-service openapi)`);
  else await writeFile(path, content);
}
if (!check) console.log(stale ? `wrote ${stale} file(s)` : 'up to date');
process.exit(check && stale ? 1 : 0);
