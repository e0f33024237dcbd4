/** The conformance check the route tests rely on: it must refuse what the specs do not document. */
import { describe, expect, it } from 'vitest';
import { type Answer, conforms, parseSse, specOf } from './client.js';
import { IDS } from './fakes.js';

const answer = (status: number, body: unknown, type = 'application/json'): Answer => ({
  status,
  headers: new Headers({ 'content-type': type }),
  body,
  text: JSON.stringify(body),
  events: [],
  comments: [],
});
const envelope = (code: string) => ({ error: { code, message: 'm' } });
const TENANT = `/admin/v1/tenants/${IDS.tenant}`;

describe('conforms', () => {
  it('finds the spec by method and path pattern', () => {
    expect(specOf('GET', `${TENANT}?x=1`)?.id).toBe('getTenant');
    expect(specOf('POST', `${TENANT}/sites`)?.id).toBe('createSite');
    expect(specOf('PUT', TENANT)).toBeUndefined();
  });

  it('accepts a documented success and a documented error', () => {
    expect(() => conforms('GET', TENANT, answer(404, envelope('tenant_not_found')))).not.toThrow();
  });

  it('refuses a success body the schema refuses', () => {
    expect(() => conforms('GET', TENANT, answer(200, { id: 'x' }))).toThrow();
  });

  it('refuses an error code the route does not document', () => {
    expect(() => conforms('GET', TENANT, answer(404, envelope('bot_not_found')))).toThrow(/not documented/);
  });

  it("refuses a status that is not the code's", () => {
    expect(() => conforms('GET', TENANT, answer(400, envelope('tenant_not_found')))).toThrow(/another status/);
  });

  it('refuses an error that is not the envelope, also on paths without a spec', () => {
    expect(() => conforms('GET', '/nope', answer(404, { message: 'Not Found' }))).toThrow(/envelope/);
  });

  it('refuses a success status the route does not document', () => {
    expect(() => conforms('GET', TENANT, answer(201, { id: IDS.tenant }))).toThrow();
  });

  it('checks the data of each event of an answer stream', () => {
    const path = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}/messages`;
    const stream = {
      ...answer(200, undefined, 'text/event-stream'),
      ...parseSse('event: token\ndata: {"token":"a","extra":1}\n\n'),
    };
    expect(() => conforms('POST', path, stream)).toThrow(/event token/);
  });
});

describe('parseSse', () => {
  it('reads events and comments, and refuses anything else', () => {
    expect(parseSse(': ping\n\nevent: token\ndata: {"token":"a"}\n\n')).toEqual({
      events: [{ event: 'token', data: { token: 'a' } }],
      comments: [': ping'],
    });
    expect(() => parseSse('garbage\n\n')).toThrow();
  });
});
