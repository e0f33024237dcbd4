/** A conversation's outcome as a badge: answered, interrupted, error (or none yet); and "rated down" beside it. */
import '@shoelace-style/shoelace/dist/components/badge/badge.js';
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';

type Outcome = Wire.InboxItem['outcome'];

export const OUTCOMES: readonly { value: NonNullable<Outcome> | 'rated_down'; label: string }[] = [
  { value: 'answered', label: 'Answered' },
  { value: 'interrupted', label: 'Interrupted' },
  { value: 'error', label: 'Error' },
  { value: 'rated_down', label: 'Rated down' },
];

const VARIANT = { answered: 'success', interrupted: 'warning', error: 'danger' } as const;

export function outcomeBadge(outcome: Outcome, ratedDown = false) {
  const down = ratedDown ? html` <sl-badge variant="danger" pill>Rated down</sl-badge>` : '';
  if (!outcome) return html`<sl-badge variant="neutral">No answer yet</sl-badge>${down}`;
  return html`<sl-badge variant=${VARIANT[outcome]}>${OUTCOMES.find((o) => o.value === outcome)?.label ?? outcome}</sl-badge>${down}`;
}

/** A visitor's id, short enough for a table cell (the full id is in the title and the transcript). */
export function shortVisitor(visitorId: string): string {
  const tail = visitorId.replace(/^[a-z]+_/, '');
  return tail.length > 8 ? `${tail.slice(0, 8)}…` : tail;
}
