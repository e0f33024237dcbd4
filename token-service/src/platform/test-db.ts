/**
 * For tests only: a PGlite store copied from the migrated template the test run made once
 * (test/support/global-setup.ts), in about 1.5 s instead of an initdb's 6 s.
 */
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type Db, openPglite } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

let template: Blob | null = null;

export async function openTestDb(): Promise<Db> {
  template ??= new Blob([new Uint8Array(await readFile(inject('pgliteTemplate')))]);
  return openPglite({ loadDataDir: template });
}
