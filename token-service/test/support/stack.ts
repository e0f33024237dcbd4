/**
 * The integration tests' stack: the test kit's (emulator + service on loopback, everything
 * captured for the secret scan), started from the migrated PGlite template made once per run
 * (global-setup.ts).
 */
import { Stack as KitStack, loadTemplate, type StackOptions } from '@tessera/testkit';
import { inject } from 'vitest';

export { parseSse } from '@tessera/testkit';

export type Stack = KitStack;

export const Stack = {
  async start(opts: StackOptions = {}): Promise<KitStack> {
    return KitStack.start({ template: await loadTemplate(inject('pgliteTemplate')), ...opts });
  },
};
