#!/usr/bin/env node
/**
 * `pnpm tessera …` in this repository: the service's CLI (token-service/src/cli), pointed at the
 * local demo's admin token when none is given. A bin rather than a package script: pnpm prints its
 * own "[ELIFECYCLE] Command failed" line after any failing script, and a CLI error must be one line
 * with the CLI's own exit code.
 */
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.TESSERA_ADMIN_TOKEN_FILE ??= fileURLToPath(new URL('../data/emulator/demo-admin-token', import.meta.url));
register();
const { main } = await import('@tessera/token-service/cli');
await main();
