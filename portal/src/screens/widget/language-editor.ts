/**
 * Which language's texts the widget form edits, and the dialogs that add or remove a language, as a
 * Lit ReactiveController of the screen: the screen keeps the draft and its save; this keeps the
 * language picked (across a save, while it still has texts), sends text changes to that language,
 * and puts focus where the person expects it once a dialog has closed.
 */
import type * as Wire from '@tessera/protocol/types';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FieldErrors } from '../../lib/forms.js';
import { type Draft, emptyTexts, languageOf, type TextsDraft } from './draft.js';
import { languageShortName } from './languages.js';
import { languageDialogs, textsFields } from './texts-fields.js';

const TITLE = 'sl-input[label="Title"]';

export interface LanguageEditorHost extends ReactiveControllerHost {
  readonly renderRoot: ParentNode;
}

export interface LanguageEditorDeps {
  draft: () => Draft;
  change: (next: Partial<Draft>) => void;
  announce: (text: string) => void;
}

interface State {
  /** The language whose texts are edited: a tag of the draft's translations, or '' for the default texts. */
  editing: string;
  adding: boolean;
  removing: boolean;
  /** The language chosen in the add dialog, and the dialog's message when none is. */
  choice: string;
  choiceError: string;
  /** What gets focus once a dialog has closed: the new texts, or the button that opened it. */
  focusAfter: string;
}

export class LanguageEditor implements ReactiveController {
  private state: State = { editing: '', adding: false, removing: false, choice: '', choiceError: '', focusAfter: '' };

  constructor(
    private readonly host: LanguageEditorHost,
    private readonly deps: LanguageEditorDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get editing(): string {
    return this.state.editing;
  }

  private set(next: Partial<State>): void {
    this.state = { ...this.state, ...next };
    this.host.requestUpdate();
  }

  /** A site (re)loaded, saved or discarded: keep the language edited while the site still has texts in it. */
  keep(site: Wire.Site | null, sameSite: boolean): void {
    if (!site || !sameSite || !(this.editing in site.translations)) this.set({ editing: '' });
  }

  /**
   * A refused save: show the language the first issue about a language's texts is about, so its
   * field is there to fix; that language's name, for the message at the top.
   */
  showIssues(errors: FieldErrors, draft: Draft): string | null {
    const language = Object.keys(errors)
      .map(languageOf)
      .find((t) => t !== null && t in draft.translations);
    if (!language) return null;
    this.set({ editing: language });
    return languageShortName(language);
  }

  /** Change the texts of the language edited. */
  private changeTexts(texts: Partial<TextsDraft>): void {
    const d = this.deps.draft();
    if (!this.editing) return this.deps.change(texts);
    this.deps.change({ translations: { ...d.translations, [this.editing]: { ...d.translations[this.editing]!, ...texts } } });
  }

  private add(): void {
    const tag = this.state.choice;
    if (!tag) return this.set({ choiceError: 'Choose a language.' });
    this.deps.change({ translations: { ...this.deps.draft().translations, [tag]: emptyTexts() } });
    this.set({ editing: tag, adding: false, focusAfter: TITLE });
    this.deps.announce(`${languageShortName(tag)} added: type its texts, then save.`);
  }

  private remove(): void {
    const { [this.editing]: _, ...rest } = this.deps.draft().translations;
    const name = languageShortName(this.editing);
    this.deps.change({ translations: rest });
    this.set({ editing: '', removing: false, focusAfter: TITLE });
    this.deps.announce(`${name} removed. Save to remove it for visitors.`);
  }

  /** After Shoelace's own attempt to return focus (queued the same way), which misses inside a shadow root. */
  private closed(): void {
    const selector = this.state.focusAfter;
    this.set({ adding: false, removing: false, focusAfter: '' });
    setTimeout(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** The language picker and the texts of the language edited. */
  fields(draft: Draft, errors: FieldErrors, disabled: boolean) {
    return textsFields({
      draft,
      editing: this.editing,
      errors,
      disabled,
      edit: (tag) => this.set({ editing: tag }),
      change: (texts) => this.changeTexts(texts),
      askAdd: () => this.set({ choice: '', choiceError: '', focusAfter: '.add-language', adding: true }),
      askRemove: () => this.set({ focusAfter: '.remove-language', removing: true }),
    });
  }

  dialogs(draft: Draft) {
    return languageDialogs({
      draft,
      editing: this.editing,
      adding: this.state.adding,
      removing: this.state.removing,
      choice: this.state.choice,
      choiceError: this.state.choiceError,
      choose: (tag) => this.set({ choice: tag, choiceError: '' }),
      add: () => this.add(),
      remove: () => this.remove(),
      cancel: () => this.set({ adding: false, removing: false }),
      closed: () => this.closed(),
    });
  }
}
