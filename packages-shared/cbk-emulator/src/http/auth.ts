/**
 * Credentials and run-as (doc §2). A bearer 'sk-...' secret names an account; the run-as headers
 * (x-runas-user-id, its older spelling x-runas-userid, then x-runas-child-user-email) switch the
 * effective account to a DIRECT child of the key's owner. Anything else - missing header, unknown
 * key, other token shapes (OAuth, JWT sessions are not emulated), or a run-as target that is not a
 * direct child - is 401 NOT_AUTHENTICATED, like the server's getSession.
 */
import { ApiError } from './errors.js';
import type { Store } from '../store/store.js';
import type { TokenRecord, UserRecord } from '../types.js';

export interface Session {
  token: TokenRecord;
  /** The account that owns the secret key. */
  owner: UserRecord;
  /** The effective account (the child when run-as is used). */
  user: UserRecord;
  runAs: boolean;
}

type HeaderReader = (name: string) => string | undefined;

const notAuthenticated = (): ApiError => new ApiError('NOT_AUTHENTICATED');

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export function resolveSession(store: Store, header: HeaderReader): Session {
  const secret = bearer(header('authorization'));
  if (!secret?.startsWith('sk-')) throw notAuthenticated();
  const token = store.tokens.get(secret);
  const owner = token ? store.users.get(token.userId) : undefined;
  if (!token || !owner) throw notAuthenticated();

  const runAsId = header('x-runas-user-id') || header('x-runas-userid');
  const runAsEmail = header('x-runas-child-user-email');
  if (!runAsId && !runAsEmail) return { token, owner, user: owner, runAs: false };

  // The id header wins when both are present (checked first by the server).
  const child = runAsId
    ? store.users.get(runAsId)
    : [...store.users.values()].find((user) => user.parentId === owner.id && user.email !== null && user.email === runAsEmail);
  if (!child || child.parentId !== owner.id) throw notAuthenticated();
  return { token, owner, user: child, runAs: true };
}
