/** Portal: who is signed in, signing in and out, passwords and passkeys (sign-in/sign-in-service.ts). */
import {
  EmailLinkAccepted,
  EmailLinkRequest,
  listOf,
  Me,
  Passkey,
  PasskeyOptions,
  PasskeyRegistrationRequest,
  PasskeySignInRequest,
  PasswordSignInRequest,
  SetPasswordRequest,
  SignInMethods,
} from '@tessera/protocol';
import type { Context, Hono } from 'hono';
import type { OpenedSession } from '../../../sign-in/sign-in-service.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { getCookie } from 'hono/cookie';
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie } from '../../middleware/portal.js';
import { answer, json } from '../../response.js';
import { BODY_ERRORS, mount, route } from '../../spec.js';

export const API = '/portal/api';
const TAG = 'Portal: sign-in';

export const getMe = route({
  id: 'getMe',
  method: 'get',
  path: `${API}/me`,
  tag: TAG,
  summary: 'Who is signed in: email, kind (operator or member) and memberships with roles',
  auth: 'portal',
  answers: { 200: { description: 'The signed-in person', schema: Me } },
  errors: [],
});

export const signInWithPassword = route({
  id: 'signInWithPassword',
  method: 'post',
  path: `${API}/session`,
  tag: TAG,
  summary: 'Sign in with email and password (sets the session cookie)',
  description: 'Throttled per account and per IP. A refusal never says whether the email exists.',
  auth: 'none',
  body: PasswordSignInRequest,
  answers: { 200: { description: 'Signed in', schema: Me } },
  errors: [...BODY_ERRORS, 'sign_in_failed', 'rate_limited'],
});

export const signOut = route({
  id: 'signOut',
  method: 'delete',
  path: `${API}/session`,
  tag: TAG,
  summary: 'Sign out (this session)',
  auth: 'portal',
  answers: { 204: { description: 'Signed out' } },
  errors: [],
});

export const signOutEverywhere = route({
  id: 'signOutEverywhere',
  method: 'delete',
  path: `${API}/sessions`,
  tag: TAG,
  summary: 'Sign out everywhere (every session of this person)',
  auth: 'portal',
  answers: { 204: { description: 'Every session ended' } },
  errors: [],
});

export const setPassword = route({
  id: 'setPassword',
  method: 'put',
  path: `${API}/me/password`,
  tag: TAG,
  summary: 'Set or change the password (the current one is needed to change it)',
  auth: 'portal',
  body: SetPasswordRequest,
  answers: { 204: { description: 'Password set' } },
  errors: [...BODY_ERRORS],
});

export const passkeyRegistrationOptions = route({
  id: 'passkeyRegistrationOptions',
  method: 'post',
  path: `${API}/passkeys/registration-options`,
  tag: TAG,
  summary: 'Start adding a passkey: WebAuthn creation options (for @simplewebauthn/browser startRegistration)',
  auth: 'portal',
  audit: false,
  answers: { 200: { description: 'Options and the challenge to answer', schema: PasskeyOptions } },
  errors: [],
});

export const registerPasskey = route({
  id: 'registerPasskey',
  method: 'post',
  path: `${API}/passkeys`,
  tag: TAG,
  summary: "Finish adding a passkey with the authenticator's response",
  auth: 'portal',
  body: PasskeyRegistrationRequest,
  answers: { 201: { description: 'The passkey', schema: Passkey } },
  errors: [...BODY_ERRORS, 'passkey_failed'],
});

export const listPasskeys = route({
  id: 'listPasskeys',
  method: 'get',
  path: `${API}/passkeys`,
  tag: TAG,
  summary: "The signed-in person's passkeys",
  auth: 'portal',
  answers: { 200: { description: 'Passkeys', schema: listOf(Passkey) } },
  errors: [],
});

export const removePasskey = route({
  id: 'removePasskey',
  method: 'delete',
  path: `${API}/passkeys/{passkeyId}`,
  tag: TAG,
  summary: 'Remove one of your passkeys',
  auth: 'portal',
  answers: { 204: { description: 'Removed' } },
  errors: ['not_found'],
});

export const passkeySignInOptions = route({
  id: 'passkeySignInOptions',
  method: 'post',
  path: `${API}/passkey-sign-in/options`,
  tag: TAG,
  summary: 'Start signing in with a passkey: WebAuthn request options (discoverable credentials)',
  auth: 'none',
  audit: false,
  answers: { 200: { description: 'Options and the challenge to answer', schema: PasskeyOptions } },
  errors: [],
});

export const signInWithPasskey = route({
  id: 'signInWithPasskey',
  method: 'post',
  path: `${API}/passkey-sign-in`,
  tag: TAG,
  summary: "Sign in with the authenticator's response (sets the session cookie)",
  auth: 'none',
  body: PasskeySignInRequest,
  answers: { 200: { description: 'Signed in', schema: Me } },
  errors: [...BODY_ERRORS, 'passkey_failed', 'rate_limited'],
});

export const signInMethods = route({
  id: 'signInMethods',
  method: 'get',
  path: `${API}/sign-in-methods`,
  tag: TAG,
  summary: 'How one can sign in here (an emailed link only where SMTP is set up)',
  auth: 'none',
  answers: { 200: { description: 'The methods', schema: SignInMethods } },
  errors: [],
});

export const emailSignInLink = route({
  id: 'emailSignInLink',
  method: 'post',
  path: `${API}/email-link`,
  tag: TAG,
  summary: 'Email a one-use sign-in link (15 minutes) to this address, if it belongs to an account',
  description: 'The answer is the same whether or not the email belongs to an account. Throttled per address and per IP.',
  auth: 'none',
  body: EmailLinkRequest,
  answers: { 202: { description: 'On its way, if the address has an account', schema: EmailLinkAccepted } },
  errors: [...BODY_ERRORS, 'rate_limited', 'not_found'],
});

/** The session cookie the browser already has (ended when it signs in again). */
export const current = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE);

/** Answer a new session: its cookie, and who is now signed in (also for the audit trail). */
export async function signedIn(c: Context<AppEnv>, deps: AppDeps, opened: OpenedSession): Promise<Response> {
  c.set('principal', opened.principal);
  const cookie = sessionCookie(opened.cookie, deps.config.portal.sessionMaxSeconds);
  return json(c, await deps.signIn.me(opened.principal), 200, { 'set-cookie': cookie, 'cache-control': 'no-store' });
}

export function portalSignInRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  const { signIn } = deps;
  const principal = (c: Context<AppEnv>) => c.get('principal')!;
  const none = (c: Context<AppEnv>, extra?: Record<string, string>) => answer(c, null, 204, extra);

  mount(app, getMe, async (c) => json(c, await signIn.me(principal(c)), 200, { 'cache-control': 'no-store' }));
  mount(app, signInWithPassword, async (c, { body }) =>
    signedIn(c, deps, await signIn.signInWithPassword(body.email, body.password, c.get('clientIp'), current(c))),
  );
  mount(app, signOut, async (c) => {
    await signIn.signOut(principal(c));
    return none(c, { 'set-cookie': clearedSessionCookie() });
  });
  mount(app, signOutEverywhere, async (c) => {
    await signIn.signOutEverywhere(principal(c));
    return none(c, { 'set-cookie': clearedSessionCookie() });
  });
  mount(app, setPassword, async (c, { body }) => {
    await signIn.setPassword(principal(c), body);
    return none(c);
  });
  mount(app, passkeyRegistrationOptions, async (c) => json(c, await signIn.passkeyRegistrationOptions(principal(c))));
  mount(app, registerPasskey, async (c, { body }) => json(c, await signIn.registerPasskey(principal(c), body), 201));
  mount(app, listPasskeys, async (c) => json(c, { items: await signIn.listPasskeys(principal(c)) }));
  mount(app, removePasskey, async (c) => {
    await signIn.removePasskey(principal(c), c.req.param('passkeyId') ?? '');
    return none(c);
  });
  mount(app, signInMethods, (c) => json(c, { password: true, passkey: true, emailLink: signIn.offersEmailLinks() }));
  mount(app, emailSignInLink, async (c, { body }) => {
    await signIn.emailLink(body.email, c.get('clientIp'));
    return json(c, { message: 'If this address belongs to an account, a sign-in link is on its way.' }, 202);
  });
  mount(app, passkeySignInOptions, async (c) => json(c, await signIn.passkeySignInOptions()));
  mount(app, signInWithPasskey, async (c, { body }) =>
    signedIn(c, deps, await signIn.signInWithPasskey(body, c.get('clientIp'))),
  );
}
