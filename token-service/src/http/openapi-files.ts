/**
 * The OpenAPI document as the admin client package keeps it (openapi.json, with a placeholder
 * server), and the TypeScript types generated from it by openapi-typescript. Used by
 * scripts/openapi.ts to write them and by the tests to prove they are current.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { openapiDocument } from './openapi.js';
import { ROUTES } from './routes/index.js';

export const PLACEHOLDER_SERVER = 'http://127.0.0.1:8787';
const HEADER = '// Generated from openapi.json by `pnpm --filter @tessera/token-service openapi`. Do not edit.\n';

/** Module specifier (resolved through the package's exports) -> file content. */
export async function renderedOpenApi(): Promise<Record<string, string>> {
  const doc = openapiDocument(ROUTES, { version: '0.1.0', serverUrl: PLACEHOLDER_SERVER });
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const types = HEADER + astToString(await openapiTS(JSON.parse(json)));
  return { '@tessera/admin-client/openapi.json': json, '@tessera/admin-client/openapi-types': types };
}
