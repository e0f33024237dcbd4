/** Admin: a site's identity keys, for signed-in visitors (identity/identity-service.ts). */
import {
  AddIdentityKeyRequest,
  CreateIdentitySecretRequest,
  IdentityKey,
  IdentityKeyList,
  IdentitySecret,
} from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { BODY_ERRORS, mount, route } from '../../spec.js';
import { answer, json } from '../../response.js';

const SITE = '/admin/v1/sites/{siteId}';
const NO_STORE = { 'cache-control': 'no-store' };

export const createIdentitySecret = route({
  id: 'createIdentitySecret',
  method: 'post',
  path: `${SITE}/identity-secret`,
  tag: 'Sites',
  summary: "A new secret for signing visitors' identity tokens (HS256); shown once",
  description:
    "The site's earlier secrets keep verifying for `graceSeconds` (default one day, at most seven), so the customer's servers can switch over. The HMAC key is the secret's text itself. A site has at most 10 identity keys.",
  auth: 'admin',
  body: CreateIdentitySecretRequest,
  bodyOptional: true,
  answers: { 201: { description: 'The secret (never shown again)', schema: IdentitySecret } },
  errors: [...BODY_ERRORS, 'not_found', 'conflict'],
});

export const addIdentityKey = route({
  id: 'addIdentityKey',
  method: 'post',
  path: `${SITE}/identity-keys`,
  tag: 'Sites',
  summary: "Register the customer's public key for identity tokens (EdDSA or ES256)",
  auth: 'admin',
  body: AddIdentityKeyRequest,
  answers: { 201: { description: 'The key', schema: IdentityKey } },
  errors: [...BODY_ERRORS, 'not_found', 'conflict'],
});

export const listIdentityKeys = route({
  id: 'listIdentityKeys',
  method: 'get',
  path: `${SITE}/identity-keys`,
  tag: 'Sites',
  summary: "The site's identity keys that verify now, oldest first (never a secret)",
  auth: 'admin',
  answers: { 200: { description: 'Keys', schema: IdentityKeyList } },
  errors: ['not_found'],
});

export const removeIdentityKey = route({
  id: 'removeIdentityKey',
  method: 'delete',
  path: `${SITE}/identity-keys/{kid}`,
  tag: 'Sites',
  summary: 'Stop accepting identity tokens signed with this key, at once',
  auth: 'admin',
  answers: { 204: { description: 'Removed' } },
  errors: ['not_found'],
});

export const SITE_IDENTITY_ROUTES = [createIdentitySecret, addIdentityKey, listIdentityKeys, removeIdentityKey];

export function siteIdentityRoutes(app: Hono<AppEnv>, { sites, identity }: AppDeps) {
  mount(app, createIdentitySecret, async (c, { body }) => {
    const site = await sites.get(c.req.param('siteId'));
    return json(c, await identity.createSecret(site, body.graceSeconds), 201, NO_STORE);
  });
  mount(app, addIdentityKey, async (c, { body }) =>
    json(c, await identity.addPublicKey(await sites.get(c.req.param('siteId')), body), 201),
  );
  mount(app, listIdentityKeys, async (c) => json(c, await identity.list(await sites.get(c.req.param('siteId')))));
  mount(app, removeIdentityKey, async (c) => {
    await identity.remove(await sites.get(c.req.param('siteId')), c.req.param('kid'));
    return answer(c, null, 204);
  });
}
