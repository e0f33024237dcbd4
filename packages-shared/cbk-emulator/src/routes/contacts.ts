/**
 * Contact routes, scoped to the effective account (server `pages/api/v1/contact/*`,
 * `lib/contact.create.ts`, `schemas/contactFingerprint.js`, `schemas/contactId.js`; SDK
 * `packages/sdk/src/contact/v1.js`):
 *
 * - `contact/ensure` with a fingerprint finds the account's contact with that fingerprint or
 *   creates a trusted one (verifiedAt = now). The fields of an existing contact are left as they
 *   are: `contact/{id}/update` changes them. Without a fingerprint the contact is "untrusted" and
 *   its fingerprint is a UUIDv5 of its name/email/phone/nick. A trusted and an untrusted contact
 *   never stand in for each other (the server throws, which surfaces as a 500).
 * - A fingerprint is trimmed; shorter than 16 characters is a 400 "Fingerprint is too short".
 * - `contact/create` stores what it is given; a fingerprint already used in the account is a 409
 *   (the emulator's choice: it keeps ensure's lookup unambiguous).
 * - `contact/{id}/update` merges `meta` into the stored meta, as the server's getMeta does.
 */
import { createHash } from 'node:crypto';
import { ApiError, badRequest, notFound } from '../http/errors.js';
import { read, validateBody } from '../http/validate.js';
import { NUMBER, OBJECT, STRING, assignFields, crudRoutes, omit } from './shared.js';
import type { RouteContext, RouteDef } from '../http/router.js';
import type { Schema } from '../http/validate.js';
import type { Store } from '../store/store.js';
import type { ContactRecord, JsonObject } from '../types.js';

const CONTACT_SCHEMA: Schema = {
  name: STRING,
  description: STRING,
  fingerprint: STRING,
  email: STRING,
  phone: STRING,
  nick: STRING,
  preferences: STRING,
  verifiedAt: NUMBER,
  meta: OBJECT,
};

/** The fields a contact is ensured with (the server's ContactData; no verifiedAt). */
const CONTACT_DATA = ['name', 'description', 'email', 'phone', 'nick', 'preferences', 'meta'] as const;

/** The server's UNTRUSTED_NAMESPACE for fingerprints derived from a contact's fields. */
const UNTRUSTED_NAMESPACE = '83eac369-0401-4a2c-992f-dd9b914420af';

/** RFC 4122 UUID version 5 (SHA-1, namespace + name), as the `uuid` package's v5 computes it. */
function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** createContactFingerprint: the parts sorted (undefined last) and joined with ';'. */
function derivedFingerprint(data: JsonObject): string {
  const parts = [data['name'], data['email'], data['phone'], data['nick']].map((part) =>
    part === null || part === undefined ? undefined : String(part),
  );
  return uuidV5(parts.slice(0).sort().join(';'), UNTRUSTED_NAMESPACE).toLowerCase();
}

/** The fingerprint schema: trimmed, empty means none, fewer than 16 characters is refused. */
function readFingerprint(body: JsonObject): string | null | undefined {
  const value = read.string(body, 'fingerprint');
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length < 16) throw badRequest('Fingerprint is too short');
  return trimmed;
}

/** `email` is validated as an email address (Joi `.email({tlds: false})`). */
function checkEmail(body: JsonObject): void {
  const email = body['email'];
  if (typeof email === 'string' && !/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest('"email" must be a valid email');
}

function validateContact(body: unknown): JsonObject {
  const valid = validateBody(body, CONTACT_SCHEMA);
  checkEmail(valid);
  return valid;
}

function emptyContact(store: Store, userId: string): ContactRecord {
  const at = store.now();
  return {
    id: store.newId(),
    userId,
    createdAt: at,
    updatedAt: at,
    name: null,
    description: null,
    fingerprint: null,
    email: null,
    phone: null,
    nick: null,
    preferences: null,
    verifiedAt: null,
    meta: null,
  };
}

function byFingerprint(store: Store, userId: string, fingerprint: string): ContactRecord | undefined {
  for (const contact of store.contacts.values()) {
    if (contact.userId === userId && contact.fingerprint === fingerprint) return contact;
  }
  return undefined;
}

/** Keep only the ensure fields of a body (ensure never sets verifiedAt or the fingerprint itself). */
function contactData(body: JsonObject): JsonObject {
  const data: JsonObject = {};
  for (const key of CONTACT_DATA) {
    const value = body[key];
    if (value !== undefined) data[key] = value;
  }
  return data;
}

/**
 * ensureTrustedContact / ensureUntrustedContact: the account's contact with this fingerprint, or a
 * new one. Also used by conversation/create for a `contact` object or an object `contactId`.
 */
export function ensureContact(store: Store, userId: string, data: JsonObject, fingerprint: string | null): ContactRecord {
  const trusted = fingerprint !== null;
  const key = fingerprint ?? derivedFingerprint(data);
  const existing = byFingerprint(store, userId, key);
  if (existing) {
    // The server throws a plain Error here ("Contact is (not) verified"): a 500 on the wire.
    if ((existing.verifiedAt !== null) !== trusted) throw new ApiError('INTERNAL_SERVER_ERROR');
    return existing;
  }
  const contact = assignFields(emptyContact(store, userId), data, CONTACT_SCHEMA);
  contact.fingerprint = key;
  if (trusted) contact.verifiedAt = store.now();
  store.contacts.set(contact.id, contact);
  store.changed();
  return contact;
}

/**
 * The contactId rule of conversation create/update (schemas/contactId.js, access 'use'): a string
 * must name a contact of the account (404 "Contact not found"; another account's: 403); an object
 * is ensured as a trusted contact by its fingerprint. Returns the id to store (null clears it),
 * undefined when the body has no contactId.
 */
export function resolveContactId(ctx: RouteContext, value: unknown): string | null | undefined {
  const { store } = ctx.core;
  const userId = ctx.session.user.id;
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const body = value as JsonObject;
    const fingerprint = readFingerprint(body);
    if (!fingerprint) throw badRequest('Fingerprint is required when creating a contact');
    return ensureContact(store, userId, contactData(body), fingerprint).id;
  }
  if (value !== null && typeof value !== 'string') throw badRequest('"contactId" must be one of [string, object]');
  const id = value?.trim() ?? '';
  if (id === '') return null;
  const contact = store.contacts.get(id);
  if (!contact) throw notFound('Contact');
  if (contact.userId !== userId) throw new ApiError('NOT_AUTHORIZED', 'You are not authorized to use this contact');
  return contact.id;
}

function assertFingerprintFree(store: Store, contact: ContactRecord): void {
  if (contact.fingerprint === null) return;
  const other = byFingerprint(store, contact.userId, contact.fingerprint);
  if (other && other.id !== contact.id) throw new ApiError('CONFLICT', 'Unique constraint violation');
}

const contactJson = (contact: ContactRecord): object => omit(contact, 'userId');

const ensureRoute: RouteDef = {
  method: 'POST',
  path: '/contact/ensure',
  access: 'account',
  handle(ctx) {
    const body = validateContact(ctx.body);
    const fingerprint = readFingerprint(body) ?? null;
    const contact = ensureContact(ctx.core.store, ctx.session.user.id, contactData(body), fingerprint);
    return ctx.c.json({ id: contact.id });
  },
};

export const contactRoutes: RouteDef[] = [
  ensureRoute,
  ...crudRoutes<ContactRecord>({
    base: '/contact',
    param: 'contactId',
    label: 'Contact',
    access: 'account',
    schema: CONTACT_SCHEMA,
    collection: (ctx) => ctx.core.store.contacts,
    ownerOf: (contact) => contact.userId,
    create(ctx, body) {
      checkEmail(body);
      const { store } = ctx.core;
      const fingerprint = readFingerprint(body);
      const contact = assignFields(emptyContact(store, ctx.session.user.id), body, CONTACT_SCHEMA);
      contact.fingerprint = fingerprint ?? null;
      assertFingerprintFree(store, contact);
      store.contacts.set(contact.id, contact);
      store.changed();
      return { id: contact.id };
    },
    update(ctx, contact, body) {
      checkEmail(body);
      const fingerprint = readFingerprint(body);
      const meta = read.object(body, 'meta');
      const merged = meta ? { ...(contact.meta ?? {}), ...meta } : contact.meta;
      const next = assignFields({ ...contact }, body, CONTACT_SCHEMA);
      if (fingerprint !== undefined) next.fingerprint = fingerprint;
      next.meta = merged;
      assertFingerprintFree(ctx.core.store, next);
      Object.assign(contact, next, { updatedAt: ctx.core.now() });
      ctx.core.store.changed();
    },
    remove: (ctx, contact) => ctx.core.store.deleteContact(contact.id),
    toJson: contactJson,
  }),
];
