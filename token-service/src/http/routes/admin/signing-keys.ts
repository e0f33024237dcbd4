/** Admin: the session signing keys (signing-keys/signing-key-service.ts). */
import { listOf, SigningKey } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { mount, route } from '../../spec.js';
import { json } from '../../response.js';

const KEYS = '/admin/v1/signing-keys';

export const listSigningKeys = route({
  id: 'listSigningKeys',
  method: 'get',
  path: KEYS,
  tag: 'Signing keys',
  summary: 'The session signing keys, newest first',
  auth: 'admin',
  answers: { 200: { description: 'Keys', schema: listOf(SigningKey) } },
  errors: [],
});

export const rotateSigningKeys = route({
  id: 'rotateSigningKeys',
  method: 'post',
  path: `${KEYS}/rotate`,
  tag: 'Signing keys',
  summary: 'Sign with a new key from now on; the previous one keeps verifying its tokens',
  auth: 'admin',
  answers: { 201: { description: 'The keys after the rotation', schema: listOf(SigningKey) } },
  errors: ['conflict'],
});

export function signingKeyRoutes(app: Hono<AppEnv>, { signingKeys }: AppDeps) {
  mount(app, listSigningKeys, (c) => json(c, { items: signingKeys.list() }));
  mount(app, rotateSigningKeys, async (c) => json(c, { items: await signingKeys.rotate() }, 201));
}
