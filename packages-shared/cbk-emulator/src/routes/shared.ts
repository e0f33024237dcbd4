/**
 * What the create/list/fetch/update/delete routes of users, bots and conversations have in common:
 * the ownership rule (absent -> 404 "<Thing> not found", someone else's -> 403 NOT_AUTHORIZED),
 * copying validated fields onto a record, and the shape of the five CRUD routes themselves.
 */
import { notAuthorized, notFound } from '../http/errors.js';
import { listResponse } from '../http/list-response.js';
import { validateBody } from '../http/validate.js';
import type { RouteContext, RouteDef } from '../http/router.js';
import type { Schema } from '../http/validate.js';
import type { Listable } from '../store/list.js';
import type { JsonObject } from '../types.js';

/** Look a record up and check it belongs to `ownerId`. */
export function findOwned<R>(
  collection: ReadonlyMap<string, R>,
  id: string,
  ownerOf: (record: R) => string | null,
  ownerId: string,
  label: string,
): R {
  const record = collection.get(id);
  if (!record) throw notFound(label);
  if (ownerOf(record) !== ownerId) throw notAuthorized();
  return record;
}

/** Copy the schema's fields that are present in the body onto the record. */
export function assignFields<R extends object>(record: R, body: JsonObject, schema: Schema): R {
  const target = record as Record<string, unknown>;
  for (const key of Object.keys(schema)) {
    const value = body[key];
    if (value !== undefined && key in target) target[key] = value;
  }
  return record;
}

export interface CrudSpec<R extends Listable> {
  /** Path below /v1 without the action, e.g. '/bot'. */
  base: string;
  /** Name of the id parameter, e.g. 'botId'. */
  param: string;
  /** Label used in "<label> not found". */
  label: string;
  access: RouteDef['access'];
  schema: Schema;
  collection(ctx: RouteContext): ReadonlyMap<string, R>;
  ownerOf(record: R): string | null;
  /** Build and store a new record from a validated body; returns the response body. */
  create(ctx: RouteContext, body: JsonObject): object;
  /** Apply a validated body to an owned record. */
  update(ctx: RouteContext, record: R, body: JsonObject): void;
  remove(ctx: RouteContext, record: R): void;
  toJson(record: R): object;
  /** Items shown by list, already scoped to the effective account. */
  listItems?(ctx: RouteContext, items: R[]): R[];
  /** Shape of list items when it differs from fetch. */
  toListJson?(record: R): object;
}

/** The five CRUD routes of one resource. */
export function crudRoutes<R extends Listable>(spec: CrudSpec<R>): RouteDef[] {
  const owned = (ctx: RouteContext): R =>
    findOwned(spec.collection(ctx), ctx.params[spec.param] ?? '', spec.ownerOf, ctx.session.user.id, spec.label);
  const { access } = spec;
  return [
    {
      method: 'POST',
      path: `${spec.base}/create`,
      access,
      handle: (ctx) => ctx.c.json(spec.create(ctx, validateBody(ctx.body, spec.schema))),
    },
    {
      method: 'GET',
      path: `${spec.base}/list`,
      access,
      stream: 'list',
      handle(ctx) {
        const mine = [...spec.collection(ctx).values()].filter((record) => spec.ownerOf(record) === ctx.session.user.id);
        const items = spec.listItems ? spec.listItems(ctx, mine) : mine;
        return listResponse(ctx, items, 'desc', spec.toListJson ?? spec.toJson);
      },
    },
    {
      method: 'GET',
      path: `${spec.base}/:${spec.param}/fetch`,
      access,
      handle: (ctx) => ctx.c.json(spec.toJson(owned(ctx))),
    },
    {
      method: 'POST',
      path: `${spec.base}/:${spec.param}/update`,
      access,
      handle(ctx) {
        const body = validateBody(ctx.body, spec.schema);
        const record = owned(ctx);
        spec.update(ctx, record, body);
        return ctx.c.json({ id: record.id });
      },
    },
    {
      method: 'POST',
      path: `${spec.base}/:${spec.param}/delete`,
      access,
      handle(ctx) {
        validateBody(ctx.body, {});
        const record = owned(ctx);
        spec.remove(ctx, record);
        return ctx.c.json({ id: record.id });
      },
    },
  ];
}

export const STRING = { kind: 'string', nullable: true } as const;
export const OBJECT = { kind: 'object', nullable: true } as const;
export const BOOLEAN = { kind: 'boolean', nullable: true } as const;
export const NUMBER = { kind: 'number', nullable: true } as const;

/** Drop the internal owner fields from a record for the wire. */
export function omit<R extends object, K extends keyof R>(record: R, ...keys: K[]): Omit<R, K> {
  const copy: Partial<R> = { ...record };
  for (const key of keys) delete copy[key];
  return copy as Omit<R, K>;
}
