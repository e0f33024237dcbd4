/**
 * Signed-in visitors end to end, in Chromium against the real service: the site gets an identity
 * secret through the admin API, the test signs HS256 identity tokens with it as the site's backend
 * would (crypto.subtle HMAC), and the page signs its user in with the element's attribute or
 * identify(), and out with logout().
 */
import { expect } from '@esm-bundle/chai';
import type { TesseraChat } from '../src/index.js';
import {
  admin,
  createSite,
  forgetAll,
  mountReady,
  q,
  qa,
  type TestSite,
  typeAndSend,
  until,
  waitForAnswer,
} from './support/helpers.js';

const b64url = (bytes: Uint8Array | string): string =>
  btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

interface User {
  sub: string;
  name: string;
  email: string;
}

/** An identity secret for the site (admin API), and a signer of identity tokens with it. */
async function signerFor(site: TestSite): Promise<(user: User) => Promise<string>> {
  const res = await admin('POST', `/sites/${site.siteId}/identity-secret`, {});
  if (res.status !== 201 && res.status !== 200) throw new Error(`identity-secret: ${res.status}`);
  // The HMAC key is the secret's text itself (its UTF-8 bytes), as JWT libraries take it.
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(res.body.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (user) => {
    const iat = Math.floor(Date.now() / 1000);
    const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ ...user, aud: site.siteKey, iat, exp: iat + 300 }))}`;
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
    return `${input}.${b64url(signature)}`;
  };
}

const ALICE: User = { sub: 'user-alice-7f3a', name: 'Alice Liddell', email: 'alice@example.test' };
const BOB: User = { sub: 'user-bob-91c2', name: 'Bob Builder', email: 'bob@example.test' };
/** A user new to the site (no conversations yet). */
const CAROL: User = { sub: 'user-carol-5d0e', name: 'Carol Danvers', email: 'carol@example.test' };

/** The welcome screen's list of the visitor's other conversations, by their titles. */
const recent = (el: TesseraChat): string[] => qa(el, '[part~="recent-conversation"] .preview').map((e) => e.textContent ?? '');

/** Everything the page's storage holds, keys and values, as one text. */
function storageText(): string {
  const all: string[] = [];
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i)!;
      all.push(key, store.getItem(key) ?? '');
    }
  }
  return all.join('\n');
}

async function ask(el: TesseraChat, text: string, count = 1): Promise<void> {
  await typeAndSend(el, text);
  await waitForAnswer(el, count);
}

/** "New conversation", then the welcome screen with its list loaded. */
async function newConversation(el: TesseraChat): Promise<void> {
  q<HTMLButtonElement>(el, '[part~="new-conversation-button"]')!.click();
  await el.updateComplete;
}

describe('signed-in visitors', () => {
  let site: TestSite;
  let sign: (user: User) => Promise<string>;

  before(async () => {
    site = await createSite();
    sign = await signerFor(site);
  });
  beforeEach(() => forgetAll());
  afterEach(() => forgetAll());

  it('a signed-in user’s conversation is theirs: in the list after a new conversation, and on another device', async () => {
    const el = await mountReady(site, { mode: 'inline', 'identity-token': await sign(ALICE) });
    await until(() => el.session.record.identified, 'signed in');
    await ask(el, 'echo: where is my order?');
    await newConversation(el);
    await until(() => recent(el).length === 1, 'the conversation in the list');
    expect(recent(el)[0]).to.contain('where is my order?');

    // Another device: nothing stored, the same user.
    forgetAll();
    const other = await mountReady(site, { mode: 'inline', 'identity-token': await sign(ALICE) });
    await until(() => recent(other).length === 1, 'the conversation listed on the other device');
    expect(recent(other)[0]).to.contain('where is my order?');
    q<HTMLButtonElement>(other, '[part~="recent-conversation"]')!.click();
    await until(() => qa(other, '.msg.bot .md')[0]?.textContent === 'where is my order?', 'its history');
  });

  it('an anonymous conversation started before signing in becomes the user’s', async () => {
    const el = await mountReady(site, { mode: 'inline' });
    await ask(el, 'echo: asked before signing in');
    const anonymous = el.session.record.visitorId;
    el.identify(await sign(ALICE));
    await until(() => el.session.record.identified, 'signed in');
    expect(el.session.record.visitorId).to.not.equal(anonymous);
    // Still on screen, and the user's now: on another device too.
    expect(qa(el, '.msg.bot .md')[0]?.textContent).to.equal('asked before signing in');
    forgetAll();
    const other = await mountReady(site, { mode: 'inline', 'identity-token': await sign(ALICE) });
    await until(() => recent(other).some((t) => t.includes('asked before signing in')), 'adopted conversation listed');
  });

  it('logout leaves nothing of the user in storage, and the panel goes back to the welcome screen', async () => {
    const token = await sign(BOB);
    const el = await mountReady(site, { mode: 'inline', 'identity-token': token });
    await until(() => el.session.record.identified, 'signed in');
    await ask(el, 'echo: my secret question');
    const visitor = el.session.record.visitorId!;
    el.logout();
    await el.updateComplete;
    const stored = storageText();
    for (const [what, text] of Object.entries({ ...BOB, token, visitor, question: 'my secret question' })) {
      expect(stored.includes(text), `${what} left in storage`).to.equal(false);
    }
    expect(qa(el, '.msg').length, 'no message on screen').to.equal(0);
    expect(recent(el)).to.deep.equal([]);
    // The next question is a new anonymous visitor's.
    await ask(el, 'echo: anonymous now');
    expect(el.session.record.visitorId).to.not.equal(visitor);
    expect(el.session.record.identified).to.equal(undefined);
  });

  it('a different user sees none of the first user’s conversations', async () => {
    const el = await mountReady(site, { mode: 'inline', 'identity-token': await sign(ALICE) });
    await until(() => el.session.record.identified, 'signed in');
    await ask(el, 'echo: alice only');
    const alice = el.session.record.visitorId;
    // Carol signs in on the same browser (the page never called logout).
    el.identify(await sign(CAROL));
    await until(() => el.session.record.visitorId !== alice && el.session.record.identified, 'Carol signed in');
    await until(() => qa(el, '.msg').length === 0, 'Alice’s conversation off the screen');
    await new Promise((r) => setTimeout(r, 300));
    expect(recent(el)).to.deep.equal([]);
    expect(el.session.conversationId).to.equal(null);
    // Carol on another device: none of Alice's either.
    forgetAll();
    const other = await mountReady(site, { mode: 'inline', 'identity-token': await sign(CAROL) });
    await until(() => other.session.record.identified, 'Carol signed in there');
    await new Promise((r) => setTimeout(r, 300));
    expect(recent(other)).to.deep.equal([]);
  });

  it('a site that requires a signed-in user: no launcher (inline: a notice) until identify()', async () => {
    const required = await createSite({ site: { identityRequired: true } });
    const signer = await signerFor(required);
    const el = await mountReady(required);
    const launcher = q(el, '[part~="launcher"]')!;
    expect(el.session.status).to.equal('ready');
    expect(launcher.hidden, 'no launcher').to.equal(true);
    const inline = await mountReady(required, { mode: 'inline' });
    expect(q(inline, '[part~="notice"]')?.textContent).to.equal('Sign in to chat.');
    expect(q(inline, 'textarea'), 'no composer').to.equal(null);
    expect(localStorage.length, 'no session minted').to.equal(0);

    el.identify(await signer(ALICE));
    await el.updateComplete;
    expect(launcher.hidden, 'the launcher once signed in').to.equal(false);
    inline.identify(await signer(ALICE));
    await until(() => q(inline, 'textarea'), 'the composer once signed in');
    await until(() => el.session.record.identified, 'signed in');
    el.logout();
    await el.updateComplete;
    expect(launcher.hidden, 'no launcher once signed out').to.equal(true);
  });
});
