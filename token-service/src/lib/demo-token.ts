/** The demo's admin token: generated once, kept (mode 0600) in the data directory, found by the CLI. */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEMO_TOKEN_FILE = 'demo-admin-token';

export async function persistentAdminToken(dataDir: string): Promise<string> {
  const file = join(dataDir, DEMO_TOKEN_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const token = `adm_${randomBytes(24).toString('base64url')}`;
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    return token;
  }
}
