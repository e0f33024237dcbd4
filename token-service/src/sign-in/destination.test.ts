import { describe, expect, it } from 'vitest';
import { portalDestination } from './destination.js';

describe('portalDestination', () => {
  it.each([
    ['/portal/t/tn_1/widget?site=si_1', '/portal/t/tn_1/widget?site=si_1'],
    ['/portal/t/tn_1/conversations', '/portal/t/tn_1/conversations'],
    ['/portal/', '/portal/'],
    ['/portal/t/tn_1/./widget', '/portal/t/tn_1/widget'],
  ])('takes the portal page %s', (next, to) => {
    expect(portalDestination(next)).toBe(to);
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['another site', 'https://evil.example/portal/'],
    ['a protocol-relative URL', '//evil.example/portal/'],
    ['a climb to another host', '/portal/../..//evil.example/'],
    ['a script URL', 'javascript:alert(1)'],
    ['a relative path', 'portal/t/tn_1'],
    ['a path outside the portal', '/admin/v1/tenants'],
    ['the prefix without its slash', '/portalx/t'],
    ['a climb out of the portal', '/portal/../admin/v1/tenants'],
    ['an encoded climb', '/portal/%2e%2e/v1/sites'],
    ['a backslash', '/portal/\\evil.example'],
    ['a newline', '/portal/t\n/x'],
    ['a tab', '/portal/\t/evil.example'],
    ['the JSON API', '/portal/api/me'],
    ['another sign-in link', `/portal/links/${'x'.repeat(43)}`],
    ['an asset', '/portal/assets/app.js'],
    ['a brand file', '/portal/brand/logo'],
    ['a huge value', `/portal/${'a'.repeat(3000)}`],
  ])('ignores %s', (_, next) => {
    expect(portalDestination(next)).toBeNull();
  });
});
