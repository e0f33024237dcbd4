/**
 * A migrated PGlite database, dumped once, so each test file starts from a copy in ~1.5 s instead
 * of running initdb (~6 s) itself (toolchain.md: PGlite timings).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpPglite, migrate, openPglite } from '@tessera/token-service';

/** Make a migrated template; returns its file and a function that removes it. */
export async function makeTemplate(): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-template-'));
  const dataDir = join(dir, 'pgdata');
  const db = await openPglite({ dataDir });
  await migrate(db);
  await db.close();
  const dump = await dumpPglite(dataDir);
  const file = join(dir, 'template.tar');
  await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

let cached: { file: string; blob: Blob } | null = null;

/** The template at `file` as a Blob (read once per process). */
export async function loadTemplate(file: string): Promise<Blob> {
  if (cached?.file !== file) cached = { file, blob: new Blob([new Uint8Array(await readFile(file))]) };
  return cached.blob;
}
