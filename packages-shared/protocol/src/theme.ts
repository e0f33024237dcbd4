/**
 * The per-tenant look of the widget. Every value ends up in CSS or in an <img src>, so each one is
 * validated by shape, never passed through as free text.
 */
import { z } from 'zod';

export const HexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a color like #1a2b3c' })
  .transform((v) => v.toLowerCase());

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An image the widget may show: https, http on loopback (development), or a small data: image. */
export const ImageUrl = z
  .string()
  .max(65_536)
  .refine(
    (v) => {
      if (v.startsWith('data:')) return DATA_IMAGE.test(v);
      if (v.length > 2048) return false;
      try {
        const u = new URL(v);
        if (u.username || u.password) return false;
        return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname));
      } catch {
        return false;
      }
    },
    { message: 'must be an https URL or a base64 data:image URL' },
  );

export const LAUNCHER_ICONS = ['chat', 'sparkle', 'help', 'wave'] as const;
export const DENSITIES = ['compact', 'comfortable', 'spacious'] as const;
export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
export const POSITIONS = ['bottom-right', 'bottom-left'] as const;

export const Theme = z.strictObject({
  accentColor: HexColor.optional(),
  backgroundColor: HexColor.optional(),
  textColor: HexColor.optional(),
  /** Corner radius of the panel and bubbles, in CSS pixels. */
  radius: z.number().int().min(0).max(32).optional(),
  density: z.enum(DENSITIES).optional(),
  fontFamily: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9 ,'"_.-]+$/, { message: 'must be a CSS font-family list (letters, digits, spaces, quotes, commas)' })
    .optional(),
  colorScheme: z.enum(COLOR_SCHEMES).optional(),
  position: z.enum(POSITIONS).optional(),
  /** A built-in icon name, or an image URL for a logo. */
  launcherIcon: z.union([z.enum(LAUNCHER_ICONS), ImageUrl]).optional(),
  avatarUrl: ImageUrl.optional(),
});
