/**
 * State-file persistence: load a snapshot at start, save it debounced (~200 ms) after mutations,
 * atomically (write a temp file, then rename) so a crash never leaves half a file behind. Used by
 * the demo so restarts keep the partner users a token service has mapped.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Snapshot } from './store.js';

const DEBOUNCE_MS = 200;

export interface Persistence {
  /** Ask for a save soon (debounced). */
  schedule(): void;
  /** Save now, waiting for any save in flight. */
  flush(): Promise<void>;
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record['version'] === 1 && ['tokens', 'users', 'bots', 'conversations', 'messages'].every((key) => Array.isArray(record[key]))
  );
}

/** Read a state file synchronously (startup only); null when it does not exist. */
export function loadSnapshot(file: string): Snapshot | null {
  if (!existsSync(file)) return null;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isSnapshot(parsed)) throw new Error(`cbk-emulator: ${file} is not an emulator state file`);
  return parsed;
}

export function createPersistence(file: string, snapshot: () => Snapshot): Persistence {
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(snapshot(), null, 2)}\n`, 'utf8');
    await rename(tmp, file);
  }

  function save(): Promise<void> {
    // Chain writes so two saves never race on the temp file.
    chain = chain.then(write, write);
    return chain;
  }

  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        save().catch((error: unknown) => console.error('cbk-emulator: saving state failed', error));
      }, DEBOUNCE_MS);
      // A pending save must not keep a test process alive; close()/flush() write it explicitly.
      timer.unref();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await save();
    },
  };
}
