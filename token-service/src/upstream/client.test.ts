/**
 * The client's contact calls against the ChatBotKit emulator on loopback: ensure by fingerprint,
 * update of name/email, a conversation tied to the contact, and that a failure keeps nothing of
 * the upstream's error body.
 */
import { type RunningEmulator, startEmulator } from '@tessera/cbk-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient, UpstreamError } from './client.js';

let running: RunningEmulator;
let client: UpstreamClient;
let account: string;

const FINGERPRINT = 'tessera:site_0123456789:user-42';

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  client = new UpstreamClient({ apiUrl: running.url, token: running.emulator.partnerToken, firstByteTimeoutMs: 5_000 });
  account = (await client.createUser({ name: 'Tenant' })).id;
});

afterAll(async () => {
  await running.close();
});

const lastRequest = () => running.emulator.requests.at(-1);

describe('UpstreamClient contacts', () => {
  it('ensures a contact once per fingerprint, as the run-as account', async () => {
    const first = await client.ensureContact(account, { fingerprint: FINGERPRINT, name: 'Ada', email: 'ada@example.com' });
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/v1/contact/ensure',
      headers: { 'x-runas-user-id': account },
      body: { fingerprint: FINGERPRINT, name: 'Ada', email: 'ada@example.com' },
    });
    const again = await client.ensureContact(account, { fingerprint: FINGERPRINT, name: null, email: null });
    expect(again.id).toBe(first.id);
    // Unknown fields are left out of the body rather than sent as null.
    expect(lastRequest()?.body).toEqual({ fingerprint: FINGERPRINT });
    const stored = running.emulator.state.contacts.get(first.id);
    expect([stored?.userId, stored?.name, stored?.email]).toEqual([account, 'Ada', 'ada@example.com']);
  });

  it('updates the name and email of a contact', async () => {
    const { id } = await client.ensureContact(account, { fingerprint: `${FINGERPRINT}-u`, name: 'Old' });
    expect(await client.updateContact(account, id, { name: 'New Name', email: 'new@example.com' })).toEqual({ id });
    expect(lastRequest()).toMatchObject({
      path: `/v1/contact/${id}/update`,
      body: { name: 'New Name', email: 'new@example.com' },
    });
    const stored = running.emulator.state.contacts.get(id);
    expect([stored?.name, stored?.email]).toEqual(['New Name', 'new@example.com']);
  });

  it('creates a conversation for a contact, and without one when none is given', async () => {
    const { id: botId } = await client.createBot(account, { name: 'Tessa' });
    const { id: contactId } = await client.ensureContact(account, { fingerprint: `${FINGERPRINT}-c` });
    const withContact = await client.createConversation(account, botId, undefined, contactId);
    expect(lastRequest()?.body).toEqual({ botId, contactId });
    const plain = await client.createConversation(account, botId);
    expect(lastRequest()?.body).toEqual({ botId });
    expect(running.emulator.state.conversations.get(withContact.id)?.contactId).toBe(contactId);
    expect(running.emulator.state.conversations.get(plain.id)?.contactId).toBeNull();
  });

  it("fails as a rejected call for another account's contact, keeping only the code", async () => {
    const other = (await client.createUser({ name: 'Other tenant' })).id;
    const { id: contactId } = await client.ensureContact(other, { fingerprint: `${FINGERPRINT}-o` });
    const { id: botId } = await client.createBot(account, { name: 'Tessa' });
    const err = await client.createConversation(account, botId, undefined, contactId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect([(err as UpstreamError).failure, (err as UpstreamError).status, (err as UpstreamError).upstreamCode]).toEqual([
      'rejected',
      403,
      'NOT_AUTHORIZED',
    ]);
    expect((err as Error).message).not.toContain('contact');
    const missing = await client.updateContact(account, 'cmissing0000', { name: 'x' }).catch((e: unknown) => e);
    expect((missing as UpstreamError).failure).toBe('not_found');
  });

  it('never puts an id that is not a plain token into a path or body', async () => {
    const before = running.emulator.requests.length;
    // Refused before any request is made (segment() throws at once).
    expect(() => client.updateContact(account, '../bot/list', { name: 'x' })).toThrow(UpstreamError);
    expect(() => client.createConversation(account, 'b', undefined, 'a/b')).toThrow(UpstreamError);
    expect(running.emulator.requests.length).toBe(before);
  });
});
