/** The OpenAPI document and the admin client's types generated from it are current (else: pnpm --filter @tessera/token-service openapi). */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderedOpenApi } from './openapi-files.js';

describe('the committed OpenAPI files', () => {
  it('are what the routes and schemas generate now', async () => {
    const files = await renderedOpenApi();
    expect(Object.keys(files)).toHaveLength(2);
    for (const [specifier, content] of Object.entries(files)) {
      const onDisk = await readFile(fileURLToPath(import.meta.resolve(specifier)), 'utf8');
      // A stale file fails here: regenerate with `pnpm --filter @tessera/token-service openapi`.
      expect(onDisk, specifier).toBe(content);
    }
  }, 30_000);

  it('describe every schema as a component: nothing refers outside #/components', async () => {
    const json = (await renderedOpenApi())['@tessera/admin-client/openapi.json']!;
    const refs = [...json.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((r) => !r.startsWith('#/components/schemas/'))).toEqual([]);
    const doc = JSON.parse(json) as { components: { schemas: Record<string, unknown> } };
    for (const ref of new Set(refs)) expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
  }, 30_000);
});
