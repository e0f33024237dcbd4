/**
 * The demo's admin token: generated on the first run and kept (mode 0600) in the demo's data
 * directory, so the printed token, the partner's server and `pnpm tessera` (which reads the
 * file through TESSERA_ADMIN_TOKEN_FILE) agree across restarts.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomAdminToken } from '@tessera/testkit';

export const ADMIN_TOKEN_FILE = 'demo-admin-token';

export async function persistentAdminToken(dataDir: string): Promise<string> {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const kept = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    },
  );
  if (kept) return kept;
  const token = randomAdminToken();
  // 'w' rather than 'wx': an empty file left by an interrupted first run is replaced.
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // the mode above applies only to a file it creates
  return token;
}
