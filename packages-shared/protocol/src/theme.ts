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

/** Every theme setting; each is optional in a theme. */
const themeFields = {
  accentColor: HexColor,
  backgroundColor: HexColor,
  textColor: HexColor,
  /** Corner radius of the panel and bubbles, in CSS pixels. */
  radius: z.number().int().min(0).max(32),
  density: z.enum(DENSITIES),
  fontFamily: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9 ,'"_.-]+$/, { message: 'must be a CSS font-family list (letters, digits, spaces, quotes, commas)' }),
  colorScheme: z.enum(COLOR_SCHEMES),
  position: z.enum(POSITIONS),
  /** A built-in icon name, or an image URL for a logo. */
  launcherIcon: z.union([z.enum(LAUNCHER_ICONS), ImageUrl]),
  avatarUrl: ImageUrl,
};

export const Theme = z.strictObject(themeFields).partial().meta({ id: 'Theme' });

/**
 * A change to a theme, as a JSON merge patch (RFC 7396): a setting not named is kept, `null`
 * removes it (the widget's default applies again).
 */
export const ThemePatch = z
  .strictObject(
    Object.fromEntries(Object.entries(themeFields).map(([k, v]) => [k, v.nullable().optional()])) as {
      [K in keyof typeof themeFields]: z.ZodOptional<z.ZodNullable<(typeof themeFields)[K]>>;
    },
  )
  .meta({ id: 'ThemePatch' });
