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

  it('keep the audit log append-only: the store refuses to change or remove an entry', async () => {
    await db.query(
      `INSERT INTO audit_log (at, actor, action, target_type, details) VALUES (1, 'a@example.com', 'x.y', 'tenant', '{}')`,
    );
    await expect(db.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await db.query('SELECT actor FROM audit_log')).toEqual([{ actor: 'a@example.com' }]);
  });
});
