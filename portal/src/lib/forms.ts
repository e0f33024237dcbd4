/**
 * Forms: the values of a <form> of Shoelace controls, and the help text under a field, which shows
 * the service's message for that field (an `invalid_request` issue's path) in place of the hint.
 */
import { html, nothing } from 'lit';
import { serialize } from '@shoelace-style/shoelace/dist/utilities/form.js';

export type FieldErrors = Record<string, string>;

/** The form's values by name (Shoelace controls take part through the formdata event). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(serialize(form))) out[k] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  return out;
}

/** `<div slot="help-text">`: the field's error when there is one, else the hint, else nothing. */
export function helpText(errors: FieldErrors, name: string, hint?: string) {
  const error = errors[name];
  if (error) return html`<div slot="help-text" class="field-error">${error}</div>`;
  return hint ? html`<div slot="help-text">${hint}</div>` : nothing;
}

/** The class marking a control whose value the service refused. */
export function invalid(errors: FieldErrors, name: string): string {
  return errors[name] ? 'invalid' : '';
}

/** Messages the form has no field for (shown above it), so no issue is ever dropped. */
export function otherErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => !shown.includes(path))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}
