/**
 * The partner's brand kit: product name, accent color, support link and email, and three images
 * (logo for light and for dark backgrounds, favicon). Applied to the sign-in pages, every portal
 * page and the emails. Images are checked from their bytes (file-type), not from the name or type a
 * browser sends: PNG, JPEG, WebP or ICO up to 256 KB. SVG is refused: it is a document that can
 * carry script and external references, and sanitising it well is a project of its own.
 */
import { createHash } from 'node:crypto';
import { BRAND_IMAGE_MAX, type Wire } from '@tessera/protocol';
import { fileTypeFromBuffer } from 'file-type';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import type { BrandImage, BrandSettings, BrandStore } from './store.js';

export const DEFAULT_BRAND: BrandSettings = {
  productName: 'Tessera',
  accentColor: '#2563eb',
  supportUrl: null,
  supportEmail: null,
};

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/x-icon', 'image/vnd.microsoft.icon']);
export type ImageSlot = keyof Wire.Brand['images'];

export interface BrandServiceDeps {
  store: BrandStore;
  clock: Clock;
}

export class BrandService {
  constructor(private readonly deps: BrandServiceDeps) {}

  async get(): Promise<Wire.Brand> {
    const [stored, digests] = await Promise.all([this.deps.store.get(), this.deps.store.imageDigests()]);
    const settings = { ...DEFAULT_BRAND, ...stored?.settings };
    const image = (slot: ImageSlot) => (digests[slot] ? `/portal/brand/${slot}?v=${digests[slot]!.slice(0, 12)}` : null);
    return {
      ...settings,
      images: { logoLight: image('logoLight'), logoDark: image('logoDark'), favicon: image('favicon') },
      updatedAt: stored?.updatedAt ?? 0,
    };
  }

  async productName(): Promise<string> {
    return (await this.deps.store.get())?.settings.productName ?? DEFAULT_BRAND.productName;
  }

  /** A merge: fields not named are kept; null clears the support link or email. */
  async update(patch: Partial<BrandSettings>): Promise<Wire.Brand> {
    const current = { ...DEFAULT_BRAND, ...(await this.deps.store.get())?.settings };
    const next: BrandSettings = {
      productName: patch.productName ?? current.productName,
      accentColor: patch.accentColor ?? current.accentColor,
      supportUrl: patch.supportUrl !== undefined ? patch.supportUrl : current.supportUrl,
      supportEmail: patch.supportEmail !== undefined ? patch.supportEmail : current.supportEmail,
    };
    await this.deps.store.put(next, this.deps.clock.now());
    return this.get();
  }

  async putImage(slot: ImageSlot, bytes: Uint8Array): Promise<Wire.Brand> {
    // Also bounded by the HTTP layer's read limit (payload_too_large): this is the service's own rule.
    if (bytes.byteLength === 0 || bytes.byteLength > BRAND_IMAGE_MAX) throw new ServiceError('invalid_image');
    const type = await fileTypeFromBuffer(bytes);
    if (!type || !IMAGE_TYPES.has(type.mime)) throw new ServiceError('invalid_image'); // check: brand-image-type
    const image: BrandImage = {
      slot,
      contentType: type.mime === 'image/vnd.microsoft.icon' ? 'image/x-icon' : type.mime,
      bytes,
      digest: createHash('sha256').update(bytes).digest('hex'),
      updatedAt: this.deps.clock.now(),
    };
    await this.deps.store.putImage(image);
    await this.touch();
    return this.get();
  }

  async removeImage(slot: ImageSlot): Promise<Wire.Brand> {
    await this.deps.store.removeImage(slot);
    await this.touch();
    return this.get();
  }

  async image(slot: string): Promise<BrandImage | null> {
    return this.deps.store.image(slot);
  }

  private async touch(): Promise<void> {
    const current = { ...DEFAULT_BRAND, ...(await this.deps.store.get())?.settings };
    await this.deps.store.put(current, this.deps.clock.now());
  }
}
