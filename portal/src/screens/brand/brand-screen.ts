/**
 * <portal-brand-kit>: the partner's brand (product name, accent color, support link and address,
 * logos and favicon), with a live preview. Saving applies it to the whole portal at once.
 */
import '@shoelace-style/shoelace/dist/components/alert/alert.js';
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import type * as Wire from '@tessera/protocol/types';
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import type { BrandImageSlot } from '../../api/portal-api.js';
import { type FieldErrors, helpText, invalid, otherErrors } from '../../lib/forms.js';
import { shared } from '../../styles/shared.js';
import { ScreenElement } from '../screen.js';
import { applyPreviewAccent, brandPreview, contrastNote, previewStyles } from './brand-preview.js';

const SLOTS: { slot: BrandImageSlot; label: string; hint: string; dark?: boolean }[] = [
  {
    slot: 'logoLight',
    label: 'Logo for light backgrounds',
    hint: 'PNG, JPEG or WebP, up to 256 KB; about 2× its shown height of 32 px.',
  },
  {
    slot: 'logoDark',
    label: 'Logo for dark backgrounds',
    hint: 'Used when the visitor prefers a dark color scheme.',
    dark: true,
  },
  { slot: 'favicon', label: 'Favicon', hint: 'ICO or PNG (32 × 32 or larger), up to 256 KB.' },
];

interface Draft {
  productName: string;
  accentColor: string;
  supportUrl: string;
  supportEmail: string;
}

@customElement('portal-brand-kit')
export class BrandScreen extends ScreenElement {
  static override styles = [
    shared,
    previewStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: var(--sl-spacing-large);
        align-items: start;
      }
      .color {
        display: flex;
        gap: var(--sl-spacing-small);
        align-items: flex-end;
      }
      .color sl-input {
        flex: 1;
      }
      input[type='color'] {
        inline-size: 3rem;
        block-size: var(--sl-input-height-medium);
        padding: 2px;
        border: 1px solid var(--sl-input-border-color);
        border-radius: var(--sl-input-border-radius-medium);
        background: var(--sl-input-background-color);
        cursor: pointer;
      }
      input[type='color']:focus-visible {
        outline: var(--sl-focus-ring);
      }
      .slot {
        display: grid;
        grid-template-columns: 7rem 1fr;
        gap: var(--sl-spacing-medium);
        align-items: center;
        padding-block: var(--sl-spacing-medium);
        border-block-end: 1px solid var(--sl-color-neutral-200);
      }
      .slot:last-child {
        border-block-end: none;
      }
      .thumb {
        display: grid;
        place-items: center;
        block-size: 4rem;
        border-radius: var(--sl-border-radius-medium);
        border: 1px dashed var(--sl-color-neutral-300);
        background: var(--sl-color-neutral-0);
        font-size: var(--sl-font-size-x-small);
        color: var(--sl-color-neutral-600);
      }
      .thumb.dark {
        background: #1a1a1e;
        color: #d4d4d8;
      }
      .thumb img {
        max-inline-size: 90%;
        max-block-size: 3rem;
      }
      .slot-label {
        font-weight: var(--sl-font-weight-semibold);
        margin-block-end: var(--sl-spacing-3x-small);
      }
      .slot-hint {
        font-size: var(--sl-font-size-small);
        color: var(--sl-color-neutral-600);
        margin-block-end: var(--sl-spacing-x-small);
      }
      .slot .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sl-spacing-x-small);
      }
      input[type='file'] {
        display: none;
      }
    `,
  ];

  @state() private draft: Draft = { productName: '', accentColor: '#2563eb', supportUrl: '', supportEmail: '' };
  @state() private errors: FieldErrors = {};
  @state() private error = '';
  @state() private saving = false;
  @state() private saved = false;
  @state() private imageErrors: Partial<Record<BrandImageSlot, string>> = {};
  @state() private uploading: BrandImageSlot | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const b = this.ctx.brand;
    this.draft = {
      productName: b.productName,
      accentColor: b.accentColor,
      supportUrl: b.supportUrl ?? '',
      supportEmail: b.supportEmail ?? '',
    };
  }

  override updated(): void {
    applyPreviewAccent(this.renderRoot.querySelector('.preview'), this.draft.accentColor);
  }

  private set(key: keyof Draft, value: string): void {
    this.draft = { ...this.draft, [key]: value };
    this.saved = false;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    this.saving = true;
    this.errors = {};
    this.error = '';
    try {
      const brand = await this.ctx.api.updateBrand({
        productName: d.productName.trim(),
        accentColor: d.accentColor.trim(),
        supportUrl: d.supportUrl.trim() || null,
        supportEmail: d.supportEmail.trim() || null,
      });
      this.ctx.setBrand(brand);
      this.saved = true;
      this.ctx.announce('The brand is saved.');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_request') {
        this.errors = err.fieldErrors();
        this.error = 'Some fields need a change.';
      } else this.error = (err as Error).message;
      this.ctx.announce(this.error);
    } finally {
      this.saving = false;
    }
  }

  private async upload(slot: BrandImageSlot, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.uploading = slot;
    this.imageErrors = { ...this.imageErrors, [slot]: '' };
    try {
      this.ctx.setBrand(await this.ctx.api.uploadBrandImage(slot, file));
      this.ctx.announce(`${SLOTS.find((s) => s.slot === slot)?.label} uploaded.`);
    } catch (err) {
      const message =
        err instanceof ApiError && err.code === 'invalid_image' ? `${file.name}: ${err.message}` : (err as Error).message;
      this.imageErrors = { ...this.imageErrors, [slot]: message };
      this.ctx.announce(message);
    } finally {
      this.uploading = null;
    }
  }

  private async removeImage(slot: BrandImageSlot): Promise<void> {
    try {
      this.ctx.setBrand(await this.ctx.api.removeBrandImage(slot));
      this.ctx.announce(`${SLOTS.find((s) => s.slot === slot)?.label} removed.`);
    } catch (err) {
      this.imageErrors = { ...this.imageErrors, [slot]: (err as Error).message };
    }
  }

  private imageSlot(images: Wire.Brand['images'], s: (typeof SLOTS)[number]) {
    const src = images[s.slot];
    const inputId = `file-${s.slot}`;
    const error = this.imageErrors[s.slot];
    return html`<div class="slot">
      <div class="thumb ${s.dark ? 'dark' : ''}">${src ? html`<img src=${src} alt="Current ${s.label.toLowerCase()}" />` : 'None'}</div>
      <div>
        <div class="slot-label" id="${inputId}-label">${s.label}</div>
        <div class="slot-hint">${s.hint}</div>
        ${error ? html`<div class="field-error" role="alert">${error}</div>` : ''}
        <div class="buttons">
          <input id=${inputId} type="file" accept="image/png,image/jpeg,image/webp,image/x-icon,image/vnd.microsoft.icon,.ico"
            @change=${(e: Event) => this.upload(s.slot, e)} aria-labelledby="${inputId}-label" />
          <sl-button size="small" ?loading=${this.uploading === s.slot}
            @click=${() => this.renderRoot.querySelector<HTMLInputElement>(`#${inputId}`)?.click()}
            >${src ? 'Replace' : 'Upload'}<span class="visually-hidden"> ${s.label.toLowerCase()}</span></sl-button>
          ${
            src
              ? html`<sl-button size="small" variant="text" @click=${() => this.removeImage(s.slot)}
                  >Remove<span class="visually-hidden"> ${s.label.toLowerCase()}</span></sl-button>`
              : ''
          }
        </div>
      </div>
    </div>`;
  }

  override render() {
    const d = this.draft;
    const e = this.errors;
    const images = this.ctx.brand.images;
    const others = otherErrors(e, ['productName', 'accentColor', 'supportUrl', 'supportEmail']);
    return html`<div class="page-header"><h1 tabindex="-1">Brand kit</h1></div>
      <div class="layout">
        <div>
          <form class="form card" @submit=${this.save} novalidate>
            <h2>Name, color and support</h2>
            ${this.error ? html`<sl-alert variant="danger" open>${this.error}${others.map((m) => html`<br />${m}`)}</sl-alert>` : ''}
            ${this.saved ? html`<sl-alert variant="success" open>Saved. The portal uses the new brand now.</sl-alert>` : ''}
            <sl-input label="Product name" required .value=${d.productName} class=${invalid(e, 'productName')}
              @sl-input=${(ev: Event) => this.set('productName', (ev.target as HTMLInputElement).value)}
              >${helpText(e, 'productName', 'Shown in the header, the page title and the sign-in page.')}</sl-input>
            <div>
              <div class="color">
                <sl-input label="Accent color" .value=${d.accentColor} class=${invalid(e, 'accentColor')} maxlength="7"
                  @sl-input=${(ev: Event) => this.set('accentColor', (ev.target as HTMLInputElement).value)}></sl-input>
                <input type="color" aria-label="Pick the accent color" .value=${/^#[0-9a-f]{6}$/i.test(d.accentColor) ? d.accentColor : '#2563eb'}
                  @input=${(ev: Event) => this.set('accentColor', (ev.target as HTMLInputElement).value)} />
              </div>
              ${e['accentColor'] ? html`<p class="field-error">${e['accentColor']}</p>` : contrastNote(d.accentColor)}
            </div>
            <sl-input label="Support page (optional)" type="url" inputmode="url" placeholder="https://help.example.com" .value=${d.supportUrl}
              class=${invalid(e, 'supportUrl')} @sl-input=${(ev: Event) => this.set('supportUrl', (ev.target as HTMLInputElement).value)}
              >${helpText(e, 'supportUrl', 'Linked in the footer of every page.')}</sl-input>
            <sl-input label="Support email (optional)" type="email" .value=${d.supportEmail} class=${invalid(e, 'supportEmail')}
              @sl-input=${(ev: Event) => this.set('supportEmail', (ev.target as HTMLInputElement).value)}
              >${helpText(e, 'supportEmail')}</sl-input>
            <div class="form-actions"><sl-button type="submit" variant="primary" ?loading=${this.saving}>Save brand</sl-button></div>
          </form>
          <section class="card" aria-labelledby="images-h">
            <h2 id="images-h">Logos and favicon</h2>
            ${SLOTS.map((s) => this.imageSlot(images, s))}
          </section>
        </div>
        <section class="card" aria-labelledby="preview-h">
          <h2 id="preview-h">Preview</h2>
          ${brandPreview(d, images)}
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'portal-brand-kit': BrandScreen;
  }
}
