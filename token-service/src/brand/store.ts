/** The brand and brand_images tables: the partner's brand kit (one row) and its uploaded images. The SQL, and nothing else. */
import type { Queryable } from '../platform/db.js';

export interface BrandSettings {
  productName: string;
  accentColor: string;
  supportUrl: string | null;
  supportEmail: string | null;
}

export interface BrandImage {
  slot: string;
  contentType: string;
  bytes: Uint8Array;
  digest: string;
  updatedAt: number;
}

export function createBrandStore(db: Queryable) {
  return {
    async get(): Promise<{ settings: Partial<BrandSettings>; updatedAt: number } | null> {
      const [row] = await db.query<{ settings: Partial<BrandSettings>; updated_at: number }>(
        'SELECT settings, updated_at FROM brand WHERE id = 1',
      );
      return row ? { settings: row.settings, updatedAt: row.updated_at } : null;
    },

    async put(settings: BrandSettings, now: number): Promise<void> {
      await db.query(
        `INSERT INTO brand (id, settings, updated_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
        [JSON.stringify(settings), now],
      );
    },

    /** Each slot's digest (not the bytes). */
    async imageDigests(): Promise<Record<string, string>> {
      const rows = await db.query<{ slot: string; digest: string }>('SELECT slot, digest FROM brand_images');
      return Object.fromEntries(rows.map((r) => [r.slot, r.digest]));
    },

    async image(slot: string): Promise<BrandImage | null> {
      const [row] = await db.query<{ slot: string; content_type: string; bytes: Uint8Array; digest: string; updated_at: number }>(
        'SELECT * FROM brand_images WHERE slot = $1',
        [slot],
      );
      return row
        ? {
            slot: row.slot,
            contentType: row.content_type,
            bytes: new Uint8Array(row.bytes),
            digest: row.digest,
            updatedAt: row.updated_at,
          }
        : null;
    },

    async putImage(i: BrandImage): Promise<void> {
      await db.query(
        `INSERT INTO brand_images (slot, content_type, bytes, digest, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slot) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
           digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at`,
        [i.slot, i.contentType, i.bytes, i.digest, i.updatedAt],
      );
    },

    async removeImage(slot: string): Promise<void> {
      await db.query('DELETE FROM brand_images WHERE slot = $1', [slot]);
    },
  };
}

export type BrandStore = ReturnType<typeof createBrandStore>;
