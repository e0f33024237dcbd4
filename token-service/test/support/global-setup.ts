/** Make the migrated PGlite template once per run, for every test file (support/stack.ts). */
import { makeTemplate } from '@tessera/testkit';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const template = await makeTemplate();
  project.provide('pgliteTemplate', template.file);
  return template.remove;
}
