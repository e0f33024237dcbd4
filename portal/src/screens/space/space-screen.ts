/**
 * The base of every screen of a customer's own space (`/t/{tenantId}/...`): who is looking (a
 * member and their role, or an operator, who may do everything), what they may change, and the
 * shared texts for "not a member", "read only" and a refused change. The server checks the same
 * rules on every call; these only keep controls out of the way of people who cannot use them.
 */
import type * as Wire from '@tessera/protocol/types';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiError } from '../../api/client.js';
import { ScreenElement } from '../screen.js';

export type SpaceRole = Wire.Role | 'operator';

export interface SpaceAccess {
  /** null: not a member of this customer (and not an operator). */
  role: SpaceRole | null;
  /** The customer's name as the membership knows it (operators: null, the screen loads it). */
  tenantName: string | null;
  /** Widget and bot settings, deleting conversations, allowing an origin. */
  canEdit: boolean;
  /** Inviting, changing and removing members. */
  canManageTeam: boolean;
  /** Identity secrets and keys (whoever holds a secret can sign in as any of the site's users). */
  canManageIdentity: boolean;
}

export function spaceAccess(me: Wire.Me | null, tenantId: string): SpaceAccess {
  if (me?.kind === 'operator')
    return { role: 'operator', tenantName: null, canEdit: true, canManageTeam: true, canManageIdentity: true };
  const membership = me?.memberships.find((m) => m.tenantId === tenantId);
  const role = membership?.role ?? null;
  return {
    role,
    tenantName: membership?.tenantName ?? null,
    canEdit: role === 'owner' || role === 'editor',
    canManageTeam: role === 'owner',
    canManageIdentity: role === 'owner',
  };
}

/** A failed call in words: a refusal by role says so plainly (the server enforces roles too). */
export function problem(err: unknown, action = 'This did not work'): string {
  if (err instanceof ApiError && err.code === 'forbidden')
    return `${action}: your role does not allow it (403 forbidden). Ask an owner of this customer.`;
  if (err instanceof ApiError && err.status === 404) return `${action}: it does not exist, or you cannot see it.`;
  return `${action}: ${(err as Error).message}`;
}

export class SpaceScreen extends ScreenElement {
  @property() tenantId = '';

  protected get access(): SpaceAccess {
    return spaceAccess(this.ctx.me, this.tenantId);
  }

  /** The page for someone who is not a member of this customer. */
  protected notMember(title: string) {
    return html`<div class="page-header"><h1 tabindex="-1">${title}</h1></div>
      <p>You are not a member of this customer. Ask the person who invited you for a new invitation.</p>`;
  }

  /** A short note above what the person may only read (why, and who can change it). */
  protected readOnlyNote(text: string) {
    return html`<p class="read-only-note" role="note">${text}</p>`;
  }
}
