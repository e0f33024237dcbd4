/**
 * Partner user routes (doc §5): the key owner creates, lists, fetches, updates and deletes its
 * sub-accounts ("child users"), and can mint secret keys for them. alias and email are unique per
 * parent (409 CONFLICT "Unique constraint violation", as Prisma reports it).
 */
import { ApiError } from '../http/errors.js';
import { listResponse } from '../http/list-response.js';
import { validateBody } from '../http/validate.js';
import { newSecret } from '../ids.js';
import { emptyUser } from '../store/store.js';
import { OBJECT, STRING, assignFields, crudRoutes, findOwned, omit } from './shared.js';
import type { RouteContext, RouteDef } from '../http/router.js';
import type { Schema } from '../http/validate.js';
import type { JsonObject, TokenRecord, UserRecord } from '../types.js';

const USER_SCHEMA: Schema = {
  alias: STRING,
  name: STRING,
  description: STRING,
  meta: OBJECT,
  image: STRING,
  email: STRING,
  limits: OBJECT,
};

const TOKEN_SCHEMA: Schema = { name: STRING, description: STRING, meta: OBJECT, config: OBJECT };

function assertUnique(ctx: RouteContext, candidate: UserRecord): void {
  for (const other of ctx.core.store.childrenOf(candidate.parentId ?? '')) {
    if (other.id === candidate.id) continue;
    const sameAlias = candidate.alias !== null && other.alias === candidate.alias;
    const sameEmail = candidate.email !== null && other.email === candidate.email;
    if (sameAlias || sameEmail) throw new ApiError('CONFLICT', 'Unique constraint violation');
  }
}

const userJson = (user: UserRecord): object => omit(user, 'parentId');

const tokenJson = (token: TokenRecord): object => ({
  id: token.id,
  createdAt: token.createdAt,
  updatedAt: token.updatedAt,
  name: token.name,
  description: token.description,
  meta: token.meta,
});

const userRoutes = crudRoutes<UserRecord>({
  base: '/partner/user',
  param: 'userId',
  label: 'User',
  access: 'partner',
  schema: USER_SCHEMA,
  collection: (ctx) => ctx.core.store.users,
  ownerOf: (user) => user.parentId,
  create(ctx, body) {
    const { store } = ctx.core;
    const user = assignFields(emptyUser(store.newId(), ctx.session.user.id, store.now()), body, USER_SCHEMA);
    assertUnique(ctx, user);
    store.users.set(user.id, user);
    store.changed();
    return { id: user.id };
  },
  update(ctx, user, body) {
    const updated = assignFields({ ...user }, body, USER_SCHEMA);
    assertUnique(ctx, updated);
    Object.assign(user, updated, { updatedAt: ctx.core.now() });
    ctx.core.store.changed();
  },
  remove: (ctx, user) => ctx.core.store.deleteUser(user.id),
  toJson: userJson,
});

function ownedChild(ctx: RouteContext): UserRecord {
  return findOwned(ctx.core.store.users, ctx.params['userId'] ?? '', (u) => u.parentId, ctx.session.user.id, 'User');
}

function ownedToken(ctx: RouteContext, user: UserRecord): TokenRecord {
  const id = ctx.params['tokenId'] ?? '';
  const token = [...ctx.core.store.tokens.values()].find((t) => t.id === id && !t.partner);
  if (!token) throw new ApiError('NOT_FOUND', 'Token not found');
  if (token.userId !== user.id) throw new ApiError('NOT_AUTHORIZED');
  return token;
}

const tokenRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/partner/user/:userId/token/create',
    access: 'partner',
    handle(ctx) {
      const body = validateBody(ctx.body, TOKEN_SCHEMA);
      const user = ownedChild(ctx);
      const { store } = ctx.core;
      const at = store.now();
      const token: TokenRecord = {
        id: store.newId(),
        secret: newSecret('sk-'),
        userId: user.id,
        partner: false,
        createdAt: at,
        updatedAt: at,
        name: null,
        description: null,
        meta: null,
        config: null,
      };
      assignFields(token, body, TOKEN_SCHEMA);
      store.tokens.set(token.secret, token);
      store.changed();
      return ctx.c.json({ id: token.id, token: token.secret, createdAt: token.createdAt });
    },
  },
  {
    method: 'GET',
    path: '/partner/user/:userId/token/list',
    access: 'partner',
    stream: 'list',
    handle(ctx) {
      const user = ownedChild(ctx);
      const tokens = [...ctx.core.store.tokens.values()].filter((t) => t.userId === user.id && !t.partner);
      return listResponse(ctx, tokens, 'desc', tokenJson);
    },
  },
  {
    method: 'POST',
    path: '/partner/user/:userId/token/:tokenId/update',
    access: 'partner',
    handle(ctx) {
      const body: JsonObject = validateBody(ctx.body, TOKEN_SCHEMA);
      const token = ownedToken(ctx, ownedChild(ctx));
      assignFields(token, body, TOKEN_SCHEMA);
      token.updatedAt = ctx.core.now();
      ctx.core.store.changed();
      return ctx.c.json({ id: token.id });
    },
  },
  {
    method: 'POST',
    path: '/partner/user/:userId/token/:tokenId/delete',
    access: 'partner',
    handle(ctx) {
      validateBody(ctx.body, {});
      const token = ownedToken(ctx, ownedChild(ctx));
      ctx.core.store.tokens.delete(token.secret);
      ctx.core.store.changed();
      return ctx.c.json({ id: token.id });
    },
  },
];

export const partnerUserRoutes: RouteDef[] = [...userRoutes, ...tokenRoutes];
