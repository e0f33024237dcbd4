/**
 * Contacts (server pages/api/v1/contact/*, lib/contact.create.ts, schemas/contactId.js): ensure by
 * fingerprint within the effective account, update/fetch/list, the fingerprint and email rules,
 * and conversations tied to a contact (create checks the contact, list filters by contactId).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApi, useApi } from './helpers.js';

interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  fingerprint: string | null;
  verifiedAt: number | null;
  meta: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
}

const FINGERPRINT = 'tessera:site_abc123:user-42';

describe('contacts', () => {
  const api = useApi();

  async function asChild(): Promise<Record<string, string>> {
    return { 'x-runas-user-id': await api().child() };
  }

  it('ensure finds the contact by fingerprint or creates a trusted one; update changes it', async () => {
    const as = await asChild();
    const first = await api().post<{ id: string }>(
      '/v1/contact/ensure',
      { fingerprint: FINGERPRINT, name: 'Ada', email: 'ada@example.com' },
      as,
    );
    expect(Object.keys(first)).toEqual(['id']);
    // Same fingerprint -> same contact; an existing contact keeps its fields (update changes them).
    const again = await api().post<{ id: string }>(
      '/api/v1/contact/ensure',
      { fingerprint: `  ${FINGERPRINT} `, name: 'Someone else' },
      as,
    );
    expect(again.id).toBe(first.id);
    const fetched = await api().get<Contact & { userId?: string }>(`/v1/contact/${first.id}/fetch`, as);
    expect(fetched).toMatchObject({ id: first.id, name: 'Ada', email: 'ada@example.com', fingerprint: FINGERPRINT });
    expect(typeof fetched.verifiedAt).toBe('number');
    expect(fetched).not.toHaveProperty('userId');

    await api().post(`/v1/contact/${first.id}/update`, { meta: { plan: 'pro' } }, as);
    const updated = await api().post<{ id: string }>(
      `/v1/contact/${first.id}/update`,
      { name: 'Ada L.', email: 'ada.l@example.com', meta: { seat: 3 } },
      as,
    );
    expect(updated).toEqual({ id: first.id });
    const after = await api().get<Contact>(`/v1/contact/${first.id}/fetch`, as);
    expect(after).toMatchObject({ name: 'Ada L.', email: 'ada.l@example.com', fingerprint: FINGERPRINT });
    // meta is merged, as the server's getMeta does.
    expect(after.meta).toEqual({ plan: 'pro', seat: 3 });

    const list = await api().get<{ items: Contact[]; cursor?: string }>('/v1/contact/list', as);
    expect(list.items.map((c) => c.id)).toEqual([first.id]);
    expect(list.cursor).toBe(first.id);
  });

  it('keeps contacts per account: same fingerprint elsewhere is another contact, and is not reachable', async () => {
    const a = await asChild();
    const b = await asChild();
    const mine = await api().post<{ id: string }>('/v1/contact/ensure', { fingerprint: FINGERPRINT }, a);
    const theirs = await api().post<{ id: string }>('/v1/contact/ensure', { fingerprint: FINGERPRINT }, b);
    expect(theirs.id).not.toBe(mine.id);

    const foreign = await api().call('GET', `/v1/contact/${mine.id}/fetch`, { headers: b });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ message: 'Not authorized', code: 'NOT_AUTHORIZED' });
    const foreignUpdate = await api().call('POST', `/v1/contact/${mine.id}/update`, { body: { name: 'x' }, headers: b });
    expect(foreignUpdate.status).toBe(403);
    const missing = await api().call('GET', '/v1/contact/cnope/fetch', { headers: a });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Contact not found', code: 'NOT_FOUND' });
    const listB = await api().get<{ items: Contact[] }>('/v1/contact/list', b);
    expect(listB.items.map((c) => c.id)).toEqual([theirs.id]);
  });

  it('refuses short fingerprints and malformed emails; derives an untrusted fingerprint without one', async () => {
    const as = await asChild();
    const short = await api().call('POST', '/v1/contact/ensure', { body: { fingerprint: 'short-one' }, headers: as });
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual({ message: 'Fingerprint is too short', code: 'BAD_REQUEST' });
    const email = await api().call('POST', '/v1/contact/ensure', {
      body: { fingerprint: FINGERPRINT, email: 'not an email' },
      headers: as,
    });
    expect(email.status).toBe(400);
    expect(await email.json()).toEqual({ message: '"email" must be a valid email', code: 'BAD_REQUEST' });
    const wrongType = await api().call('POST', '/v1/contact/ensure', { body: { name: 5 }, headers: as });
    expect(wrongType.status).toBe(400);

    // Untrusted: fingerprint = uuid v5 (server's UNTRUSTED_NAMESPACE) of the sorted fields joined with ';'.
    const guest = await api().post<{ id: string }>('/v1/contact/ensure', { name: 'Jane', email: 'jane@example.com' }, as);
    const same = await api().post<{ id: string }>('/v1/contact/ensure', { email: 'jane@example.com', name: 'Jane' }, as);
    expect(same.id).toBe(guest.id);
    const fetched = await api().get<Contact>(`/v1/contact/${guest.id}/fetch`, as);
    expect(fetched.fingerprint).toBe('4d97382f-07c4-5f11-a25d-dc4980352d32');
    expect(fetched.verifiedAt).toBeNull();
    // A trusted ensure never adopts that untrusted contact (the server throws: a 500).
    const mixed = await api().call('POST', '/v1/contact/ensure', { body: { fingerprint: fetched.fingerprint }, headers: as });
    expect(mixed.status).toBe(500);
  });

  it('create stores what it is given; a fingerprint already in the account is a 409', async () => {
    const as = await asChild();
    const created = await api().post<{ id: string }>('/v1/contact/create', { name: 'Plain' }, as);
    expect((await api().get<Contact>(`/v1/contact/${created.id}/fetch`, as)).fingerprint).toBeNull();
    await api().post('/v1/contact/create', { fingerprint: FINGERPRINT }, as);
    const duplicate = await api().call('POST', '/v1/contact/create', { body: { fingerprint: FINGERPRINT }, headers: as });
    expect(duplicate.status).toBe(409);
    const deleted = await api().post<{ id: string }>(`/v1/contact/${created.id}/delete`, {}, as);
    expect(deleted).toEqual({ id: created.id });
    expect((await api().call('GET', `/v1/contact/${created.id}/fetch`, { headers: as })).status).toBe(404);
  });

  it('conversation/create takes a contactId of the account and conversation/list filters by it', async () => {
    const as = await asChild();
    const other = await asChild();
    const { id: contactId } = await api().post<{ id: string }>('/v1/contact/ensure', { fingerprint: FINGERPRINT }, as);
    const { id: secondContact } = await api().post<{ id: string }>('/v1/contact/ensure', { fingerprint: `${FINGERPRINT}-2` }, as);
    const withContact = await api().post<{ id: string }>('/v1/conversation/create', { contactId }, as);
    const withSecond = await api().post<{ id: string }>('/v1/conversation/create', { contactId: secondContact }, as);
    const without = await api().post<{ id: string }>('/v1/conversation/create', {}, as);
    expect(await api().get(`/v1/conversation/${withContact.id}/fetch`, as)).toMatchObject({ contactId });
    expect(await api().get(`/v1/conversation/${without.id}/fetch`, as)).toMatchObject({ contactId: null });

    const filtered = await api().get<{ items: Array<{ id: string }> }>(`/v1/conversation/list?contactId=${contactId}`, as);
    expect(filtered.items.map((c) => c.id)).toEqual([withContact.id]);
    const both = await api().get<{ items: Array<{ id: string }> }>(
      `/v1/conversation/list?contactId=${contactId},${secondContact}&order=asc`,
      as,
    );
    expect(both.items.map((c) => c.id)).toEqual([withContact.id, withSecond.id]);

    const unknown = await api().call('POST', '/v1/conversation/create', { body: { contactId: 'cmissing' }, headers: as });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Contact not found', code: 'NOT_FOUND' });
    const foreign = await api().call('POST', '/v1/conversation/create', { body: { contactId }, headers: other });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ message: 'You are not authorized to use this contact', code: 'NOT_AUTHORIZED' });
    const badType = await api().call('POST', '/v1/conversation/create', { body: { contactId: 7 }, headers: as });
    expect(badType.status).toBe(400);
    // Nothing was created by the refused calls.
    const all = await api().get<{ items: unknown[] }>('/v1/conversation/list', as);
    expect(all.items).toHaveLength(3);
    expect((await api().get<{ items: unknown[] }>('/v1/conversation/list', other)).items).toHaveLength(0);
  });

  it('ensures a contact given as an object (contactId or contact) and can move a conversation to another', async () => {
    const as = await asChild();
    const viaContact = await api().post<{ id: string }>(
      '/v1/conversation/create',
      { contact: { fingerprint: FINGERPRINT, name: 'Ada' } },
      as,
    );
    const viaObject = await api().post<{ id: string }>(
      '/v1/conversation/create',
      { contactId: { fingerprint: FINGERPRINT } },
      as,
    );
    const first = await api().get<{ contactId: string }>(`/v1/conversation/${viaContact.id}/fetch`, as);
    const second = await api().get<{ contactId: string }>(`/v1/conversation/${viaObject.id}/fetch`, as);
    expect(first.contactId).toBeTruthy();
    expect(second.contactId).toBe(first.contactId);
    expect(await api().get(`/v1/contact/${first.contactId}/fetch`, as)).toMatchObject({ name: 'Ada' });
    const noFingerprint = await api().call('POST', '/v1/conversation/create', {
      body: { contactId: { name: 'x' } },
      headers: as,
    });
    expect(noFingerprint.status).toBe(400);

    const { id: other } = await api().post<{ id: string }>('/v1/contact/ensure', { fingerprint: `${FINGERPRINT}-b` }, as);
    await api().post(`/v1/conversation/${viaContact.id}/update`, { contactId: other }, as);
    expect(await api().get(`/v1/conversation/${viaContact.id}/fetch`, as)).toMatchObject({ contactId: other });
    // Deleting a contact leaves its conversations without one.
    await api().post(`/v1/contact/${other}/delete`, {}, as);
    expect(await api().get(`/v1/conversation/${viaContact.id}/fetch`, as)).toMatchObject({ contactId: null });
  });
});

describe('contacts in the state file', () => {
  it('survive a restart, and a partner user deleted takes its contacts along', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbk-contacts-'));
    try {
      const stateFile = join(dir, 'state.json');
      const first = await openApi({ stateFile });
      const child = await first.child();
      const as = { 'x-runas-user-id': child };
      const { id } = await first.post<{ id: string }>('/v1/contact/ensure', { fingerprint: FINGERPRINT, name: 'Ada' }, as);
      await first.running.close();

      const second = await openApi({ stateFile });
      try {
        expect(await second.get(`/v1/contact/${id}/fetch`, as)).toMatchObject({ id, name: 'Ada' });
        await second.post(`/v1/partner/user/${child}/delete`, {});
        expect(second.running.emulator.state.contacts.size).toBe(0);
      } finally {
        await second.running.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
