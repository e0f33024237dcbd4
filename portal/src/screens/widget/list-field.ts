/**
 * An editable list of short texts (starter prompts, allowed origins): one input per item, each
 * with its own error beside it (the service's `allowedOrigins.1`), buttons to move an item up or
 * down and to remove it, and one to add an item. Focus follows the item that moved or the new row.
 */
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/icon-button/icon-button.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import { css, html } from 'lit';
import type { FieldErrors } from '../../lib/forms.js';

export interface ListFieldOptions {
  /** The field's path in the API (`allowedOrigins`): errors are read at `<name>.<row>` and `<name>`. */
  name: string;
  label: string;
  /** The label of one row, e.g. "Origin 2". */
  itemLabel: (i: number) => string;
  rows: readonly string[];
  errors: FieldErrors;
  max: number;
  /** Rows kept even when removing (an origin list needs one). */
  min?: number;
  disabled: boolean;
  addLabel: string;
  hint?: string;
  placeholder?: string;
  inputmode?: 'url' | 'text';
  reorder?: boolean;
  onChange: (rows: string[]) => void;
}

/** Focus the control `selector` of row `i` once the list has re-rendered. */
function focusRow(list: Element | null, i: number, selector: string) {
  requestAnimationFrame(() => {
    const rows = list?.querySelectorAll('.list-row');
    const row = rows?.[Math.min(i, rows.length - 1)];
    (row?.querySelector<HTMLElement>(selector) ?? row?.querySelector<HTMLElement>('sl-input'))?.focus();
  });
}

export function listField(o: ListFieldOptions) {
  const rows = o.rows;
  const listOf = (e: Event) => (e.currentTarget as Element).closest('.list-field');
  const move = (e: Event, i: number, by: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    o.onChange(next);
    focusRow(listOf(e), i + by, by < 0 ? '.up' : '.down');
  };
  const remove = (e: Event, i: number) => {
    o.onChange(rows.filter((_, j) => j !== i));
    focusRow(listOf(e), i, 'sl-input');
  };
  const add = (e: Event) => {
    o.onChange([...rows, '']);
    focusRow(listOf(e), rows.length, 'sl-input');
  };
  const whole = o.errors[o.name];
  const labelId = `${o.name}-label`;
  return html`<div class="list-field" role="group" aria-labelledby=${labelId}>
    <div class="list-label" id=${labelId}>${o.label}</div>
    ${o.hint ? html`<div class="list-hint">${o.hint}</div>` : ''}
    ${rows.map((value, i) => {
      const error = o.errors[`${o.name}.${i}`];
      const item = o.itemLabel(i);
      return html`<div class="list-row">
        <sl-input label=${item} .value=${value} placeholder=${o.placeholder ?? ''} inputmode=${o.inputmode ?? 'text'}
          ?disabled=${o.disabled} class=${error ? 'invalid' : ''}
          @sl-input=${(e: Event) => o.onChange(rows.map((r, j) => (j === i ? (e.target as HTMLInputElement).value : r)))}
          >${error ? html`<div slot="help-text" class="field-error">${error}</div>` : ''}</sl-input>
        <span class="list-buttons">
          ${
            o.reorder
              ? html`<sl-icon-button class="up" name="arrow-up" label="Move ${item.toLowerCase()} up" ?disabled=${o.disabled || i === 0}
                    @click=${(e: Event) => move(e, i, -1)}></sl-icon-button>
                  <sl-icon-button class="down" name="arrow-down" label="Move ${item.toLowerCase()} down"
                    ?disabled=${o.disabled || i === rows.length - 1} @click=${(e: Event) => move(e, i, 1)}></sl-icon-button>`
              : ''
          }
          <sl-icon-button name="x-lg" label="Remove ${item.toLowerCase()}" ?disabled=${o.disabled || rows.length <= (o.min ?? 0)}
            @click=${(e: Event) => remove(e, i)}></sl-icon-button>
        </span>
      </div>`;
    })}
    ${whole ? html`<p class="field-error">${whole}</p>` : ''}
    <sl-button size="small" ?disabled=${o.disabled || rows.length >= o.max} @click=${add}>${o.addLabel}</sl-button>
  </div>`;
}

export const listFieldStyles = css`
  .list-field {
    display: grid;
    gap: var(--sl-spacing-x-small);
    justify-items: start;
  }
  .list-label {
    font-size: var(--sl-input-label-font-size-medium);
  }
  .list-hint {
    font-size: var(--sl-input-help-text-font-size-medium);
    color: var(--sl-input-help-text-color);
  }
  .list-row {
    justify-self: stretch;
    display: flex;
    align-items: flex-start;
    gap: var(--sl-spacing-2x-small);
  }
  .list-row sl-input {
    flex: 1;
    min-inline-size: 0;
  }
  /* Rows are labelled for screen readers ("Origin 2"); on screen the list's own label says it. */
  .list-row sl-input::part(form-control-label) {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .list-buttons {
    display: flex;
    flex: none;
    font-size: 1.1rem;
    padding-block-start: 0.2rem;
  }
`;
