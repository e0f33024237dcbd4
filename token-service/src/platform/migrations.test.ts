/** Migrations on real PGlite: applied once and recorded; a failing set rolls back as a whole. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openTestDb } from './test-db.js';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

describe('migrations', () => {
  it('are applied once and recorded', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('roll back as a whole when one fails', async () => {
    const bad = [
      ...MIGRATIONS,
      { version: 999, name: 'broken', sql: 'CREATE TABLE t999 (a int); SELECT nonsense FROM nowhere;' },
    ];
    await expect(migrate(db, bad)).rejects.toThrow();
    expect(await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 't999'")).toEqual([]);
  });
});
