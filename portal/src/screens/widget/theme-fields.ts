/**
 * The theme's fields of the widget form: colors (a text field and the browser's color picker),
 * corner radius, density, font, color scheme, position, launcher icon (a built-in one or an image)
 * and avatar. Empty means "the widget's default", shown as the placeholder or the first option.
 */
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import { css, html } from 'lit';
import { type FieldErrors, helpText, invalid } from '../../lib/forms.js';
import type { ThemeDraft, ThemeKey } from './draft.js';

/** The select's value for "the widget's default" (Shoelace's select reads '' as nothing chosen). */
export const DEFAULT = 'default';
export const LAUNCHER_ICONS = ['chat', 'sparkle', 'help', 'wave'] as const;
const IMAGE = 'image';

export interface ThemeFieldsOptions {
  theme: ThemeDraft;
  errors: FieldErrors;
  disabled: boolean;
  /** The launcher shows an image (its URL in the theme's launcherIcon), not a built-in icon. */
  launcherImage: boolean;
  set: (key: ThemeKey, value: string) => void;
  setLauncherImage: (on: boolean) => void;
}

const COLORS: { key: ThemeKey; label: string; fallback: string }[] = [
  { key: 'accentColor', label: 'Accent color', fallback: '#2563eb' },
  { key: 'backgroundColor', label: 'Background color', fallback: '#ffffff' },
  { key: 'textColor', label: 'Text color', fallback: '#1c1d21' },
];

const CHOICES: { key: ThemeKey; label: string; hint: string; options: [string, string][] }[] = [
  {
    key: 'density',
    label: 'Density',
    hint: 'Room around messages and controls.',
    options: [
      ['compact', 'Compact'],
      ['comfortable', 'Comfortable'],
      ['spacious', 'Spacious'],
    ],
  },
  {
    key: 'colorScheme',
    label: 'Color scheme',
    hint: 'Automatic follows the visitor’s light or dark setting.',
    options: [
      ['light', 'Light'],
      ['dark', 'Dark'],
      ['auto', 'Automatic'],
    ],
  },
  {
    key: 'position',
    label: 'Position',
    hint: 'The corner of the launcher and the chat panel.',
    options: [
      ['bottom-right', 'Bottom right'],
      ['bottom-left', 'Bottom left'],
    ],
  },
];
const DEFAULT_LABEL: Partial<Record<ThemeKey, string>> = {
  density: 'Default (comfortable)',
  colorScheme: 'Default (light)',
  position: 'Default (bottom right)',
};

const value = (e: Event) => (e.target as HTMLInputElement).value;
const HEX = /^#[0-9a-f]{6}$/i;

function colorField(o: ThemeFieldsOptions, c: (typeof COLORS)[number]) {
  const v = o.theme[c.key];
  const path = `theme.${c.key}`;
  // The browser's color picker sits inside the field (its suffix), level with the text.
  return html`<sl-input label=${c.label} .value=${v} placeholder="Default: ${c.fallback}" maxlength="7" clearable ?disabled=${o.disabled}
    class=${invalid(o.errors, path)} @sl-input=${(e: Event) => o.set(c.key, value(e))}
    ><input slot="suffix" type="color" aria-label="Pick the ${c.label.toLowerCase()}" .value=${HEX.test(v) ? v.toLowerCase() : c.fallback}
      ?disabled=${o.disabled} @input=${(e: Event) => o.set(c.key, value(e))} />${helpText(o.errors, path, 'Like #1a2b3c. Empty: the default.')}</sl-input
  >`;
}

function choiceField(o: ThemeFieldsOptions, c: (typeof CHOICES)[number]) {
  const path = `theme.${c.key}`;
  return html`<sl-select label=${c.label} .value=${o.theme[c.key] || DEFAULT} ?disabled=${o.disabled} class=${invalid(o.errors, path)}
    @sl-change=${(e: Event) => o.set(c.key, value(e) === DEFAULT ? '' : value(e))}>
    <sl-option value=${DEFAULT}>${DEFAULT_LABEL[c.key]}</sl-option>
    ${c.options.map(([v, label]) => html`<sl-option value=${v}>${label}</sl-option>`)}
    ${helpText(o.errors, path, c.hint)}
  </sl-select>`;
}

function launcherField(o: ThemeFieldsOptions) {
  const icon = o.theme.launcherIcon;
  const selected = o.launcherImage ? IMAGE : icon || DEFAULT;
  return html`<sl-select label="Launcher icon" .value=${selected} ?disabled=${o.disabled} class=${invalid(o.errors, 'theme.launcherIcon')}
      @sl-change=${(e: Event) => {
        const v = value(e);
        o.setLauncherImage(v === IMAGE);
        if (v !== IMAGE) o.set('launcherIcon', v === DEFAULT ? '' : v);
        else if ((LAUNCHER_ICONS as readonly string[]).includes(icon)) o.set('launcherIcon', '');
      }}>
      <sl-option value=${DEFAULT}>Default (chat bubble)</sl-option>
      <sl-option value="chat">Chat bubble</sl-option>
      <sl-option value="sparkle">Sparkle</sl-option>
      <sl-option value="help">Question mark</sl-option>
      <sl-option value="wave">Waving hand</sl-option>
      <sl-option value=${IMAGE}>An image (your logo)</sl-option>
      ${o.launcherImage ? '' : helpText(o.errors, 'theme.launcherIcon', 'The button that opens the chat.')}
    </sl-select>
    ${
      o.launcherImage
        ? html`<sl-input label="Launcher image URL" type="url" inputmode="url" placeholder="https://www.example.com/logo.png" .value=${icon}
            ?disabled=${o.disabled} class=${invalid(o.errors, 'theme.launcherIcon')} @sl-input=${(e: Event) => o.set('launcherIcon', value(e))}
            >${helpText(o.errors, 'theme.launcherIcon', 'An https address, or a data:image URL.')}</sl-input>`
        : ''
    }`;
}

export function themeFields(o: ThemeFieldsOptions) {
  const t = o.theme;
  const choice = (key: ThemeKey) => choiceField(o, CHOICES.find((c) => c.key === key)!);
  return html`<div class="theme-grid">
    ${COLORS.map((c) => colorField(o, c))} ${choice('colorScheme')}
    <sl-input label="Corner radius (px)" type="number" min="0" max="32" inputmode="numeric" placeholder="Default: 14" .value=${t.radius}
      ?disabled=${o.disabled} class=${invalid(o.errors, 'theme.radius')} @sl-input=${(e: Event) => o.set('radius', value(e))}
      >${helpText(o.errors, 'theme.radius', '0 to 32. Empty: the default.')}</sl-input>
    ${choice('density')} ${choice('position')}
    <div class="launcher">${launcherField(o)}</div>
    <sl-input label="Avatar URL" type="url" inputmode="url" .value=${t.avatarUrl} placeholder="https://www.example.com/avatar.png"
      ?disabled=${o.disabled} class=${invalid(o.errors, 'theme.avatarUrl')} @sl-input=${(e: Event) => o.set('avatarUrl', value(e))}
      >${helpText(o.errors, 'theme.avatarUrl', 'The image in the chat header. Empty: none.')}</sl-input>
    <sl-input label="Font" .value=${t.fontFamily} placeholder="Default: the system font" ?disabled=${o.disabled}
      class="wide ${invalid(o.errors, 'theme.fontFamily')}" @sl-input=${(e: Event) => o.set('fontFamily', value(e))}
      >${helpText(o.errors, 'theme.fontFamily', 'A CSS font list, e.g. Georgia, serif. The font must be on the visitor’s device or loaded by your page.')}</sl-input>
  </div>`;
}

export const themeFieldStyles = css`
  .theme-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    gap: var(--sl-spacing-large) var(--sl-spacing-medium);
    align-items: start;
  }
  .theme-grid .wide {
    grid-column: 1 / -1;
  }
  .launcher {
    display: grid;
    gap: var(--sl-spacing-small);
  }
  input[type='color'] {
    inline-size: 1.75rem;
    block-size: 1.75rem;
    margin-inline-end: var(--sl-spacing-2x-small);
    padding: 0;
    border: 1px solid var(--sl-color-neutral-300);
    border-radius: var(--sl-border-radius-small);
    background: none;
    cursor: pointer;
  }
  input[type='color']:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  input[type='color']:focus-visible {
    outline: var(--sl-focus-ring);
  }
`;
