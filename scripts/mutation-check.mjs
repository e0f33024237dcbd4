#!/usr/bin/env node
/**
 * Mutation check for the token service's security checks: proves that each check has a test that
 * fails when the check is removed (docs/security.md rule 10; results in docs/security-checks.md).
 *
 * For each mutation below: check that every `find` string occurs exactly once in its file (else
 * "stale mutation", a failure), apply the replacement(s), run the one covering test
 * (`pnpm exec vitest run <test.file> -t <test.name>` in token-service), and expect it to FAIL.
 * The original files are always written back (finally, process exit, SIGINT/SIGTERM/SIGHUP).
 *
 * A mutation is "caught" only if the test run exited non-zero AND at least one test matching the
 * name actually ran: a mutation that breaks compilation or a name that matches no test is reported
 * as such, never as caught. Exit code 0 only if every selected mutation was caught.
 *
 * Mutation fields: id, check (one line: the check the mutation removes), file (relative to the repo
 * root), find (exact string, must occur once), replace, test { file (relative to token-service),
 * name (a literal part of the test's full name; the script regex-escapes it for vitest -t) }.
 * Optional: `also: [{ file, find, replace }]` for a check that lives in two places at once (the
 * mutation removes both layers: each alone is masked by the other), and `timeoutSeconds`.
 *
 * Usage: node scripts/mutation-check.mjs [--list] [--only id,id,...] [--baseline] [--masked] [--timeout s] [--verbose]
 *   --list      print the mutations (and whether each still applies), run nothing
 *   --only      run only these mutation ids
 *   --baseline  first run each selected test unmutated: it must pass (proves the test is green)
 *   --masked    run the MASKED table instead: single layers of a layered check, each expected to
 *               SURVIVE (the test still passes); documents why those layers have no test of their own
 *   --timeout   seconds per test run (default 240)
 *   --verbose   stream vitest's output instead of writing it to a log file
 *
 * It refuses to run when `git status --porcelain` shows changes in any file it would mutate, so it
 * never overwrites someone's edit (and `git checkout -- <file>` is always a safe recovery). It
 * works from any working copy: paths are relative to this script's own location.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SERVICE = join(ROOT, 'token-service');
const T = 'test/integration';

const MUTATIONS = [
  // ---------------------------------------------------------------- origins and CORS
  {
    id: 'origin-allowlist-mint',
    check: 'sessions are minted only for an Origin on the site allow-list (requireAllowedOrigin)',
    file: 'token-service/src/middleware/site.ts',
    find: "  if (!isOriginAllowed(c.get('site'), origin)) throw new ServiceError('origin_not_allowed');\n  return origin;",
    replace: '  return origin;',
    test: { file: `${T}/origins.test.ts`, name: 'with 403 and no token, no CORS headers' },
  },
  {
    id: 'preflight-strangers',
    check: 'a preflight from an origin not on the list is refused (siteContext, 403, no CORS headers)',
    file: 'token-service/src/middleware/site.ts',
    find: "    if (c.req.method === 'OPTIONS' && !isOriginAllowed(site, origin)) throw new ServiceError('origin_not_allowed');\n",
    replace: '',
    test: { file: `${T}/origins.test.ts`, name: 'refuses https://evil.example' },
  },
  {
    id: 'cors-allowed-origins-only',
    check: 'CORS headers are given only to an allowed origin (siteCors)',
    file: 'token-service/src/middleware/site.ts',
    find: "    if (!isOriginAllowed(c.get('site'), origin)) return next();",
    replace: '    if (origin === undefined) return next();',
    test: { file: `${T}/origins.test.ts`, name: 'with 403 and no token, no CORS headers' },
  },
  {
    id: 'cors-fixed-headers',
    check: 'CORS allows a fixed list of request headers, never reflects the requested ones',
    file: 'token-service/src/middleware/site.ts',
    find: "        'access-control-allow-headers': 'Authorization,Content-Type',",
    replace:
      "        'access-control-allow-headers': c.req.header('access-control-request-headers') ?? 'Authorization,Content-Type',",
    test: { file: `${T}/origins.test.ts`, name: 'answers an allowed origin with exact, fixed CORS headers' },
  },
  {
    id: 'cors-no-wildcard',
    check: 'CORS echoes the exact allowed origin, never `*`',
    file: 'token-service/src/middleware/site.ts',
    find: "    c.header('access-control-allow-origin', origin);",
    replace: "    c.header('access-control-allow-origin', '*');",
    test: { file: `${T}/origins.test.ts`, name: 'answers an allowed origin with exact, fixed CORS headers' },
  },
  {
    id: 'cors-no-credentials',
    check: 'CORS never allows credentials',
    file: 'token-service/src/middleware/site.ts',
    find: "    c.header('access-control-allow-origin', origin);",
    replace: "    c.header('access-control-allow-origin', origin);\n    c.header('access-control-allow-credentials', 'true');",
    test: { file: `${T}/origins.test.ts`, name: 'answers an allowed origin with exact, fixed CORS headers' },
  },
  // ---------------------------------------------------------------- token verification
  {
    id: 'token-alg-pinned',
    check: "token algorithms pinned (jwtVerify `algorithms` and keyFor's alg match; each alone masks the other)",
    file: 'token-service/src/signing/tokens.ts',
    find: '        algorithms: SIGNING_ALGS,\n',
    replace: '',
    also: [
      {
        file: 'token-service/src/signing/tokens.ts',
        find: '    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();',
        replace: '    if (!key) throw new errors.JWKSNoMatchingKey();',
      },
    ],
    test: { file: `${T}/tokens.test.ts`, name: 'refuses a token validly signed under an algorithm we do not issue' },
  },
  {
    id: 'token-issuer',
    check: 'token issuer checked (jwtVerify `issuer`)',
    file: 'token-service/src/signing/tokens.ts',
    find: '        issuer: this.opts.issuer,\n',
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-audience',
    check: 'token audience checked (jwtVerify `audience`)',
    file: 'token-service/src/signing/tokens.ts',
    find: '        audience: TOKEN_AUDIENCE,\n',
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-typ',
    check: 'token `typ` header checked (jwtVerify `typ`)',
    file: 'token-service/src/signing/tokens.ts',
    find: '        typ: TOKEN_TYPE,\n',
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-exp-required',
    check: 'a token without `exp` is refused (requiredClaims `exp` and claimsOf; each alone masks the other)',
    file: 'token-service/src/signing/tokens.ts',
    find: "requiredClaims: ['exp', 'iat',",
    replace: "requiredClaims: ['iat',",
    also: [
      {
        file: 'token-service/src/signing/tokens.ts',
        find: "  if (typeof iat !== 'number' || typeof exp !== 'number') return null;",
        replace: "  if (typeof iat !== 'number') return null;",
      },
    ],
    test: { file: `${T}/tokens.test.ts`, name: 'refuses wrong aud, iss, typ, and missing exp' },
  },
  {
    id: 'token-size-cap',
    check: 'a token over LIMITS.token characters is refused before it is verified',
    file: 'token-service/src/signing/tokens.ts',
    find: 'token.length > LIMITS.token || ',
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses an oversized token even when its signature is genuine' },
  },
  {
    id: 'token-expiry',
    check: 'an expired token is refused on API calls (only a renewal may use it)',
    file: 'token-service/src/signing/tokens.ts',
    find: "        if (!opts.allowExpired) throw new ServiceError('token_expired');\n",
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses an expired token with token_expired' },
  },
  {
    id: 'token-site-binding',
    check: 'a token works only on its own site and tenant (visitorAuth, token_site_mismatch)',
    file: 'token-service/src/middleware/visitor-auth.ts',
    find: '    if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId) {',
    replace: '    if (false) {',
    test: { file: `${T}/tokens.test.ts`, name: "refuses site A's token on site B's routes (another tenant)" },
  },
  {
    id: 'token-site-key-binding',
    check: 'a token works only on its own site, also within one tenant (the site-key half of token_site_mismatch)',
    file: 'token-service/src/middleware/visitor-auth.ts',
    find: '    if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId) {',
    replace: '    if (claims.tenantId !== site.tenantId) {',
    test: { file: `${T}/tokens.test.ts`, name: "refuses site A's token on another site of the same tenant" },
  },
  {
    id: 'token-origin-still-allowed',
    check: "a token's origin must still be on the site's list (an origin removed stops its tokens)",
    file: 'token-service/src/middleware/visitor-auth.ts',
    find: "    if (!isOriginAllowed(site, claims.origin)) throw new ServiceError('origin_not_allowed');\n",
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'stops a token when its origin is removed from the site' },
  },
  {
    id: 'token-origin-header',
    check: "a browser's Origin header must equal the token's origin (no replay from another origin)",
    file: 'token-service/src/middleware/visitor-auth.ts',
    find: "    if (origin !== undefined && origin !== claims.origin) throw new ServiceError('origin_not_allowed');\n",
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'refuses a token replayed from another allowed origin' },
  },
  {
    id: 'resume-same-origin',
    check: 'a renewal (resume) is bound to the origin of the earlier token',
    file: 'token-service/src/routes/sessions.ts',
    find: ' || claims.origin !== origin) {',
    replace: ') {',
    test: { file: `${T}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  {
    id: 'resume-same-site',
    check: 'a renewal (resume) is bound to the site and tenant of the earlier token',
    file: 'token-service/src/routes/sessions.ts',
    find: 'claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId || claims.origin',
    replace: 'claims.origin',
    test: { file: `${T}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  {
    id: 'resume-window',
    check: 'a renewal is refused once the resume window after `exp` has passed',
    file: 'token-service/src/signing/tokens.ts',
    find: '        if (this.opts.clock.now() > claims.expiresAt + this.opts.resumeWindowSeconds * 1000) {',
    replace: '        if (false) {',
    test: { file: `${T}/tokens.test.ts`, name: 'renews an expired token within 30 days, same site and origin only' },
  },
  // ---------------------------------------------------------------- revocation takes effect at once
  {
    id: 'site-suspended',
    check: "a suspended site's routes are refused (siteContext site status)",
    file: 'token-service/src/middleware/site.ts',
    find: "site.status !== 'active' || site.tenantStatus !== 'active'",
    replace: "site.tenantStatus !== 'active'",
    test: { file: `${T}/tokens.test.ts`, name: 'stops tokens and renewals when the site is suspended' },
  },
  {
    id: 'tenant-suspended',
    check: "a suspended tenant's sites are refused (siteContext tenant status)",
    file: 'token-service/src/middleware/site.ts',
    find: "site.status !== 'active' || site.tenantStatus !== 'active'",
    replace: "site.status !== 'active'",
    test: { file: `${T}/tokens.test.ts`, name: 'stops everything for a suspended tenant' },
  },
  {
    id: 'cache-invalidate-site-update',
    check: 'a site change (suspension, origins) invalidates the site cache at once',
    file: 'token-service/src/routes/admin/sites.ts',
    find: "    const updated = await updateSite(deps.db, site.id, patch, deps.clock.now());\n    await deps.invalidate.publish({ kind: 'site', siteKey: site.siteKey });\n",
    replace: '    const updated = await updateSite(deps.db, site.id, patch, deps.clock.now());\n',
    test: { file: `${T}/tokens.test.ts`, name: 'stops tokens and renewals when the site is suspended' },
  },
  {
    id: 'cache-invalidate-key-rotation',
    check: 'a site-key rotation invalidates the site cache at once (old key and its tokens stop)',
    file: 'token-service/src/routes/admin/sites.ts',
    find: "    const updated = await updateSite(deps.db, site.id, { siteKey: newId('siteKey') }, deps.clock.now());\n    await deps.invalidate.publish({ kind: 'site', siteKey: site.siteKey });\n",
    replace: "    const updated = await updateSite(deps.db, site.id, { siteKey: newId('siteKey') }, deps.clock.now());\n",
    test: { file: `${T}/tokens.test.ts`, name: 'rotating the site key stops the old key and its tokens at once' },
  },
  {
    id: 'cache-invalidate-tenant-update',
    check: 'a tenant suspension invalidates its sites in the cache at once',
    file: 'token-service/src/routes/admin/tenants.ts',
    find: "    await deps.invalidate.publish({ kind: 'tenant', tenantId: tenant.id });\n    return c.json(publicTenant(updated!));",
    replace: '    return c.json(publicTenant(updated!));',
    test: { file: `${T}/tokens.test.ts`, name: 'stops everything for a suspended tenant' },
  },
  {
    id: 'cache-invalidate-tenant-delete',
    check: 'a tenant deletion invalidates its sites in the cache at once',
    file: 'token-service/src/routes/admin/tenants.ts',
    find: "    await deps.invalidate.publish({ kind: 'tenant', tenantId: tenant.id });\n    if (query.data.purgeUpstream",
    replace: '    if (query.data.purgeUpstream',
    test: { file: `${T}/tokens.test.ts`, name: 'stops everything at once when the tenant is deleted' },
  },
  // ---------------------------------------------------------------- conversation isolation
  {
    id: 'conversation-owner-visitor-cached',
    check: 'conversation ownership is bound to the visitor, from the ownership cache (createOwnershipCache hit)',
    file: 'token-service/src/store/conversations.ts',
    find: 'hit.siteId === owner.siteId && hit.visitorId === owner.visitorId ? hit : null',
    replace: 'hit.siteId === owner.siteId ? hit : null',
    test: { file: `${T}/isolation.test.ts`, name: "another visitor cannot read, list or continue a visitor's conversation" },
  },
  {
    id: 'conversation-owner-site-cached',
    check: 'conversation ownership is bound to the site, from the ownership cache (createOwnershipCache hit)',
    file: 'token-service/src/store/conversations.ts',
    find: 'hit.siteId === owner.siteId && hit.visitorId === owner.visitorId ? hit : null',
    replace: 'hit.visitorId === owner.visitorId ? hit : null',
    test: { file: `${T}/isolation.test.ts`, name: "a visitor id valid on another site does not open this site's conversation" },
  },
  {
    id: 'conversation-owner-visitor',
    check: 'conversation ownership is bound to the visitor, in the database lookup (visitor_id in getOwnedConversation)',
    file: 'token-service/src/store/conversations.ts',
    find: 'AND site_id = $2 AND visitor_id = $3',
    replace: 'AND site_id = $2 AND $3::text IS NOT NULL',
    test: { file: `${T}/isolation.test.ts`, name: 'ownership holds for a conversation this process has not seen' },
  },
  {
    id: 'conversation-owner-site',
    check: 'conversation ownership is bound to the site, in the database lookup (site_id in getOwnedConversation)',
    file: 'token-service/src/store/conversations.ts',
    find: 'AND site_id = $2 AND visitor_id = $3',
    replace: 'AND $2::text IS NOT NULL AND visitor_id = $3',
    test: { file: `${T}/isolation.test.ts`, name: 'ownership holds for a conversation this process has not seen' },
  },
  {
    id: 'conversation-list-owner',
    check: "a visitor's conversation list is bound to the visitor (listVisitorConversations)",
    file: 'token-service/src/store/conversations.ts',
    find: 'WHERE site_id = $1 AND visitor_id = $2',
    replace: 'WHERE site_id = $1 AND $2::text IS NOT NULL',
    test: { file: `${T}/isolation.test.ts`, name: "another visitor cannot read, list or continue a visitor's conversation" },
  },
  {
    id: 'conversation-id-pattern',
    check: 'a conversation handle must match its id pattern before any lookup (ownedConversation)',
    file: 'token-service/src/routes/conversations.ts',
    find: "  if (!CONVERSATION_ID.test(id)) throw new ServiceError('conversation_not_found');\n",
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'path-like and encoded ids never reach the upstream' },
  },
  {
    id: 'upstream-id-segment',
    check: 'an upstream id must be a plain token before it is put in an upstream URL (client.ts segment())',
    file: 'token-service/src/upstream/client.ts',
    find: "  if (!UpstreamId.safeParse(id).success) throw new UpstreamError('error', null);\n",
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'an upstream id that is not a plain token never reaches an upstream URL' },
  },
  {
    id: 'runas-server-side',
    check: 'the run-as sub-account comes only from server-side config, never from a client header',
    file: 'token-service/src/routes/conversations.ts',
    find: 'deps.upstream.complete(site.upstreamUserId, conversation.upstreamId, text, upstream.signal)',
    replace:
      "deps.upstream.complete(c.req.header('x-runas-user-id') ?? site.upstreamUserId, conversation.upstreamId, text, upstream.signal)",
    test: { file: `${T}/isolation.test.ts`, name: "a client-sent run-as header never selects another tenant's sub-account" },
  },
  // ---------------------------------------------------------------- upstream calls
  {
    id: 'upstream-no-redirect',
    check: 'a redirect from the upstream is never followed: only a 2xx answer counts (client.ts send)',
    file: 'token-service/src/upstream/client.ts',
    find: '    if (res.status >= 200 && res.status < 300) return { res, timer };',
    replace: '    if (res.status >= 200 && res.status < 400) return { res, timer };',
    test: { file: `${T}/upstream-faults.test.ts`, name: 'nothing reaches the host a redirect points to' },
  },
  {
    id: 'upstream-error-text',
    check: "an upstream failure is answered with our own words only, never the upstream's (toServiceError)",
    file: 'token-service/src/upstream/errors.ts',
    find: "      return new ServiceError('upstream_error', { cause: err });",
    replace: "      return new ServiceError('upstream_error', { cause: err, message: err.message });",
    test: { file: `${T}/upstream-faults.test.ts`, name: 'an upstream error answer carries only our own words' },
  },
  {
    id: 'relay-error-event',
    check: 'an in-band upstream error event is mapped to our code, its data is never relayed (relay.ts)',
    file: 'token-service/src/upstream/relay.ts',
    find: "          finish('upstream-error', out.join('') + errorEvent(code));",
    replace: "          finish('upstream-error', out.join('') + sseEvent('error', { ...data, code: data.code ?? code }));",
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'an in-band upstream error event becomes upstream_error, without its text',
    },
  },
  {
    id: 'no-retry-completions',
    check: 'a completion is never retried (an SDK-style retry on 429/5xx would send the message twice)',
    file: 'token-service/src/upstream/client.ts',
    find:
      "    const { res, timer } = await this.send('POST', `/v1/conversation/${segment(conversationId)}/complete`, {\n" +
      '      runAs,\n' +
      '      body: { text },\n' +
      "      accept: 'application/jsonl',\n" +
      '      signal,\n' +
      '    });\n',
    replace:
      '    let sent;\n' +
      '    for (let attempt = 0; ; attempt++) {\n' +
      '      try {\n' +
      "        sent = await this.send('POST', `/v1/conversation/${segment(conversationId)}/complete`, { runAs, body: { text }, accept: 'application/jsonl', signal });\n" +
      '        break;\n' +
      '      } catch (err) {\n' +
      '        if (attempt >= 2 || !(err instanceof UpstreamError) || !(err.status === 429 || (err.status ?? 0) >= 500)) throw err;\n' +
      '      }\n' +
      '    }\n' +
      '    const { res, timer } = sent;\n',
    test: { file: `${T}/resilience.test.ts`, name: 'a completion that fails with 429 or 500 is not retried' },
  },
  {
    id: 'no-retry-writes',
    check: 'only idempotent reads (GET) are retried; a write such as conversation create is sent once',
    file: 'token-service/src/upstream/client.ts',
    find: "          method === 'GET' &&\n",
    replace: '',
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'conversation create failing upstream is a clear error, and nothing is stored',
    },
  },
  {
    id: 'breaker',
    check: 'the circuit breaker fails fast while the upstream is down (client.ts send())',
    file: 'token-service/src/upstream/client.ts',
    find: '    if (breaker && !breaker.allow()) {',
    replace: '    if (false) {',
    test: { file: `${T}/resilience.test.ts`, name: 'opens after 3 failures' },
  },
  {
    id: 'relay-total-timer',
    check: 'the relay total timer cuts off a visitor who never reads, and aborts the upstream',
    file: 'token-service/src/upstream/relay.ts',
    find: "errorEvent('upstream_timeout')), opts.totalTimeoutMs);",
    replace: "errorEvent('upstream_timeout')), 2_147_483_647);",
    test: { file: `${T}/resilience.test.ts`, name: 'a visitor who never reads is cut off at the total time limit' },
  },
  {
    id: 'relay-client-cancel',
    check: 'a visitor who disconnects mid-stream aborts the upstream (relay cancel: abort + reader cancel)',
    file: 'token-service/src/upstream/relay.ts',
    find: "      stopUpstream();\n      opts.onEnd?.('client-closed');",
    replace: "      opts.onEnd?.('client-closed');",
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'a visitor who disconnects mid-stream aborts the upstream request promptly',
    },
  },
  {
    id: 'relay-response-close',
    check: "a visitor who disconnects mid-stream is noticed on Node's response (relayToResponse's close listener)",
    file: 'token-service/src/upstream/relay.ts',
    find: "  res.once('close', () => {\n    if (!res.writableFinished) relay.cancel();\n  });\n",
    replace: '',
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'a visitor who disconnects mid-stream aborts the upstream request promptly',
    },
  },
  {
    id: 'relay-gone-before-start',
    check:
      'a visitor who left before the relay started is noticed at once (no close event will come), freeing the upstream and the stream slot',
    file: 'token-service/src/upstream/relay.ts',
    find: '  if (res.destroyed) return relay.cancel();\n',
    replace: '',
    test: { file: 'src/upstream/relay.test.ts', name: 'cancels at once when the visitor left before the relay started' },
  },
  {
    id: 'client-abort-before-headers',
    check: 'a visitor who goes away before the upstream answered aborts the upstream request (conversations.ts)',
    file: 'token-service/src/routes/conversations.ts',
    find: '      const unwatch = abortIfClientGoes(c, upstream);\n',
    replace: '      const unwatch = () => {};\n',
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'a visitor who goes away before the upstream answered aborts the upstream request',
    },
  },
  // ---------------------------------------------------------------- request bodies
  {
    id: 'strict-message-schema',
    check: 'unknown fields in a message body are rejected (SendMessageRequest is a strictObject)',
    file: 'packages-shared/protocol/src/conversation.ts',
    find: 'export const SendMessageRequest = z.strictObject(',
    replace: 'export const SendMessageRequest = z.object(',
    test: { file: `${T}/isolation.test.ts`, name: 'field in a message' },
  },
  {
    id: 'strict-conversation-schema',
    check: 'unknown fields in a conversation-create body are rejected (CreateConversationRequest strictObject)',
    file: 'packages-shared/protocol/src/conversation.ts',
    find: 'export const CreateConversationRequest = z.strictObject({});',
    replace: 'export const CreateConversationRequest = z.object({});',
    test: { file: `${T}/isolation.test.ts`, name: 'rejects __proto__ and fields on conversation create' },
  },
  {
    id: 'strict-session-schema',
    check: 'unknown fields in a session request are rejected (SessionRequest strictObject)',
    file: 'packages-shared/protocol/src/session.ts',
    find: 'export const SessionRequest = z.strictObject({',
    replace: 'export const SessionRequest = z.object({',
    test: { file: `${T}/origins.test.ts`, name: 'refuses unknown fields in the session request' },
  },
  {
    id: 'text-control-chars',
    check: 'message text with control characters is rejected (plainText)',
    file: 'packages-shared/protocol/src/text.ts',
    find: "    .refine((v) => !control.test(v), { message: 'must not contain control characters' })\n",
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'rejects control characters, empty and over-long text' },
  },
  {
    id: 'text-max-length',
    check: 'message text over LIMITS.messageText characters is rejected (plainText max)',
    file: 'packages-shared/protocol/src/text.ts',
    find: '    .max(max, { message: `must be at most ${max} characters` })\n',
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'rejects control characters, empty and over-long text' },
  },
  {
    id: 'body-size-streamed',
    check: 'a body is refused with 413 as soon as the bytes read pass the limit (readCappedText, chunked bodies)',
    file: 'token-service/src/lib/read-capped.ts',
    find: '    if (size > max) {',
    replace: '    if (false) {',
    test: { file: `${T}/isolation.test.ts`, name: 'refuses oversized, mislabelled and malformed bodies with stable codes' },
  },
  {
    id: 'body-size-declared',
    check: 'a declared Content-Length over the limit is refused with 413 before any byte is read (readJson)',
    file: 'token-service/src/lib/json-body.ts',
    find: "    if (Number(length) > max) throw new ServiceError('payload_too_large');\n",
    replace: '',
    test: { file: `${T}/hardening.test.ts`, name: 'a declared Content-Length over the limit is refused at once' },
  },
  {
    id: 'content-type',
    check: 'a body that is not application/json is refused with 415 (readJson)',
    file: 'token-service/src/lib/json-body.ts',
    find: "    if (type !== 'application/json') throw new ServiceError('unsupported_media_type');\n",
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'refuses oversized, mislabelled and malformed bodies with stable codes' },
  },
  // ---------------------------------------------------------------- admin
  {
    id: 'admin-token',
    check: 'the admin API requires the admin token (constant-time digest comparison)',
    file: 'token-service/src/middleware/admin-auth.ts',
    find: '    if (!expected || !match || !timingSafeEqual(digest(match[1]!), expected)) {',
    replace: '    if (!expected || !match) {',
    test: { file: `${T}/admin.test.ts`, name: 'admin auth (middleware/admin-auth.ts)' },
  },
  // ---------------------------------------------------------------- rate limits and stream caps
  {
    id: 'limit-requests-per-ip',
    check: 'requests per IP are limited on every browser-facing route (requestsPerIp)',
    file: 'token-service/src/app.ts',
    find: '    limit([deps.limits.requestsPerIp, byIp]),\n',
    replace: '',
    test: { file: `${T}/limits.test.ts`, name: 'counts by socket address and ignores X-Forwarded-For without TRUST_PROXY' },
  },
  {
    id: 'limit-sessions-per-ip',
    check: 'sessions per IP are limited (sessionsPerIp)',
    file: 'token-service/src/routes/sessions.ts',
    find: 'limit([deps.limits.sessionsPerIp, byIp], [deps.limits.sessionsPerSite, bySite])',
    replace: 'limit([deps.limits.sessionsPerSite, bySite])',
    test: { file: `${T}/limits.test.ts`, name: 'refuses a flood of sessions from one address, across sites' },
  },
  {
    id: 'limit-sessions-per-site',
    check: 'sessions per site are limited (sessionsPerSite)',
    file: 'token-service/src/routes/sessions.ts',
    find: 'limit([deps.limits.sessionsPerIp, byIp], [deps.limits.sessionsPerSite, bySite])',
    replace: 'limit([deps.limits.sessionsPerIp, byIp])',
    test: { file: `${T}/limits.test.ts`, name: 'refuses the 4th session in a window' },
  },
  {
    id: 'limit-messages-per-visitor',
    check: 'messages per visitor are limited (messagesPerVisitor)',
    file: 'token-service/src/routes/conversations.ts',
    find: 'limit([deps.limits.messagesPerVisitor, byVisitor]), ',
    replace: '',
    test: { file: `${T}/limits.test.ts`, name: 'limits messages per visitor, not per site' },
  },
  {
    id: 'limit-conversations-per-visitor',
    check: 'new conversations per visitor are limited (conversationsPerVisitor)',
    file: 'token-service/src/routes/conversations.ts',
    find: 'limit([deps.limits.conversationsPerVisitor, byVisitor]), ',
    replace: '',
    test: { file: `${T}/limits.test.ts`, name: 'limits new conversations per visitor' },
  },
  {
    id: 'stream-cap-visitor',
    check: 'concurrent streams per visitor are capped (MAX_STREAMS_PER_VISITOR)',
    file: 'token-service/src/limits/index.ts',
    find: '          await perVisitor.take(visitorKey);\n',
    replace: '',
    test: { file: `${T}/limits.test.ts`, name: 'one stream per visitor at a time' },
  },
  {
    id: 'stream-cap-process',
    check: 'concurrent streams per process are capped (MAX_STREAMS_PER_PROCESS)',
    file: 'token-service/src/limits/index.ts',
    find: '        if (open >= l.streamsPerProcess) {',
    replace: '        if (false) {',
    test: { file: `${T}/limits.test.ts`, name: 'at most MAX_STREAMS_PER_PROCESS streams in the process' },
  },
  {
    id: 'xff-only-with-trust-proxy',
    check: 'X-Forwarded-For is read only when the peer is a TRUST_PROXY address',
    file: 'token-service/src/lib/client-ip.ts',
    find: '    if (!isTrusted(peer)) return peer;\n',
    replace: '',
    test: { file: `${T}/limits.test.ts`, name: 'counts by socket address and ignores X-Forwarded-For without TRUST_PROXY' },
  },
  {
    id: 'xff-rightmost-untrusted',
    check: 'behind a proxy, the client is the rightmost untrusted X-Forwarded-For hop (no forged left hop)',
    file: 'token-service/src/lib/client-ip.ts',
    find: '      if (!isTrusted(hop)) return hop;',
    replace: '      if (!isTrusted(hop)) return forwarded[0]!;',
    test: { file: `${T}/limits.test.ts`, name: 'with TRUST_PROXY, the first untrusted X-Forwarded-For hop is the client' },
  },
];

/**
 * Layers that no black-box test can catch on their own: removing one leaves another check that
 * refuses the same requests (or, for the constant-time comparison, no observable difference).
 * `--masked` runs these and expects each test to still PASS, which documents the redundancy
 * repeatably; the MUTATIONS above remove every layer of such a check at once and must be caught.
 */
const MASKED = [
  {
    id: 'masked-alg-jose-only',
    check: "only jwtVerify `algorithms` removed: keyFor's alg comparison still refuses",
    file: 'token-service/src/signing/tokens.ts',
    find: '        algorithms: SIGNING_ALGS,\n',
    replace: '',
    test: { file: `${T}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-alg-keyfor-only',
    check: "only keyFor's alg comparison removed: jwtVerify `algorithms` still refuses",
    file: 'token-service/src/signing/tokens.ts',
    find: '    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();',
    replace: '    if (!key) throw new errors.JWKSNoMatchingKey();',
    test: { file: `${T}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-exp-required-only',
    check: "only 'exp' removed from requiredClaims: claimsOf still refuses a token without exp",
    file: 'token-service/src/signing/tokens.ts',
    find: "requiredClaims: ['exp', 'iat',",
    replace: "requiredClaims: ['iat',",
    test: { file: `${T}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-exp-claimsof-only',
    check: "only claimsOf's exp check removed: requiredClaims still refuses a token without exp",
    file: 'token-service/src/signing/tokens.ts',
    find: "  if (typeof iat !== 'number' || typeof exp !== 'number') return null;",
    replace: "  if (typeof iat !== 'number') return null;",
    test: { file: `${T}/tokens.test.ts`, name: 'token checks' },
  },
  {
    id: 'masked-site-binding-tenant-half',
    check: 'only the tenant half of token_site_mismatch removed: site keys are unique across tenants',
    file: 'token-service/src/middleware/visitor-auth.ts',
    find: '    if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId) {',
    replace: '    if (claims.siteKey !== site.siteKey) {',
    test: { file: `${T}/tokens.test.ts`, name: ' ' },
  },
  {
    id: 'masked-relay-abort-only',
    check: 'relay stop without upstream.abort(): the reader cancel alone closes the upstream here',
    file: 'token-service/src/upstream/relay.ts',
    find: '    upstream.abort();\n    reader.cancel().catch(() => {});',
    replace: '    reader.cancel().catch(() => {});',
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'a visitor who disconnects mid-stream aborts the upstream request promptly',
    },
  },
  {
    id: 'masked-relay-reader-only',
    check:
      'relay stop without reader.cancel(): the abort alone closes the upstream here (nodejs/node#55428 is GC-timing dependent)',
    file: 'token-service/src/upstream/relay.ts',
    find: '    upstream.abort();\n    reader.cancel().catch(() => {});',
    replace: '    upstream.abort();',
    test: {
      file: `${T}/upstream-faults.test.ts`,
      name: 'a visitor who disconnects mid-stream aborts the upstream request promptly',
    },
  },
  {
    id: 'masked-admin-plain-compare',
    check: 'admin token compared with !== instead of timingSafeEqual: same answers, timing is not tested',
    file: 'token-service/src/middleware/admin-auth.ts',
    find: '    if (!expected || !match || !timingSafeEqual(digest(match[1]!), expected)) {',
    replace: '    if (!expected || !match || match[1] !== adminToken) {',
    test: { file: `${T}/admin.test.ts`, name: 'admin auth (middleware/admin-auth.ts)' },
  },
  {
    id: 'masked-app-body-limit',
    check: 'bodyLimit(PUBLIC_BODY_LIMIT) removed from the site routes: readJson defaults to the same 32 KB',
    file: 'token-service/src/app.ts',
    find: '    bodyLimit(PUBLIC_BODY_LIMIT),\n',
    replace: '',
    test: { file: `${T}/isolation.test.ts`, name: 'refuses oversized, mislabelled and malformed bodies with stable codes' },
  },
  {
    id: 'masked-failureof-safe-code',
    check: 'failureOf keeps any upstream `code`: it never leaves the process (toServiceError drops it)',
    file: 'token-service/src/upstream/client.ts',
    find: "if (typeof parsed.code === 'string' && SAFE_CODE.test(parsed.code)) code = parsed.code;",
    replace: "if (typeof parsed.code === 'string') code = parsed.code;",
    test: { file: `${T}/upstream-faults.test.ts`, name: 'faults before the stream starts' },
  },
];

// ------------------------------------------------------------------------------------------ cli

function parseArgs(argv) {
  const opts = { list: false, only: null, baseline: false, masked: false, timeout: 240, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') opts.list = true;
    else if (a === '--baseline') opts.baseline = true;
    else if (a === '--masked') opts.masked = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) usage('--only needs a list of ids');
      opts.only = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
      if (!(v > 0)) usage('--timeout needs a number of seconds');
      opts.timeout = v;
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  return opts;
}

function usage(error) {
  if (error) console.error(`mutation-check: ${error}`);
  console.error(
    'usage: node scripts/mutation-check.mjs [--list] [--only id,id,...] [--baseline] [--masked] [--timeout s] [--verbose]',
  );
  process.exit(error ? 2 : 0);
}

const edits = (m) => [{ file: m.file, find: m.find, replace: m.replace }, ...(m.also ?? [])];

const count = (text, find) => {
  let n = 0;
  for (let i = text.indexOf(find); i !== -1; i = text.indexOf(find, i + 1)) n++;
  return n;
};

/** Why a mutation no longer applies, or null when every `find` occurs exactly once. */
function staleness(m) {
  for (const e of edits(m)) {
    let text;
    try {
      text = readFileSync(join(ROOT, e.file), 'utf8');
    } catch {
      return `${e.file} not found`;
    }
    const n = count(text, e.find);
    if (n !== 1) return `find occurs ${n} times in ${e.file}`;
  }
  return null;
}

const gitHead = () =>
  spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'no git';

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ------------------------------------------------------------------------------------------ files

/** Original contents of every file currently mutated, by absolute path. */
const originals = new Map();

function restoreAll() {
  for (const [path, text] of originals) {
    writeFileSync(path, text);
    originals.delete(path);
  }
}

function apply(m) {
  // Group by file: two edits of one file apply to the same text.
  for (const e of edits(m)) {
    const path = join(ROOT, e.file);
    if (!originals.has(path)) originals.set(path, readFileSync(path, 'utf8'));
    const current = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      current.replace(e.find, () => e.replace),
    );
  }
}

function restore() {
  const paths = [...originals.keys()];
  restoreAll();
  for (const path of paths) {
    // Paranoia: the file must be byte-identical to git's version again.
    const r = spawnSync('git', ['diff', '--quiet', '--', path], { cwd: ROOT });
    if (r.status !== 0) throw new Error(`could not restore ${relative(ROOT, path)}: run git checkout -- ${relative(ROOT, path)}`);
  }
}

// ------------------------------------------------------------------------------------------ running

let child = null;

function killChild() {
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // its own process group: vitest and its workers
    } catch {
      // already gone
    }
  }
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    killChild();
    restoreAll();
    console.error(`\nmutation-check: ${signal}: stopped, every file restored`);
    process.exit(code);
  });
}
process.on('exit', () => {
  killChild();
  restoreAll();
});

/** Run one test; resolves { exitCode, timedOut, ran, failedNames, loadError, log }. */
function runTest(test, opts, workDir, label) {
  const out = join(workDir, `${label}.json`);
  const log = join(workDir, `${label}.log`);
  const args = [
    'exec',
    'vitest',
    'run',
    test.file,
    '-t',
    escapeRegex(test.name),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ];
  return new Promise((done) => {
    const chunks = [];
    child = spawn('pnpm', args, {
      cwd: SERVICE,
      detached: true,
      stdio: ['ignore', opts.verbose ? 'inherit' : 'pipe', opts.verbose ? 'inherit' : 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', CI: '1' },
    });
    if (!opts.verbose) {
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killChild();
    }, opts.timeout * 1000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      child = null;
      if (!opts.verbose) writeFileSync(log, Buffer.concat(chunks));
      let report = null;
      try {
        report = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        // no report: vitest did not get that far
      }
      const ran = report ? report.numPassedTests + report.numFailedTests : 0;
      const failedNames = [];
      let loadError = null;
      for (const file of report?.testResults ?? []) {
        for (const a of file.assertionResults ?? []) if (a.status === 'failed') failedNames.push(a.fullName ?? a.title);
        if (file.status === 'failed' && (file.assertionResults ?? []).length === 0)
          loadError = (file.message || 'test file failed').split('\n')[0];
        else if (file.status === 'failed' && file.message) loadError = `hook: ${file.message.split('\n')[0]}`;
      }
      done({
        exitCode: exitCode ?? 1,
        timedOut,
        ran,
        failedNames,
        loadError,
        log: opts.verbose ? null : log,
        hasReport: report !== null,
      });
    });
  });
}

/** Classify a mutated run: caught only if tests ran and the run failed. */
function verdict(r) {
  if (r.timedOut) return { caught: false, label: 'TIMEOUT' };
  if (!r.hasReport) return { caught: false, label: 'ERROR (no report)' };
  if (r.ran === 0) return { caught: false, label: r.loadError ? 'BROKEN (file failed to load)' : 'NO TEST MATCHED' };
  if (r.exitCode === 0) return { caught: false, label: 'NO' };
  if (r.failedNames.length > 0) return { caught: true, label: 'yes' };
  return { caught: true, label: 'yes (hook)' };
}

/** --masked: the layer is masked when the covering test still passes without it. */
function maskedVerdict(r) {
  const v = verdict(r);
  if (v.label === 'NO') return { caught: true, label: 'masked' };
  if (v.caught) return { caught: false, label: 'CAUGHT (no longer masked: move it to MUTATIONS)' };
  return v;
}

function table(rows, opts) {
  const head = ['id', 'check', opts.masked ? 'masked?' : 'caught?', 'seconds'];
  const body = rows.map((r) => [r.id, r.check, r.label, r.seconds]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pool = opts.masked ? MASKED : MUTATIONS;
  const ids = new Set(pool.map((m) => m.id));
  if (ids.size !== pool.length) throw new Error('duplicate mutation id');
  if (opts.only)
    for (const id of opts.only)
      if (!ids.has(id)) usage(`unknown mutation id ${id} (see --list${opts.masked ? ' --masked' : ''})`);
  const selected = opts.only ? pool.filter((m) => opts.only.includes(m.id)) : pool;

  if (opts.list) {
    for (const m of selected) {
      const stale = staleness(m);
      console.log(
        `${m.id}${stale ? `  [STALE: ${stale}]` : ''}\n  check: ${m.check}\n  edits: ${edits(m)
          .map((e) => e.file)
          .join(', ')}\n  test:  ${m.test.file} -t "${m.test.name}"`,
      );
    }
    return 0;
  }

  // Never clobber someone's edit: every file we mutate must be unchanged in git.
  const files = [...new Set(selected.flatMap((m) => edits(m).map((e) => e.file)))];
  const status = spawnSync('git', ['status', '--porcelain', '--', ...files], { cwd: ROOT, encoding: 'utf8' });
  if (status.status !== 0) {
    console.error(`mutation-check: git status failed, refusing to run:\n${status.stderr}`);
    return 2;
  }
  if (status.stdout.trim() !== '') {
    console.error(
      `mutation-check: refusing to run: these files have uncommitted changes and would be mutated:\n${status.stdout}`,
    );
    return 2;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'mutation-check-'));
  const started = Date.now();
  console.log(`mutation-check: ${selected.length} ${opts.masked ? 'masked layer(s)' : 'mutation(s)'} in ${ROOT} (${gitHead()})`);
  console.log(`  (if this is ever killed hard, \`git checkout -- <file>\` restores a mutated file; logs in ${workDir})`);

  if (opts.baseline) {
    const tests = [...new Map(selected.map((m) => [`${m.test.file}\0${m.test.name}`, m.test])).values()];
    let bad = 0;
    for (const [i, t] of tests.entries()) {
      const r = await runTest(t, opts, workDir, `baseline-${i}`);
      const ok = r.exitCode === 0 && r.ran > 0 && !r.timedOut;
      if (!ok) bad++;
      console.log(
        `  baseline ${ok ? 'green' : 'NOT GREEN'}: ${t.file} -t "${t.name}" (${r.ran} test(s))${ok ? '' : `  log: ${r.log}`}`,
      );
    }
    if (bad > 0) {
      console.error(`mutation-check: ${bad} covering test(s) fail without any mutation: fix them first`);
      return 1;
    }
  }

  const rows = [];
  for (const [i, m] of selected.entries()) {
    const t0 = Date.now();
    const stale = staleness(m);
    let row;
    if (stale) {
      row = { id: m.id, check: m.check, label: 'STALE MUTATION', caught: false, note: stale };
    } else {
      let r;
      try {
        apply(m);
        r = await runTest(m.test, { ...opts, timeout: m.timeoutSeconds ?? opts.timeout }, workDir, m.id);
      } finally {
        restore();
      }
      const v = opts.masked ? maskedVerdict(r) : verdict(r);
      row = {
        id: m.id,
        check: m.check,
        ...v,
        note: v.caught ? r.failedNames.slice(0, 2).join('; ') || r.loadError : `log: ${r.log}`,
      };
    }
    row.seconds = ((Date.now() - t0) / 1000).toFixed(1);
    rows.push(row);
    console.log(`[${i + 1}/${selected.length}] ${m.id}: ${row.label} (${row.seconds} s)${row.note ? `  ${row.note}` : ''}`);
  }

  const total = (Date.now() - started) / 1000;
  const caught = rows.filter((r) => r.caught).length;
  console.log(`\n${table(rows, opts)}\n`);
  console.log(
    `${caught}/${rows.length} ${opts.masked ? 'layers masked as documented' : 'mutations caught'}; total ${Math.floor(total / 60)} min ${Math.round(total % 60)} s; ${new Date().toISOString()}`,
  );
  if (caught === rows.length) rmSync(workDir, { recursive: true, force: true });
  else console.log(`logs kept in ${workDir}`);
  return caught === rows.length ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    restoreAll();
    console.error(`mutation-check: ${err?.stack ?? err}`);
    process.exitCode = 2;
  },
);
