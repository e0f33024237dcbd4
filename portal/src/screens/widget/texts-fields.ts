/**
 * The texts of the widget form: which language's texts are edited ("Default", the site's own, or
 * one of the languages added), the title, subtitle, greeting and starter prompts of that language,
 * and the dialogs to add a language (named by the browser, Intl.DisplayNames) or to remove one. In
 * another language an empty text is the default one, shown as the placeholder. The screen holds the
 * state; the service's errors sit beside their field (`translations.fr.greeting`).
 */
import '@shoelace-style/shoelace/dist/components/button/button.js';
import '@shoelace-style/shoelace/dist/components/dialog/dialog.js';
import '@shoelace-style/shoelace/dist/components/input/input.js';
import '@shoelace-style/shoelace/dist/components/option/option.js';
import '@shoelace-style/shoelace/dist/components/select/select.js';
import '@shoelace-style/shoelace/dist/components/textarea/textarea.js';
import { LIMITS } from '@tessera/protocol/limits';
import { css, html } from 'lit';
import { type FieldErrors, helpText, invalid } from '../../lib/forms.js';
import { type Draft, listOut, type TextsDraft } from './draft.js';
import { addableLanguages, languageName, languageShortName } from './languages.js';
import { listField } from './list-field.js';

/** The picker's value for the site's own texts (Shoelace's select reads '' as nothing chosen). */
export const DEFAULT_TEXTS = 'default';

export interface TextsFieldsOptions {
  draft: Draft;
  /** The language edited: a tag of draft.translations, or '' for the site's own texts. */
  editing: string;
  errors: FieldErrors;
  /** The person may not change anything (a viewer); they may still look at every language. */
  disabled: boolean;
  edit: (tag: string) => void;
  change: (texts: Partial<TextsDraft>) => void;
  askAdd: () => void;
  askRemove: () => void;
}

/** Where the service reports a text of the language edited: `greeting`, or `translations.fr.greeting`. */
export const textPath = (editing: string, field: keyof TextsDraft) => (editing ? `translations.${editing}.${field}` : field);

const value = (e: Event) => (e.target as HTMLInputElement).value;

export function textsFields(o: TextsFieldsOptions) {
  const { draft: d, editing, errors: e, disabled } = o;
  const t = editing ? d.translations[editing]! : d;
  const other = !!editing;
  const path = (field: keyof TextsDraft) => textPath(editing, field);
  const tags = Object.keys(d.translations);
  const full = tags.length >= LIMITS.translations;
  const defaultPrompts = listOut(d.starterPrompts).values;
  return html`<div class="language-bar">
      <sl-select label="Texts for" .value=${editing || DEFAULT_TEXTS} hoist
        @sl-change=${(ev: Event) => o.edit(value(ev) === DEFAULT_TEXTS ? '' : value(ev))}>
        <sl-option value=${DEFAULT_TEXTS}>Default (every other language)</sl-option>
        ${tags.map((tag) => html`<sl-option value=${tag}>${languageName(tag)}</sl-option>`)}
      </sl-select>
      ${
        disabled
          ? ''
          : html`<div class="language-buttons">
              <sl-button class="add-language" size="small" ?disabled=${full} @click=${o.askAdd}>Add a language</sl-button>
              ${
                other
                  ? html`<sl-button class="remove-language" size="small" variant="danger" outline @click=${o.askRemove}
                      >Remove ${languageShortName(editing)}</sl-button>`
                  : ''
              }
            </div>`
      }
    </div>
    <p class="language-hint">
      ${tags.length ? 'Visitors see the texts of their page’s or browser’s language (fr-CA takes fr), else the default ones.' : 'Add a language to greet its visitors in it.'}
      ${full && !disabled ? ` A site has at most ${LIMITS.translations} languages.` : ''}
    </p>
    <sl-input label="Title" .value=${t.title} maxlength=${LIMITS.title} ?disabled=${disabled} class=${invalid(e, path('title'))}
      placeholder=${other ? d.title : ''} @sl-input=${(ev: Event) => o.change({ title: value(ev) })}
      >${helpText(e, path('title'), other ? 'Empty: the default title.' : 'The chat’s header.')}</sl-input>
    <sl-input label="Subtitle" .value=${t.subtitle} maxlength=${LIMITS.subtitle} ?disabled=${disabled}
      class=${invalid(e, path('subtitle'))} placeholder=${other ? d.subtitle : ''}
      @sl-input=${(ev: Event) => o.change({ subtitle: value(ev) })}
      >${helpText(
        e,
        path('subtitle'),
        other ? 'Empty: the default subtitle.' : 'A line under the title, like “AI assistant · answers instantly”. Empty: none.',
      )}</sl-input>
    <sl-textarea label="Greeting" rows="2" resize="auto" .value=${t.greeting} maxlength=${LIMITS.greeting} ?disabled=${disabled}
      placeholder=${other ? d.greeting : ''} class=${invalid(e, path('greeting'))} @sl-input=${(ev: Event) => o.change({ greeting: value(ev) })}
      >${helpText(
        e,
        path('greeting'),
        other ? 'Empty: the default greeting.' : 'The first message a visitor sees. Empty: the widget’s own greeting.',
      )}</sl-textarea>
    ${listField({
      name: path('starterPrompts'),
      label: 'Starter prompts',
      hint: other
        ? `Empty: the default prompts${defaultPrompts.length ? ` (${defaultPrompts.join(', ')})` : ''}.`
        : `Questions a visitor can ask with one click, until their first message (up to ${LIMITS.starterPrompts}).`,
      itemLabel: (i) => `Prompt ${i + 1}`,
      rows: t.starterPrompts,
      errors: e,
      max: LIMITS.starterPrompts,
      disabled,
      reorder: true,
      addLabel: 'Add a prompt',
      onChange: (rows) => o.change({ starterPrompts: rows }),
    })}`;
}

export interface LanguageDialogsOptions {
  draft: Draft;
  editing: string;
  adding: boolean;
  removing: boolean;
  /** The language chosen in the add dialog, and the dialog's message when none is. */
  choice: string;
  choiceError: string;
  choose: (tag: string) => void;
  add: () => void;
  remove: () => void;
  /** A Cancel button. */
  cancel: () => void;
  /** A dialog has closed (by its buttons, Escape or the close button). */
  closed: () => void;
}

export function languageDialogs(o: LanguageDialogsOptions) {
  // Only the dialog's own event: the select inside it sends sl-after-hide too when its list closes.
  const hidden = (ev: Event) => ev.target === ev.currentTarget && o.closed();
  const name = o.editing ? languageShortName(o.editing) : '';
  return html`<sl-dialog label="Add a language" ?open=${o.adding} @sl-after-hide=${hidden}>
      <p>Give the title, subtitle, greeting and starter prompts in this language; the texts you leave empty stay the default ones.</p>
      <sl-select label="Language" placeholder="Choose a language" .value=${o.choice} hoist autofocus class=${o.choiceError ? 'invalid' : ''}
        @sl-change=${(ev: Event) => o.choose(value(ev))}>
        ${addableLanguages(Object.keys(o.draft.translations)).map(({ tag, name }) => html`<sl-option value=${tag}>${name}</sl-option>`)}
        ${o.choiceError ? html`<div slot="help-text" class="field-error">${o.choiceError}</div>` : ''}
      </sl-select>
      <sl-button slot="footer" @click=${o.cancel}>Cancel</sl-button>
      <sl-button slot="footer" variant="primary" @click=${o.add}>Add</sl-button>
    </sl-dialog>
    <sl-dialog label="Remove the ${name} texts?" ?open=${o.removing} @sl-after-hide=${hidden}>
      <p>The title, subtitle, greeting and starter prompts in ${name} go when you save; ${name} visitors then see the default texts.</p>
      <sl-button slot="footer" @click=${o.cancel}>Cancel</sl-button>
      <sl-button slot="footer" variant="danger" @click=${o.remove}>Remove</sl-button>
    </sl-dialog>`;
}

export const textsFieldStyles = css`
  .language-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--sl-spacing-small) var(--sl-spacing-medium);
  }
  .language-bar sl-select {
    flex: 1 1 16rem;
    min-inline-size: 0;
  }
  .language-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sl-spacing-x-small);
  }
  .language-hint {
    margin: calc(-1 * var(--sl-spacing-small)) 0 0;
    font-size: var(--sl-input-help-text-font-size-medium);
    color: var(--sl-input-help-text-color);
  }
`;
