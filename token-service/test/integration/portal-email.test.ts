/**
 * Emailed sign-in links through a real SMTP server started here (smtp-server), never a mock: the
 * message that arrives carries the partner's brand and a link that signs in once.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from '../support/stack.js';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

let stack: Stack;
let smtp: SMTPServer;
const inbox: Mail[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  stack = await Stack.start({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'portal@partner.example' } });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function until<T>(check: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The link in a message's text part (quoted-printable soft breaks undone). */
const linkIn = (raw: string) => /https?:\/\/\S+\/portal\/links\/[\w-]{43}/.exec(raw.replace(/=\r?\n/g, ''))?.[0];

describe('emailed sign-in links', () => {
  it('the sign-in page is told email links are offered', async () => {
    expect((await stack.fetch('/portal/api/sign-in-methods')).json).toEqual({ password: true, passkey: true, emailLink: true });
  });

  it('sends a branded one-use link to an account, and the same answer (and no mail) for an unknown address', async () => {
    const person = stack.person();
    await stack.admin('PUT', '/brand', { productName: 'Partner Chat' });
    await stack.admin('POST', '/operators', { email: 'mail-op@partner.example' });

    const known = await person.call('POST', 'email-link', { email: 'Mail-Op@partner.example' });
    const unknown = await person.call('POST', 'email-link', { email: 'nobody@partner.example' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.json).toEqual(unknown.json);

    const mail = await until(() => inbox.find((m) => m.to.includes('mail-op@partner.example')));
    expect(mail.from).toBe('portal@partner.example');
    expect(mail.raw).toMatch(/^Subject: Sign in to Partner Chat/m);
    expect(mail.raw).toMatch(/^From: Partner Chat <portal@partner\.example>/m);
    const url = linkIn(mail.raw)!;
    expect(url).toBeDefined();
    stack.portalSecrets.push(url.split('/').pop()!);

    const { used } = await person.useLink(url);
    expect(used.status).toBe(303);
    expect((await person.call('GET', 'me')).json.email).toBe('mail-op@partner.example');
    expect((await stack.person().useLink(url)).used.status).toBe(410);
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox.filter((m) => m.to.includes('nobody@partner.example'))).toEqual([]);
  });
});
